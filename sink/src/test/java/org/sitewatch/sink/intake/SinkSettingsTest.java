package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SinkSettingsTest {
  @Test
  void defaultsUseTheSinkGroupAndHalfASecondPoll() {
    assertThat(SinkSettings.defaults())
        .isEqualTo(new SinkSettings("sitewatch-sink", Duration.ofMillis(500)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void refusesBlankGroupId(String groupId) {
    assertThatThrownBy(() -> new SinkSettings(groupId, Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("groupId");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, 60_001})
  void refusesPollTimeoutOutsideOneMillisecondToOneMinute(long millis) {
    assertThatThrownBy(() -> new SinkSettings("g", Duration.ofMillis(millis)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pollTimeout");
  }

  @Test
  void refusesMissingValues() {
    assertThatThrownBy(() -> new SinkSettings(null, Duration.ofMillis(1)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new SinkSettings("g", null)).isInstanceOf(NullPointerException.class);
  }
}
