package org.sitewatch.classifier.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;

/**
 * Writes the full classification result of a fixed set of pages, one line each, so that a speed
 * change can be checked to leave detection byte-for-byte unchanged: run it before and after and
 * compare the two files with {@code cmp}.
 *
 * <p>Pages: the generated benchmark pages of {@link ClassifierBench} built from the HTML folder,
 * then every {@code .html} file under each further folder (sorted by path, read as UTF-8). The page
 * time budget is one hour so that a loaded machine cannot change a result.
 *
 * <p>Usage: {@code ClassifyDump OUT HTML_DIR [--pages N] [EXTRA_DIR ...]}
 */
public final class ClassifyDump {
  private ClassifyDump() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ClassifyDump OUT HTML_DIR [--pages N] [DIR ...]");
    }
    Path out = Path.of(args[0]);
    Path htmlDir = Path.of(args[1]);
    int count = 200;
    List<Path> extra = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("--pages")) {
        count = Integer.parseInt(args[++i]);
      } else {
        extra.add(Path.of(args[i]));
      }
    }
    PageClassifier classifier =
        PageClassifier.load(ClassifierSettings.defaults().withPageTimeBudget(Duration.ofHours(1)));
    List<String> generated = ClassifierBench.buildPages(ClassifierBench.readHtml(htmlDir), count);
    int written = 0;
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      for (int i = 0; i < generated.size(); i++) {
        w.println(dump(classifier, "https://bench.test/" + i, generated.get(i)));
        written++;
      }
      for (Path dir : extra) {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
          files = s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        for (Path f : files) {
          String html = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
          String url = "https://dump.test/" + dir.relativize(f).toString().replace('\\', '/');
          w.println(dump(classifier, url, html));
          written++;
        }
      }
    }
    System.out.printf("%d pages classified, results in %s%n", written, out);
  }

  private static String dump(PageClassifier classifier, String url, String html) {
    return text(classifier.classify(new PageInput(url, html, "text/html", Map.of())));
  }

  /** A record's text with every map's entries sorted by key (map iteration order varies by run). */
  static String text(Object value) {
    if (value instanceof Record r) {
      StringBuilder b = new StringBuilder(r.getClass().getSimpleName()).append('[');
      RecordComponent[] parts = r.getClass().getRecordComponents();
      for (int i = 0; i < parts.length; i++) {
        try {
          b.append(i == 0 ? "" : ", ").append(parts[i].getName()).append('=');
          b.append(text(parts[i].getAccessor().invoke(r)));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return b.append(']').toString();
    }
    if (value instanceof Map<?, ?> m) {
      TreeMap<String, String> sorted = new TreeMap<>();
      m.forEach((k, v) -> sorted.put(String.valueOf(k), text(v)));
      return sorted.toString();
    }
    if (value instanceof Collection<?> c) {
      return c.stream().map(ClassifyDump::text).toList().toString();
    }
    return String.valueOf(value);
  }
}
