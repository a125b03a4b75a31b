package org.sitewatch.classifier.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Precision at fixed recall levels: for each level, the highest threshold at which flagging every
 * item scoring at least that threshold finds at least that share of the adult items, and the
 * precision there. Items with the same score are flagged together, so the recall reached may be
 * above the level asked. The threshold says what {@code classifier.page-threshold} would have to be
 * for that recall on this data.
 *
 * @param positives adult items
 * @param negatives benign items
 * @param points one per level asked, in the order asked
 */
public record PrecisionAtRecall(int positives, int negatives, List<Point> points) {
  public PrecisionAtRecall {
    points = List.copyOf(points);
  }

  /**
   * One recall level.
   *
   * @param level the recall asked, in (0, 1]
   * @param threshold the highest threshold reaching it; {@code null} when there is no adult item
   * @param recall the recall at that threshold
   * @param precision the precision at that threshold
   * @param tp adult items at or above the threshold
   * @param fp benign items at or above the threshold
   */
  public record Point(
      double level, Double threshold, Double recall, Double precision, int tp, int fp) {}

  /** Computes the points of {@code levels} over {@code items}. */
  public static PrecisionAtRecall of(List<ScoredItems.Scored> items, List<Double> levels) {
    Objects.requireNonNull(items, "items");
    List<ScoredItems.Cut> cuts = ScoredItems.cuts(items);
    int positives = (int) items.stream().filter(ScoredItems.Scored::adult).count();
    int negatives = items.size() - positives;
    List<Point> points = new ArrayList<>();
    for (double level : levels) {
      if (!(level > 0 && level <= 1)) {
        throw new IllegalArgumentException("recall level must be in (0, 1]: " + level);
      }
      points.add(point(cuts, positives, level));
    }
    return new PrecisionAtRecall(positives, negatives, points);
  }

  private static Point point(List<ScoredItems.Cut> cuts, int positives, double level) {
    if (positives == 0) {
      return new Point(level, null, null, null, 0, 0);
    }
    for (ScoredItems.Cut cut : cuts) {
      int tp = cut.tp();
      int fp = cut.fp();
      // a small tolerance: 0.9 * 10 is not always 9 in floating point
      if (tp >= level * positives - 1e-9) {
        return new Point(
            level, cut.threshold(), (double) tp / positives, (double) tp / (tp + fp), tp, fp);
      }
    }
    throw new IllegalStateException("recall 1 is always reached at the lowest score");
  }

  /** One line per level. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "precision at fixed recall (%d adult, %d benign; borderline left out):%n",
            positives,
            negatives));
    out.append(
        String.format(
            Locale.ROOT,
            "%8s %10s %8s %9s %6s %6s%n",
            "recall>=",
            "threshold",
            "recall",
            "precision",
            "TP",
            "FP"));
    for (Point p : points) {
      out.append(
          String.format(
              Locale.ROOT,
              "%8.2f %10s %8s %9s %6d %6d%n",
              p.level(),
              ScoredItems.fmt(p.threshold()),
              ScoredItems.fmt(p.recall()),
              ScoredItems.fmt(p.precision()),
              p.tp(),
              p.fp()));
    }
    return out.toString();
  }
}
