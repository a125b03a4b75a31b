package org.sitewatch.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1,              127.0.0.1",
    "0.0.0.0,                0.0.0.0",
    "255.255.255.255,        255.255.255.255",
    "::1,                    0:0:0:0:0:0:0:1",
    "'[::1]',                0:0:0:0:0:0:0:1",
    "2001:DB8::A,            2001:db8:0:0:0:0:0:a",
    "::127.0.0.1,            0:0:0:0:0:0:7f00:1",
    "64:ff9b::a9fe:101,      64:ff9b:0:0:0:0:a9fe:101",
    "::ffff:10.1.2.3,        10.1.2.3",
  })
  void parsesLiterals(String text, String address) {
    assertThat(IpLiterals.parse(text))
        .hasValueSatisfying(a -> assertThat(a.getHostAddress()).isEqualTo(address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "127.1",
        "0x7f.0.0.1",
        "010.0.0.1",
        "256.0.0.1",
        "1.2.3",
        "1.2.3.4.5",
        " 1.2.3.4",
        "1.2.3.4 ",
        "::1%eth0",
        "1:2",
        "gggg::1",
        "[1.2.3.4",
        "",
        "12345::",
        ":::",
        "1.2.3.-4",
        "[]"
      })
  void refusesWhatIsNotAStrictLiteral(String text) {
    assertThat(IpLiterals.parse(text)).isEmpty();
    assertThat(IpLiterals.bytes(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1:2", "abc:def", "fe80::1::2"})
  void neverResolvesAnIpv6LookingName(String text) {
    // in brackets, InetAddress refuses instead of asking the resolver
    assertThat(IpLiterals.parse(text)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void givesFourOrSixteenBytes() {
    assertThat(IpLiterals.bytes("192.0.2.10"))
        .hasValueSatisfying(b -> assertThat(b).containsExactly(192, 0, 2, 10));
    assertThat(IpLiterals.bytes("2001:db8::1")).hasValueSatisfying(b -> assertThat(b).hasSize(16));
    assertThat(IpLiterals.parse("192.0.2.10")).containsInstanceOf(Inet4Address.class);
    assertThat(IpLiterals.parse("2001:db8::1")).containsInstanceOf(Inet6Address.class);
    assertThat(IpLiterals.parse(null)).isEmpty();
  }
}
