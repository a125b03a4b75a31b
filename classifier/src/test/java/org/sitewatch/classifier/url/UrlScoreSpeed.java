package org.sitewatch.classifier.url;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sitewatch.classifier.ClassifierSettings;

/**
 * Prints the address scoring speed of the built-in rules and URL model: items per second of thread
 * CPU time for {@link UrlClassifier#score} (the crawler's link path) and {@link
 * UrlClassifier#classify} (with its explanation), over the items of a TSV (first column, header
 * skipped), after a warm-up. A benchmark that prints figures, not a test. Usage: {@code
 * UrlScoreSpeed TSV [ROUNDS]}; docs/detection.md ("Addresses") gives the command and figures.
 */
public final class UrlScoreSpeed {
  private UrlScoreSpeed() {}

  public static void main(String[] args) throws Exception {
    List<String> items = new ArrayList<>();
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      items.add(line.split("\t", 2)[0]);
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    UrlClassifier scorer = UrlClassifier.load(ClassifierSettings.defaults());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double sink = 0;
    for (int w = 0; w < 3; w++) {
      for (String item : items) {
        sink += scorer.score(item) + scorer.classify(item).score();
      }
    }
    for (int r = 0; r < rounds; r++) {
      long t0 = threads.getCurrentThreadCpuTime();
      for (String item : items) {
        sink += scorer.score(item);
      }
      long t1 = threads.getCurrentThreadCpuTime();
      for (String item : items) {
        sink += scorer.classify(item).score();
      }
      long t2 = threads.getCurrentThreadCpuTime();
      System.out.printf(
          Locale.ROOT,
          "round %d: score %.0f items/s, classify %.0f items/s (thread CPU, %d items, model %s)%n",
          r + 1,
          items.size() / ((t1 - t0) / 1e9),
          items.size() / ((t2 - t1) / 1e9),
          items.size(),
          scorer.modelVersion().orElse("none"));
    }
    if (sink == 42) {
      System.out.println();
    }
  }
}
