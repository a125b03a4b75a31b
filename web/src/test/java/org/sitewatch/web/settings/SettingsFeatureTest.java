package org.sitewatch.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsFeatureTest {
  @ParameterizedTest
  @CsvSource({
    "Asia/Shanghai, true",
    "Europe/Berlin, true",
    "UTC, true",
    "asia/shanghai, false",
    "+08:00, false",
    "Mars/Olympus, false",
    "'', false"
  })
  void aTimeZoneIsAnIanaIdJavaKnows(String zone, boolean valid) {
    assertThat(SettingsFeature.validZone(zone)).isEqualTo(valid);
  }
}
