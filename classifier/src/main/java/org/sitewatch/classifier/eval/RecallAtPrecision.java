package org.sitewatch.classifier.eval;

import java.util.List;
import java.util.Objects;

/**
 * The highest recall a threshold reaches while precision stays at or above a target: the lowest
 * threshold at which flagging every item scoring at least that threshold keeps precision at the
 * target. Items with the same score are flagged together. The threshold says what {@code
 * classifier.url-threshold} would have to be for that precision on this data.
 *
 * @param target the precision asked, in (0, 1]
 * @param positives adult items
 * @param negatives benign items
 * @param threshold the threshold reaching it; {@code null} when none does (or no adult item)
 * @param recall the recall there ({@code null} without adult items; 0 when no threshold reaches the
 *     target)
 * @param precision the precision there; {@code null} when no threshold reaches the target
 * @param tp adult items at or above the threshold
 * @param fp benign items at or above the threshold
 */
public record RecallAtPrecision(
    double target,
    int positives,
    int negatives,
    Double threshold,
    Double recall,
    Double precision,
    int tp,
    int fp) {
  public RecallAtPrecision {
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target precision must be in (0, 1]: " + target);
    }
  }

  /** Computes it over {@code items}. */
  public static RecallAtPrecision of(List<ScoredItems.Scored> items, double target) {
    Objects.requireNonNull(items, "items");
    if (!(target > 0 && target <= 1)) {
      throw new IllegalArgumentException("target precision must be in (0, 1]: " + target);
    }
    int positives = (int) items.stream().filter(ScoredItems.Scored::adult).count();
    int negatives = items.size() - positives;
    if (positives == 0 || negatives == 0) {
      return new RecallAtPrecision(target, positives, negatives, null, null, null, 0, 0);
    }
    Double bestThreshold = null;
    int bestTp = 0;
    int bestFp = 0;
    for (ScoredItems.Cut cut : ScoredItems.cuts(items)) {
      int tp = cut.tp();
      // a small tolerance: 0.99 * 100 is not always 99 in floating point
      if (tp > bestTp && tp >= target * (tp + cut.fp()) - 1e-9) {
        bestThreshold = cut.threshold();
        bestTp = tp;
        bestFp = cut.fp();
      }
    }
    if (bestThreshold == null) {
      return new RecallAtPrecision(target, positives, negatives, null, 0.0, null, 0, 0);
    }
    return new RecallAtPrecision(
        target,
        positives,
        negatives,
        bestThreshold,
        (double) bestTp / positives,
        (double) bestTp / (bestTp + bestFp),
        bestTp,
        bestFp);
  }
}
