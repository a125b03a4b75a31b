package org.sitewatch.classifier.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.events.SignalHit;

/** Reads test fixtures from the class path and scores them with the default classifier. */
public final class Fixtures {
  /** Built once: loading the lexicons takes most of a second. */
  private static final class Default {
    static final PageClassifier CLASSIFIER = PageClassifier.load(ClassifierSettings.defaults());
  }

  private Fixtures() {}

  public static PageClassifier classifier() {
    return Default.CLASSIFIER;
  }

  /** Scores fixture {@code pages/<name>} as https://site.test/name. */
  public static PageScore classifyFixture(String name) {
    return classifier()
        .classify(new PageInput("https://site.test/" + name, page(name), "text/html", Map.of()));
  }

  public static PageScore classifyHtml(String html) {
    return classifier().classify(new PageInput("https://site.test/p", html, "text/html", Map.of()));
  }

  /** The score and its signals, for assertion messages. */
  public static String explain(PageScore score) {
    return score.score()
        + " "
        + score.signals().stream()
            .map(s -> s.id() + "=" + s.weight() + "x" + s.count())
            .collect(Collectors.joining(", "));
  }

  public static SignalHit signal(PageScore score, String id) {
    return score.signals().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no signal " + id + " in " + explain(score)));
  }

  public static boolean fires(PageScore score, String id) {
    return score.signals().stream().anyMatch(s -> s.id().equals(id));
  }

  public static String page(String name) {
    String resource = "pages/" + name;
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
