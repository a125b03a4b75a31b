package org.sitewatch.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {

  /** allowedByDefault: with allowPrivateAddresses=false; allowedWhenPrivateAllowed: with true. */
  @ParameterizedTest(name = "{0}: default {1}, private allowed {2}")
  @CsvSource({
    "93.184.216.34,        true,  true",
    "8.8.8.8,              true,  true",
    "2606:4700::1111,      true,  true",
    "127.0.0.1,            false, true",
    "127.8.9.10,           false, true",
    "::1,                  false, true",
    "0.0.0.0,              false, true",
    "0.1.2.3,              false, true",
    "::,                   false, true",
    "10.1.2.3,             false, true",
    "172.16.0.1,           false, true",
    "172.31.255.254,       false, true",
    "172.32.0.1,           true,  true",
    "192.168.1.1,          false, true",
    "169.254.169.254,      false, true",
    "fe80::1,              false, true",
    "fc00::1,              false, true",
    "fd12:3456::1,         false, true",
    "100.64.0.1,           false, true",
    "100.127.255.255,      false, true",
    "100.128.0.1,          true,  true",
    "::ffff:127.0.0.1,     false, true",
    "::ffff:10.0.0.1,      false, true",
    "64:ff9b::a00:1,       false, true",
    "2002:c0a8:101::1,     false, true",
    "224.0.0.1,            false, false",
    "ff02::1,              false, false",
    "255.255.255.255,      false, false",
    "240.0.0.1,            false, false",
  })
  void decidesByAddressCategory(String ip, boolean allowedByDefault, boolean allowedWhenPrivate)
      throws Exception {
    InetAddress address = IpLiterals.parse(ip).orElseThrow();
    assertThat(new AddressPolicy(false).refusal(ip, address).isEmpty())
        .as("allowed by default")
        .isEqualTo(allowedByDefault);
    assertThat(new AddressPolicy(true).refusal(ip, address).isEmpty())
        .as("allowed when private addresses are allowed")
        .isEqualTo(allowedWhenPrivate);
  }

  @Test
  void refusesLoopbackWithReasonAndHowToAllowIt() {
    InetAddress loopback = IpLiterals.parse("127.0.0.1").orElseThrow();
    assertThat(new AddressPolicy(false).refusal("127.0.0.1", loopback))
        .hasValue(
            "refused: 127.0.0.1 is a loopback address; set crawler.allow-private-addresses"
                + " (--allow-loopback) to allow it");
    assertThat(new AddressPolicy(false).refusal("shop.test", loopback).orElseThrow())
        .startsWith("refused: shop.test resolves to 127.0.0.1, a loopback address");
  }
}
