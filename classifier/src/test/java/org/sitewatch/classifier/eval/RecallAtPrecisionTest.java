package org.sitewatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecallAtPrecisionTest {
  /**
   * Ten adult and ten benign items, by score (a = adult, b = benign):
   *
   * <pre>
   * 0.95a 0.90a 0.85a 0.80b 0.75a 0.70a 0.65a 0.60a 0.55b 0.50a
   * 0.45b 0.40a 0.35b 0.30a 0.30b 0.20b 0.15b 0.10b 0.05b 0.02b
   * </pre>
   */
  private static List<ScoredItems.Scored> items() {
    ScoredItems s = new ScoredItems();
    for (double a : new double[] {0.95, 0.90, 0.85, 0.75, 0.70, 0.65, 0.60, 0.50, 0.40, 0.30}) {
      s.add(a, true);
    }
    for (double b : new double[] {0.80, 0.55, 0.45, 0.35, 0.30, 0.20, 0.15, 0.10, 0.05, 0.02}) {
      s.add(b, false);
    }
    return s.items();
  }

  @Test
  void givesTheLowestThresholdKeepingPrecisionAtTheTarget() {
    // no false positive allowed: the three adults above the first benign item
    RecallAtPrecision strict = RecallAtPrecision.of(items(), 0.99);
    assertThat(strict.threshold()).isEqualTo(0.85);
    assertThat(strict.recall()).isEqualTo(0.3);
    assertThat(strict.precision()).isEqualTo(1.0);
    assertThat(strict.tp()).isEqualTo(3);
    assertThat(strict.fp()).isZero();
    assertThat(strict.positives()).isEqualTo(10);
    assertThat(strict.negatives()).isEqualTo(10);

    // 0.75 is reached again lower down, at 0.40 (9 of 12), after falling below it
    RecallAtPrecision loose = RecallAtPrecision.of(items(), 0.75);
    assertThat(loose.threshold()).isEqualTo(0.40);
    assertThat(loose.recall()).isEqualTo(0.9);
    assertThat(loose.precision()).isEqualTo(0.75);
    assertThat(loose.tp()).isEqualTo(9);
    assertThat(loose.fp()).isEqualTo(3);
  }

  @Test
  void itemsWithTheSameScoreAreFlaggedTogether() {
    ScoredItems s = new ScoredItems();
    s.add(0.9, true);
    s.add(0.9, false);
    s.add(0.5, true);

    RecallAtPrecision r = RecallAtPrecision.of(s.items(), 0.99);

    assertThat(r.threshold()).isNull();
    assertThat(r.recall()).isEqualTo(0.0);
    assertThat(r.precision()).isNull();
    assertThat(r.tp()).isZero();
  }

  @Test
  void withoutAdultItemsThereIsNoRecall() {
    ScoredItems s = new ScoredItems();
    s.add(0.2, false);

    RecallAtPrecision r = RecallAtPrecision.of(s.items(), 0.99);

    assertThat(r.recall()).isNull();
    assertThat(r.threshold()).isNull();
    assertThat(r.negatives()).isEqualTo(1);
  }

  @Test
  void withoutBenignItemsThereIsNoFigure() {
    ScoredItems s = new ScoredItems();
    s.add(0.9, true);
    s.add(0.1, true);

    RecallAtPrecision r = RecallAtPrecision.of(s.items(), 0.99);

    // any threshold has precision 1 here: recall 1 would say nothing about the classifier
    assertThat(r.recall()).isNull();
    assertThat(r.threshold()).isNull();
    assertThat(r.positives()).isEqualTo(2);
  }

  @Test
  void aTargetOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> RecallAtPrecision.of(items(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
