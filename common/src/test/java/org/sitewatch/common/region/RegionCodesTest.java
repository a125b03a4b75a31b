package org.sitewatch.common.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegionCodesTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "11010", "1101055", "11010a", "１１０１０５", " 110105"})
  void refusesAnythingButSixAsciiDigits(String code) {
    assertThat(RegionCodes.valid(code)).isFalse();
    assertThatThrownBy(() -> RegionCodes.require(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("six digits");
  }

  @Test
  void fallsBackFromCountyToCityToProvince() {
    assertThat(RegionCodes.valid(null)).isFalse();
    assertThat(RegionCodes.require("110105")).isEqualTo("110105");
    assertThat(RegionCodes.city("110105")).isEqualTo("110100");
    assertThat(RegionCodes.province("110105")).isEqualTo("110000");
    assertThat(RegionCodes.fallback("110105")).containsExactly("110105", "110100", "110000");
    assertThat(RegionCodes.fallback("110100")).containsExactly("110100", "110000");
    assertThat(RegionCodes.fallback("110000")).containsExactly("110000");
  }
}
