package org.sitewatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrecisionAtRecallTest {
  /**
   * Ten adult and ten benign items, by score (a = adult, b = benign):
   *
   * <pre>
   * 0.95a 0.90a 0.85a 0.80b 0.75a 0.70a 0.65a 0.60a 0.55b 0.50a
   * 0.45b 0.40a 0.35b 0.30a 0.30b 0.20b 0.15b 0.10b 0.05b 0.02b
   * </pre>
   */
  private static ScoredItems items() {
    ScoredItems s = new ScoredItems();
    double[] adult = {0.95, 0.90, 0.85, 0.75, 0.70, 0.65, 0.60, 0.50, 0.40, 0.30};
    double[] benign = {0.80, 0.55, 0.45, 0.35, 0.30, 0.20, 0.15, 0.10, 0.05, 0.02};
    for (double a : adult) {
      s.add(a, true);
    }
    for (double b : benign) {
      s.add(b, false);
    }
    return s;
  }

  @Test
  void eachLevelGivesTheHighestThresholdReachingItAndThePrecisionThere() {
    PrecisionAtRecall p = items().precisionAtRecall();

    assertThat(p.positives()).isEqualTo(10);
    assertThat(p.negatives()).isEqualTo(10);
    // 0.8 -> 8 adult: the 8th adult is 0.50; above or at 0.50: benign 0.80, 0.55 -> 8/10
    PrecisionAtRecall.Point at80 = p.points().get(0);
    assertThat(at80.threshold()).isEqualTo(0.50);
    assertThat(at80.tp()).isEqualTo(8);
    assertThat(at80.fp()).isEqualTo(2);
    assertThat(at80.precision()).isCloseTo(0.8, within(1e-12));
    // 0.9 -> 9 adult: the 9th is 0.40; benign at or above: 0.80 0.55 0.45 -> 9/12
    PrecisionAtRecall.Point at90 = p.points().get(1);
    assertThat(at90.threshold()).isEqualTo(0.40);
    assertThat(at90.precision()).isCloseTo(0.75, within(1e-12));
    assertThat(at90.recall()).isCloseTo(0.9, within(1e-12));
    // 0.95 -> 10 adult: the 10th is 0.30 where a benign item ties; benign at or above: 0.80 0.55
    // 0.45 0.35 0.30 -> 10/15
    PrecisionAtRecall.Point at95 = p.points().get(2);
    assertThat(at95.threshold()).isEqualTo(0.30);
    assertThat(at95.tp()).isEqualTo(10);
    assertThat(at95.fp()).isEqualTo(5);
    assertThat(at95.recall()).isEqualTo(1.0);
    assertThat(at95.precision()).isCloseTo(10 / 15.0, within(1e-12));
  }

  @Test
  void withoutAdultItemsThereIsNoThreshold() {
    ScoredItems s = new ScoredItems();
    s.add(0.3, false);
    PrecisionAtRecall.Point point = s.precisionAtRecall().points().get(0);
    assertThat(point.threshold()).isNull();
    assertThat(point.precision()).isNull();
  }

  @Test
  void borderlineItemsAreLeftOut() {
    ScoredItems s = new ScoredItems();
    s.scored("adult", 0.9);
    s.scored("borderline", 0.95);
    s.scored("benign", 0.1);
    assertThat(s.items()).hasSize(2);
    assertThat(s.precisionAtRecall().points())
        .extracting(PrecisionAtRecall.Point::precision)
        .containsOnly(1.0);
    assertThat(PrecisionAtRecall.of(s.items(), List.of(0.5)).points()).hasSize(1);
  }
}
