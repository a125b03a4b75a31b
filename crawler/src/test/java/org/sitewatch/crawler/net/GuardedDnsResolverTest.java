package org.sitewatch.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sitewatch.common.net.IpLiterals;

class GuardedDnsResolverTest {
  private final List<String> systemLookups = new ArrayList<>();

  private GuardedDnsResolver resolver(
      boolean onlyResolved, boolean allowPrivate, String... answer) {
    return new GuardedDnsResolver(
        Map.of("www.shop.test", "127.0.0.1"),
        onlyResolved,
        new AddressPolicy(allowPrivate),
        host -> {
          systemLookups.add(host);
          InetAddress[] result = new InetAddress[answer.length];
          for (int i = 0; i < answer.length; i++) {
            result[i] = IpLiterals.parse(answer[i]).orElseThrow();
          }
          return result;
        });
  }

  @Test
  void usesTheFixedMapBeforeTheSystemResolverAndRecordsTheAddress() throws Exception {
    GuardedDnsResolver r = resolver(false, true, "93.184.216.34");
    InetAddress[] addresses = r.resolve("WWW.Shop.Test");
    assertThat(addresses).hasSize(1);
    assertThat(addresses[0].getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(r.addressOf("www.shop.test")).isEqualTo("127.0.0.1");
    assertThat(systemLookups).isEmpty();
  }

  @Test
  void refusesHostsOutsideTheMapWithoutLookingThemUpWhenOnlyResolvedHostsAreAllowed() {
    GuardedDnsResolver r = resolver(true, true, "93.184.216.34");
    assertThatThrownBy(() -> r.resolve("other.example"))
        .isInstanceOf(RefusedAddressException.class)
        .hasMessageContaining("other.example is not in crawler.resolve");
    assertThatThrownBy(() -> r.resolve("10.0.0.1")).isInstanceOf(RefusedAddressException.class);
    assertThat(systemLookups).isEmpty();
  }

  @Test
  void refusesAHostWhenAnyOfItsAddressesIsPrivate() {
    GuardedDnsResolver r = resolver(false, false, "93.184.216.34", "10.0.0.7");
    assertThatThrownBy(() -> r.resolve("rebind.example"))
        .isInstanceOf(RefusedAddressException.class)
        .hasMessageContaining("rebind.example resolves to 10.0.0.7, a private address");
    assertThat(r.addressOf("rebind.example")).isNull();
  }

  @Test
  void refusesLoopbackWhenNotAllowed() {
    GuardedDnsResolver r = resolver(false, false);
    assertThatThrownBy(() -> r.resolve("www.shop.test"))
        .isInstanceOf(UnknownHostException.class)
        .hasMessageContaining("loopback")
        .hasMessageContaining("crawler.allow-private-addresses");
  }

  @Test
  void returnsOnlyTheFirstAddressOfAPublicHost() throws Exception {
    GuardedDnsResolver r = resolver(false, false, "93.184.216.34", "93.184.216.35");
    assertThat(r.resolve("public.example"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.216.34");
    assertThat(r.addressOf("public.example")).isEqualTo("93.184.216.34");
  }
}
