package org.sitewatch.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteCacheTest {
  @Test
  void aHostSeenBeforeIsAnsweredFromMemoryWithTheSameSite() {
    SiteCache cache = new SiteCache(16);
    List<String> asked = new ArrayList<>();

    String first = cache.siteOf("www.shop.co.uk", h -> record(asked, h, "shop.co.uk"));
    String second = cache.siteOf("www.shop.co.uk", h -> record(asked, h, "other"));

    assertThat(first).isEqualTo("shop.co.uk");
    assertThat(second).isEqualTo("shop.co.uk");
    assertThat(asked).containsExactly("www.shop.co.uk");
  }

  @Test
  void theCacheNeverHoldsMoreThanItsCapacity() {
    SiteCache cache = new SiteCache(4);
    for (int i = 0; i < 50; i++) {
      String host = "h" + i + ".example";
      assertThat(cache.siteOf(host, h -> h)).isEqualTo(host);
      assertThat(cache.size()).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void aHostLongerThanADnsNameIsLookedUpEveryTimeAndNotKept() {
    SiteCache cache = new SiteCache(4);
    String longHost = "a".repeat(SiteCache.MAX_HOST_LENGTH + 1);
    List<String> asked = new ArrayList<>();

    cache.siteOf(longHost, h -> record(asked, h, "x"));
    cache.siteOf(longHost, h -> record(asked, h, "x"));

    assertThat(asked).hasSize(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void anInvalidHostFailsEveryTimeThroughTheCachedLookup() {
    assertThatThrownBy(() -> Sites.siteOfHost("bad..host"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sites.siteOfHost("bad..host"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cachedAndFreshLookupsAgreeOnHostsOfEveryKind() {
    List<String> hosts =
        List.of(
            "www.shop.co.uk",
            "WWW.Shop.CO.UK.",
            "a.blogspot.com",
            "blogspot.com",
            "www.shop.test",
            "localhost",
            "[::1]",
            "127.0.0.1",
            "010.0.0.1",
            "bücher.example.de",
            "co.uk");
    for (String host : hosts) {
      String first = Sites.siteOfHost(host);
      assertThat(Sites.siteOfHost(host)).as(host).isEqualTo(first);
    }
    assertThat(Sites.siteOfHost("WWW.Shop.CO.UK.")).isEqualTo("shop.co.uk");
    assertThat(Sites.siteOfHost("bücher.example.de")).isEqualTo("example.de");
  }

  private static String record(List<String> asked, String host, String site) {
    asked.add(host);
    return site;
  }
}
