package org.sitewatch.web.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.sink.MutableClock;

class LoginThrottleTest {
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T08:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock, 3, WINDOW, 100);

  @Test
  void anAddressIsRefusedAfterItsFailuresUntilItsWindowCloses() {
    Instant opened = clock.instant();
    throttle.failed("10.0.0.1");
    clock.advance(Duration.ofMinutes(4));
    throttle.failed("10.0.0.1");
    assertThat(throttle.refusedUntil("10.0.0.1")).isEmpty();
    throttle.failed("10.0.0.1");

    assertThat(throttle.refusedUntil("10.0.0.1")).contains(opened.plus(WINDOW));
    assertThat(throttle.refusedUntil("10.0.0.2")).isEmpty();
    clock.advance(Duration.ofMinutes(6).minusSeconds(1));
    assertThat(throttle.refusedUntil("10.0.0.1")).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.refusedUntil("10.0.0.1")).isEmpty();
  }

  @Test
  void failuresOfAClosedWindowDoNotCountInTheNextOne() {
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");
    clock.advance(WINDOW);
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");
    assertThat(throttle.refusedUntil("10.0.0.1")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "203.0.113.7, 203.0.113.7",
    "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 2001:db8:1:2::/64",
    "2001:db8:1:2::1, 2001:db8:1:2::/64",
    "[2001:db8:1:2::9], 2001:db8:1:2::/64",
    "fe80::1%eth0, fe80:0:0:0::/64",
    "::ffff:203.0.113.7, 203.0.113.7",
    "not:an:address:zz, not:an:address:zz",
  })
  void anIpv6ClientIsCountedByItsSlash64(String address, String key) {
    assertThat(LoginThrottle.client(address)).isEqualTo(key);
  }

  @Test
  void memoryIsBoundedAndClosedWindowsGoFirst() {
    LoginThrottle small = new LoginThrottle(clock, 2, WINDOW, 3);
    small.failed("a");
    small.failed("a");
    clock.advance(WINDOW);
    small.failed("b");
    small.failed("b");
    small.failed("c");
    small.failed("d");
    assertThat(small.tracked()).isEqualTo(3);
    assertThat(small.refusedUntil("b")).isPresent();
    small.failed("e");
    assertThat(small.tracked()).isEqualTo(3);
  }
}
