package org.sitewatch.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.common.net.SpecialAddresses.Category;

/** The categories; what the crawler does with each is crawler.net.AddressPolicyTest's. */
class SpecialAddressesTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "127.0.0.1,              LOOPBACK,        false",
    "::1,                    LOOPBACK,        false",
    "10.1.2.3,               PRIVATE,         false",
    "172.31.0.1,             PRIVATE,         false",
    "192.168.0.1,            PRIVATE,         false",
    "fd12::1,                UNIQUE_LOCAL,    false",
    "0.0.0.0,                ANY_LOCAL,       true",
    "0.1.2.3,                THIS_NETWORK,    true",
    "169.254.1.1,            LINK_LOCAL,      true",
    "169.254.169.254,        CLOUD_METADATA,  true",
    "fd00:ec2::254,          CLOUD_METADATA,  true",
    "100.64.0.1,             CGNAT,           true",
    "192.0.2.1,              DOCUMENTATION,   true",
    "198.18.0.1,             BENCHMARKING,    true",
    "224.0.0.1,              MULTICAST,       true",
    "255.255.255.255,        RESERVED,        true",
    "::ffff:127.0.0.1,       LOOPBACK,        false",
    "64:ff9b::a00:1,         PRIVATE,         false",
    "2002:a9fe:a9fe::1,      CLOUD_METADATA,  true",
    "2001::1,                TEREDO,          true",
  })
  void classifiesEachSpecialRange(String ip, Category category, boolean alwaysRefused) {
    InetAddress a = IpLiterals.parse(ip).orElseThrow();
    assertThat(SpecialAddresses.classify(a)).hasValue(category);
    assertThat(category.alwaysRefused()).isEqualTo(alwaysRefused);
    assertThat(SpecialAddresses.isPublic(a)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"93.184.216.34", "8.8.8.8", "2606:4700::1111", "::8.8.8.8", "64:ff9b::5db8:d822"})
  void publicUnicastAddressesHaveNoCategory(String ip) {
    assertThat(SpecialAddresses.isPublic(IpLiterals.parse(ip).orElseThrow())).isTrue();
  }
}
