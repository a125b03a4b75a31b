package org.sitewatch.classifier.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A reliability table: scores cut into equal-width bins over [0, 1] (the last bin includes 1), and
 * per bin how many items fell in it, their mean score and the share of them that is adult. A
 * calibrated scorer has an observed share close to the mean score in every bin, so that a threshold
 * of 0.5 means "at least even odds" on data like this. Its summary is the expected calibration
 * error: the mean of {@code |mean score - observed share|} over the bins, weighted by their counts.
 * Borderline items are not in it.
 *
 * @param bins the bins, lowest first, empty ones included
 * @param count items in the table
 * @param expectedCalibrationError the weighted mean gap; {@code null} without items
 */
public record Calibration(List<Bin> bins, int count, Double expectedCalibrationError) {
  public Calibration {
    bins = List.copyOf(bins);
  }

  /**
   * One score bin.
   *
   * @param lower lowest score in it
   * @param upper highest score: exclusive, except 1 for the last bin
   * @param count items in it
   * @param adult adult items in it
   * @param meanScore mean score of its items; {@code null} when empty
   * @param observedAdult {@code adult / count}; {@code null} when empty
   */
  public record Bin(
      double lower, double upper, int count, int adult, Double meanScore, Double observedAdult) {}

  /** The table of {@code items} in {@code binCount} bins (1 to 100). */
  public static Calibration of(List<ScoredItems.Scored> items, int binCount) {
    Objects.requireNonNull(items, "items");
    if (binCount < 1 || binCount > 100) {
      throw new IllegalArgumentException("bins must be in [1, 100]: " + binCount);
    }
    int[] count = new int[binCount];
    int[] adult = new int[binCount];
    double[] sum = new double[binCount];
    for (ScoredItems.Scored s : items) {
      int b = Math.min(binCount - 1, (int) Math.floor(s.score() * binCount));
      count[b]++;
      sum[b] += s.score();
      if (s.adult()) {
        adult[b]++;
      }
    }
    List<Bin> bins = new ArrayList<>();
    double gap = 0;
    for (int b = 0; b < binCount; b++) {
      Double mean = count[b] == 0 ? null : sum[b] / count[b];
      Double observed = count[b] == 0 ? null : (double) adult[b] / count[b];
      if (count[b] > 0) {
        gap += count[b] * Math.abs(mean - observed);
      }
      bins.add(
          new Bin(
              (double) b / binCount,
              (double) (b + 1) / binCount,
              count[b],
              adult[b],
              mean,
              observed));
    }
    return new Calibration(bins, items.size(), items.isEmpty() ? null : gap / items.size());
  }

  /** The table, one line per bin. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "calibration (%d items, borderline left out; expected calibration error %s):%n",
            count,
            ScoredItems.fmt(expectedCalibrationError)));
    out.append(
        String.format(
            Locale.ROOT,
            "%-11s %6s %6s %10s %9s%n",
            "score",
            "n",
            "adult",
            "mean score",
            "observed"));
    for (Bin b : bins) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-11s %6d %6d %10s %9s%n",
              String.format(
                  Locale.ROOT, "%.2f-%.2f%s", b.lower(), b.upper(), b.upper() >= 1 ? "]" : ")"),
              b.count(),
              b.adult(),
              ScoredItems.fmt(b.meanScore()),
              ScoredItems.fmt(b.observedAdult())));
    }
    return out.toString();
  }
}
