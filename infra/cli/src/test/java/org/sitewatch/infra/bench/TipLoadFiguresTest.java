package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TipLoadFiguresTest {
  @ParameterizedTest
  @CsvSource({"50, 50", "95, 95", "99, 99", "100, 100", "1, 1", "0.5, 1"})
  void aPercentileIsTheNearestRankOverTheValuesInAnyOrder(double p, double expected) {
    List<Double> values = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      values.add((double) i);
    }
    assertThat(TipLoadFigures.percentile(values, p)).isEqualTo(expected);
  }

  @Test
  void aPercentileOfNothingIsMinusOne() {
    assertThat(TipLoadFigures.percentile(List.of(), 95)).isEqualTo(-1);
  }

  @Test
  void eachSimulatedClientHasItsOwnPublicLookingAddress() {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 70_000; i++) {
      addresses.add(TipLoadBenchmark.address(i));
    }
    assertThat(addresses).doesNotHaveDuplicates().allMatch(a -> a.matches("11(\\.\\d{1,3}){3}"));
    assertThat(addresses.get(0)).isEqualTo("11.0.0.1");
    assertThat(addresses.get(256)).isEqualTo("11.0.1.1");
  }
}
