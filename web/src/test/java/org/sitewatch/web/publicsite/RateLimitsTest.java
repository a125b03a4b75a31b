package org.sitewatch.web.publicsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.MutableClock;

class RateLimitsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
  private final RateLimits limits =
      new RateLimits(
          clock,
          new TipSiteSettings(
              3,
              Duration.ofMinutes(10),
              5,
              Duration.ofMinutes(1),
              0,
              Duration.ofMinutes(30),
              4096,
              Duration.ofDays(1),
              false,
              Optional.empty()));

  @Test
  void aClientGetsItsLimitPerWindowAndIsToldHowLongToWait() {
    for (int i = 0; i < 3; i++) {
      assertThat(limits.attempt(List.of("a"))).isEmpty();
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(limits.attempt(List.of("a"))).hasValue(Duration.ofMinutes(7));
    assertThat(limits.attempt(List.of("b"))).isEmpty();
    clock.advance(Duration.ofMinutes(7));
    assertThat(limits.attempt(List.of("a"))).isEmpty(); // the first attempt left the window
  }

  @Test
  void refusedAttemptsDoNotCount() {
    for (int i = 0; i < 3; i++) {
      limits.attempt(List.of("a"));
    }
    clock.advance(Duration.ofMinutes(5));
    for (int i = 0; i < 10; i++) {
      assertThat(limits.attempt(List.of("a"))).isPresent();
    }
    clock.advance(Duration.ofMinutes(5));
    assertThat(limits.attempt(List.of("a"))).isEmpty();
  }

  @Test
  void theGlobalLimitHoldsForEveryoneAndForgetsRefusedClients() {
    for (int i = 0; i < 5; i++) {
      assertThat(limits.attempt(List.of("client-" + i))).isEmpty();
    }
    assertThat(limits.attempt(List.of("new"))).hasValue(Duration.ofMinutes(1));
    assertThat(limits.clients()).isEqualTo(5);
    clock.advance(Duration.ofMinutes(1));
    assertThat(limits.attempt(List.of("new"))).isEmpty();
  }

  @Test
  void attemptsUnderThePreviousKeyStillCountAfterARotation() {
    for (int i = 0; i < 3; i++) {
      limits.attempt(List.of("old-hash"));
    }
    assertThat(limits.attempt(List.of("new-hash", "old-hash"))).isPresent();
    assertThat(limits.attempt(List.of("new-hash"))).isEmpty();
  }

  @Test
  void clientsAreForgottenOnceTheirWindowHasPassed() {
    for (int i = 0; i < 5; i++) {
      limits.attempt(List.of("client-" + i));
    }
    clock.advance(Duration.ofMinutes(11));
    limits.attempt(List.of("later"));
    assertThat(limits.clients()).isEqualTo(1);
  }

  @Test
  void receiptLookUpsHaveTheirOwnLimitOf30PerClientPer10Minutes() {
    RateLimits status = RateLimits.forStatus(clock);
    for (int i = 0; i < 30; i++) {
      assertThat(status.attempt(List.of("a"))).isEmpty();
    }
    assertThat(status.attempt(List.of("a"))).hasValue(Duration.ofMinutes(10));
    assertThat(status.attempt(List.of("b"))).isEmpty();
    assertThat(limits.attempt(List.of("a"))).isEmpty(); // the report limits count apart
    clock.advance(Duration.ofMinutes(10));
    assertThat(status.attempt(List.of("a"))).isEmpty();
  }
}
