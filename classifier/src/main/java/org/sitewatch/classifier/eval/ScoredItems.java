package org.sitewatch.classifier.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The scores of an evaluation's adult and benign items (borderline items are left out: they have no
 * right answer), collected while {@link Evaluation} reads them, for the figures that need the
 * scores and not only the flags: {@link PrecisionAtRecall} and {@link Calibration}. Not
 * thread-safe; one per evaluation.
 */
public final class ScoredItems implements Evaluation.ScoreListener {
  /** The recall levels {@code sitewatch eval} reports precision at. */
  public static final List<Double> RECALL_LEVELS = List.of(0.8, 0.9, 0.95);

  /** Bins of the reliability table of {@code sitewatch eval --calibration}. */
  public static final int CALIBRATION_BINS = 10;

  private final List<Scored> items = new ArrayList<>();

  /**
   * One scored item.
   *
   * @param score its score in [0, 1]
   * @param adult whether it is labelled adult (else benign)
   */
  public record Scored(double score, boolean adult) {
    public Scored {
      if (!(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException("score must be in [0, 1]: " + score);
      }
    }
  }

  @Override
  public void scored(String label, double score) {
    Objects.requireNonNull(label, "label");
    switch (label) {
      case Evaluation.ADULT -> items.add(new Scored(score, true));
      case Evaluation.BENIGN -> items.add(new Scored(score, false));
      default -> {
        // borderline: no right answer, left out of the score figures
      }
    }
  }

  /** Adds an item directly (tests, other sources of scores). */
  public void add(double score, boolean adult) {
    items.add(new Scored(score, adult));
  }

  /** The items collected, in order. */
  public List<Scored> items() {
    return List.copyOf(items);
  }

  /**
   * Flagging every item scoring at least {@code threshold}: {@code tp} adult and {@code fp} benign
   * items are flagged.
   */
  record Cut(double threshold, int tp, int fp) {}

  /**
   * Every cut of {@code items}, from the highest score to the lowest: one per distinct score, since
   * items with the same score are flagged together.
   */
  static List<Cut> cuts(List<Scored> items) {
    List<Scored> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparingDouble(Scored::score).reversed());
    List<Cut> cuts = new ArrayList<>();
    int tp = 0;
    int fp = 0;
    int i = 0;
    while (i < sorted.size()) {
      double t = sorted.get(i).score();
      while (i < sorted.size() && sorted.get(i).score() == t) {
        if (sorted.get(i).adult()) {
          tp++;
        } else {
          fp++;
        }
        i++;
      }
      cuts.add(new Cut(t, tp, fp));
    }
    return cuts;
  }

  /** Precision at {@link #RECALL_LEVELS}. */
  public PrecisionAtRecall precisionAtRecall() {
    return PrecisionAtRecall.of(items, RECALL_LEVELS);
  }

  /** The reliability table in {@link #CALIBRATION_BINS} bins. */
  public Calibration calibration() {
    return Calibration.of(items, CALIBRATION_BINS);
  }

  static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
