package org.sitewatch.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// from sink BackoffTest
class BackoffTest {
  @Test
  void delaysDoubleUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(700));

    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      delays.add(backoff.failed().toMillis());
    }

    assertThat(delays).containsExactly(100L, 200L, 400L, 700L, 700L, 700L);
  }

  @Test
  void staysAtTheCapAfterVeryManyFailures() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    Duration last = Duration.ZERO;
    for (int i = 0; i < 10_000; i++) {
      last = backoff.failed();
    }

    assertThat(last).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void successStartsOverAndReportsTheFailuresItEnded() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    backoff.failed();
    backoff.failed();

    assertThat(backoff.succeeded()).isEqualTo(2);
    assertThat(backoff.failed()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void logsOnlyOnPowersOfTwoSoALongOutageStaysQuiet() {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(1));

    List<Integer> logged = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      backoff.failed();
      if (backoff.worthLogging()) {
        logged.add(backoff.failures());
      }
    }

    assertThat(logged).containsExactly(1, 2, 4, 8, 16, 32, 64);
  }

  @Test
  void refusesACapBelowTheInitialDelay() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
