package org.sitewatch.web.publicsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.MutableClock;

class ClientKeysTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
  private final ClientKeys keys = new ClientKeys(clock, Duration.ofDays(1), new SecureRandom());

  @Test
  void anAddressHasOneHashPerPeriodThatDoesNotShowIt() {
    String h = keys.hash("203.0.113.7");
    assertThat(h).matches("[0-9a-f]{32}").doesNotContain("203");
    assertThat(keys.hash("203.0.113.7")).isEqualTo(h);
    assertThat(keys.hash("203.0.113.8")).isNotEqualTo(h);
  }

  @Test
  void theKeyRotatesAndThePreviousOneIsKeptForOnePeriod() {
    String first = keys.hash("203.0.113.7");
    clock.advance(Duration.ofDays(1));
    var both = keys.hashes("203.0.113.7");
    assertThat(both).hasSize(2);
    assertThat(both.get(0)).isNotEqualTo(first);
    assertThat(both.get(1)).isEqualTo(first);
    clock.advance(Duration.ofDays(1));
    assertThat(keys.hashes("203.0.113.7")).hasSize(2).doesNotContain(first);
    clock.advance(Duration.ofDays(3));
    assertThat(keys.hashes("203.0.113.7")).hasSize(1);
  }

  @Test
  void anotherProcessHashesDifferently() {
    ClientKeys other = new ClientKeys(clock, Duration.ofDays(1), new SecureRandom());
    assertThat(other.hash("203.0.113.7")).isNotEqualTo(keys.hash("203.0.113.7"));
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    String h = keys.hash("2001:db8:1:2::1");
    assertThat(keys.hash("2001:db8:1:2:ffff:ee:dd:5")).isEqualTo(h);
    assertThat(keys.hash("2001:0DB8:0001:0002:0000:0000:0000:0009")).isEqualTo(h);
    assertThat(keys.hash("[2001:db8:1:2::7]")).isEqualTo(h);
    assertThat(keys.hash("2001:db8:1:3::1")).isNotEqualTo(h);
    assertThat(ClientKeys.clientKey("2001:db8:1:2:ffff::5")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
  }

  @Test
  void anIpv4MappedAddressIsItsIpv4AddressAndIpv4IsKeptWhole() {
    assertThat(keys.hash("::ffff:203.0.113.7")).isEqualTo(keys.hash("203.0.113.7"));
    assertThat(keys.hash("203.0.113.8")).isNotEqualTo(keys.hash("203.0.113.7"));
    assertThat(ClientKeys.clientKey("not:an:address")).isEqualTo("not:an:address");
    assertThat(ClientKeys.clientKey("unknown")).isEqualTo("unknown");
  }
}
