package org.sitewatch.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.common.net.IpLiterals;
import org.sitewatch.common.net.SpecialAddresses.Category;

class AddressPolicyTest {

  /** allowedByDefault: with allowPrivateAddresses=false; allowedWhenPrivateAllowed: with true. */
  @ParameterizedTest(name = "{0}: default {1}, private allowed {2}")
  @CsvSource({
    "93.184.216.34,                        true,  true",
    "8.8.8.8,                              true,  true",
    "2606:4700::1111,                      true,  true",
    "172.32.0.1,                           true,  true",
    "100.128.0.1,                          true,  true",
    "198.20.0.1,                           true,  true",
    "192.0.1.1,                            true,  true",
    "127.0.0.1,                            false, true",
    "127.8.9.10,                           false, true",
    "::1,                                  false, true",
    "10.1.2.3,                             false, true",
    "172.16.0.1,                           false, true",
    "172.31.255.254,                       false, true",
    "192.168.1.1,                          false, true",
    "fc00::1,                              false, true",
    "fd12:3456::1,                         false, true",
    "fec0::1,                              false, true",
    "::ffff:127.0.0.1,                     false, true",
    "::ffff:10.0.0.1,                      false, true",
    "::127.0.0.1,                          false, true",
    "::10.0.0.1,                           false, true",
    "::8.8.8.8,                            true,  true",
    "64:ff9b::7f00:1,                      false, true",
    "64:ff9b::a00:1,                       false, true",
    "64:ff9b::5db8:d822,                   true,  true",
    "64:ff9b:1::a00:1,                     false, true",
    "64:ff9b:1::5db8:d822,                 true,  true",
    "2002:7f00:1::1,                       false, true",
    "2002:c0a8:101::1,                     false, true",
    "2002:5db8:d822::1,                    true,  true",
    "0.0.0.0,                              false, false",
    "0.1.2.3,                              false, false",
    "::,                                   false, false",
    "::0.0.0.5,                            false, false",
    "169.254.169.254,                      false, false",
    "fe80::1,                              false, false",
    "::ffff:169.254.169.254,               false, false",
    "100.64.0.1,                           false, false",
    "100.127.255.255,                      false, false",
    "192.0.0.8,                            false, false",
    "192.0.2.10,                           false, false",
    "198.51.100.7,                         false, false",
    "203.0.113.9,                          false, false",
    "198.18.0.1,                           false, false",
    "198.19.255.254,                       false, false",
    "192.88.99.1,                          false, false",
    "2001:db8::1,                          false, false",
    "3fff::1,                              false, false",
    "224.0.0.1,                            false, false",
    "239.255.255.250,                      false, false",
    "ff02::1,                              false, false",
    "240.0.0.1,                            false, false",
    "255.255.255.255,                      false, false",
    "64:ff9b::c000:20a,                    false, false",
    "64:ff9b::f000:1,                      false, false",
    "64:ff9b:1:abcd::1,                    false, false",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2, false, false",
    "2002:c000:20a::1,                     false, false",
    "100::1,                               false, false",
    "100::ffff:1,                          false, false",
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

  @Test
  void refusesSpecialPurposeRangesEvenWhenPrivateAddressesAreAllowed() {
    InetAddress testNet = IpLiterals.parse("192.0.2.10").orElseThrow();
    assertThat(new AddressPolicy(true).refusal("intranet.test", testNet))
        .hasValue(
            "refused: intranet.test resolves to 192.0.2.10, a documentation (TEST-NET) address,"
                + " never a crawl target");
    InetAddress metadata = IpLiterals.parse("169.254.169.254").orElseThrow();
    assertThat(new AddressPolicy(true).refusal("169.254.169.254", metadata))
        .hasValue(
            "refused: 169.254.169.254 is a cloud metadata service address, never a crawl target");
  }

  @Test
  void judgesAddressesThatEmbedIpv4ByTheEmbeddedAddress() {
    assertThat(AddressPolicy.classify(IpLiterals.parse("::127.0.0.1").orElseThrow()))
        .hasValue(Category.LOOPBACK);
    assertThat(AddressPolicy.classify(IpLiterals.parse("::0.0.0.5").orElseThrow()))
        .hasValue(Category.THIS_NETWORK);
    assertThat(AddressPolicy.classify(IpLiterals.parse("64:ff9b::a9fe:101").orElseThrow()))
        .hasValue(Category.LINK_LOCAL);
    assertThat(AddressPolicy.classify(IpLiterals.parse("2002:c633:6407::1").orElseThrow()))
        .hasValue(Category.DOCUMENTATION);
    assertThat(AddressPolicy.classify(IpLiterals.parse("64:ff9b:1::c612:1").orElseThrow()))
        .hasValue(Category.BENCHMARKING);
  }

  /**
   * Cloud metadata services in every spelling the policy knows are refused even with {@code
   * --allow-loopback}; the category says why (a Teredo form is refused as Teredo).
   */
  @ParameterizedTest(name = "{0} is refused as {1}")
  @CsvSource({
    "169.254.169.254,                 CLOUD_METADATA",
    "169.254.170.2,                   CLOUD_METADATA",
    "169.254.169.253,                 CLOUD_METADATA",
    "100.100.100.200,                 CLOUD_METADATA",
    "168.63.129.16,                   CLOUD_METADATA",
    "192.0.0.192,                     CLOUD_METADATA",
    "fd00:ec2::254,                   CLOUD_METADATA",
    "fd00:ec2::253,                   CLOUD_METADATA",
    "fd00:ec2::123,                   CLOUD_METADATA",
    "fd00:0ec2:0:0:0:0:0:254,         CLOUD_METADATA",
    "fd20:ce::254,                    CLOUD_METADATA",
    "::ffff:169.254.169.254,          CLOUD_METADATA",
    "::ffff:a9fe:a9fe,                CLOUD_METADATA",
    "::169.254.169.254,               CLOUD_METADATA",
    "64:ff9b::a9fe:a9fe,              CLOUD_METADATA",
    "64:ff9b::169.254.169.254,        CLOUD_METADATA",
    "64:ff9b:1::a9fe:a9fe,            CLOUD_METADATA",
    "2002:a9fe:a9fe::1,               CLOUD_METADATA",
    "::ffff:168.63.129.16,            CLOUD_METADATA",
    "2002:a83f:8110::1,               CLOUD_METADATA",
    "64:ff9b::6464:64c8,              CLOUD_METADATA",
    "2001:0:a9fe:a9fe::1,             TEREDO",
    "2001:0:4136:e378:8000:63bf:5601:5601, TEREDO",
  })
  void refusesCloudMetadataAddressesEvenWhenPrivateAddressesAreAllowed(
      String ip, Category category) {
    InetAddress address = IpLiterals.parse(ip).orElseThrow();
    assertThat(AddressPolicy.classify(address)).hasValue(category);
    assertThat(new AddressPolicy(true).refusal(ip, address))
        .hasValueSatisfying(r -> assertThat(r).contains("never a crawl target"));
    assertThat(new AddressPolicy(false).refusal(ip, address)).isPresent();
  }

  @ParameterizedTest(name = "{0} stays a private address")
  @CsvSource({"fd00:ec3::254", "fd00::254", "fd12:3456::254"})
  void otherUniqueLocalAddressesStayAllowedWithAllowLoopback(String ip) {
    InetAddress address = IpLiterals.parse(ip).orElseThrow();
    assertThat(new AddressPolicy(true).refusal(ip, address)).isEmpty();
  }
}
