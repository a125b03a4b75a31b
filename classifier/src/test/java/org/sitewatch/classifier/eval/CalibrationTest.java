package org.sitewatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibrationTest {
  @Test
  void eachBinCountsItsItemsTheirMeanScoreAndTheObservedShareOfAdult() {
    ScoredItems s = new ScoredItems();
    // bin 0.0-0.1: 0.02 benign, 0.08 benign
    s.add(0.02, false);
    s.add(0.08, false);
    // bin 0.1-0.2: 0.10 adult (the lower edge belongs to the bin), 0.14 benign
    s.add(0.10, true);
    s.add(0.14, false);
    // bin 0.9-1.0]: 0.90 adult, 1.0 adult (the last bin includes 1), 0.98 benign
    s.add(0.90, true);
    s.add(1.0, true);
    s.add(0.98, false);

    Calibration c = s.calibration();

    assertThat(c.bins()).hasSize(10);
    assertThat(c.count()).isEqualTo(7);
    Calibration.Bin b0 = c.bins().get(0);
    assertThat(b0.count()).isEqualTo(2);
    assertThat(b0.adult()).isZero();
    assertThat(b0.meanScore()).isCloseTo(0.05, within(1e-12));
    assertThat(b0.observedAdult()).isEqualTo(0.0);
    Calibration.Bin b1 = c.bins().get(1);
    assertThat(b1.count()).isEqualTo(2);
    assertThat(b1.adult()).isEqualTo(1);
    assertThat(b1.meanScore()).isCloseTo(0.12, within(1e-12));
    assertThat(b1.observedAdult()).isEqualTo(0.5);
    Calibration.Bin b5 = c.bins().get(5);
    assertThat(b5.count()).isZero();
    assertThat(b5.meanScore()).isNull();
    assertThat(b5.observedAdult()).isNull();
    Calibration.Bin b9 = c.bins().get(9);
    assertThat(b9.lower()).isEqualTo(0.9);
    assertThat(b9.upper()).isEqualTo(1.0);
    assertThat(b9.count()).isEqualTo(3);
    assertThat(b9.adult()).isEqualTo(2);
    assertThat(b9.meanScore()).isCloseTo((0.90 + 1.0 + 0.98) / 3, within(1e-12));
    // |0.05-0| * 2 + |0.12-0.5| * 2 + |0.96-0.6667| * 3 = 0.1 + 0.76 + 0.88 = 1.74, over 7
    assertThat(c.expectedCalibrationError()).isCloseTo(1.74 / 7, within(1e-9));
  }

  @Test
  void theTextTableHasOneLinePerBin() {
    ScoredItems s = new ScoredItems();
    s.add(0.55, true);
    String text = s.calibration().toText();
    assertThat(text).contains("0.50-0.60)       1      1     0.5500    1.0000");
    assertThat(text).contains("0.90-1.00]");
    assertThat(text.lines().count()).isEqualTo(12);
  }
}
