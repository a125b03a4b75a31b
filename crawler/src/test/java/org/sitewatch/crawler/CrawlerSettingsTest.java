package org.sitewatch.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrawlerSettingsTest {
  private static final Path WORK = Path.of("target", "work");

  private static CrawlerSettings with(
      int maxPages, int maxDepth, long politeness, int concurrent, Map<String, String> resolve) {
    CrawlerSettings d = CrawlerSettings.defaults(WORK);
    return CrawlerSettings.builder()
        .maxPagesPerSite(maxPages)
        .maxDepth(maxDepth)
        .maxSiteHops(d.maxSiteHops())
        .politenessDelayMs(politeness)
        .maxConcurrentSites(concurrent)
        .maxBodyBytes(d.maxBodyBytes())
        .connectTimeoutMs(d.connectTimeoutMs())
        .readTimeoutMs(d.readTimeoutMs())
        .userAgent(d.userAgent())
        .respectRobots(d.respectRobots())
        .allowPrivateAddresses(d.allowPrivateAddresses())
        .onlyResolvedHosts(d.onlyResolvedHosts())
        .resolve(resolve)
        .recrawlAfter(d.recrawlAfter())
        .workDir(d.workDir())
        .groupId(d.groupId())
        .capture(CaptureSettings.defaults().withWarcDir(d.workDir().resolve("warc")))
        .build();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    CrawlerSettings d = CrawlerSettings.defaults(WORK);
    assertThat(d.maxPagesPerSite()).isEqualTo(50);
    assertThat(d.maxDepth()).isEqualTo(3);
    assertThat(d.maxSiteHops()).isEqualTo(1);
    assertThat(d.politenessDelayMs()).isEqualTo(1000);
    assertThat(d.maxConcurrentSites()).isEqualTo(4);
    assertThat(d.maxBodyBytes()).isEqualTo(1_048_576);
    assertThat(d.respectRobots()).isTrue();
    assertThat(d.allowPrivateAddresses()).isFalse();
    assertThat(d.onlyResolvedHosts()).isFalse();
    assertThat(d.recrawlAfter()).isEqualTo(Duration.ofHours(24));
    assertThat(d.groupId()).isEqualTo("sitewatch-crawler");
    assertThat(d.robotsAgentName()).isEqualTo("sitewatch");
  }

  @Test
  void rejectsNonPositiveLimits() {
    Map<String, String> none = Map.of();
    assertThatThrownBy(() -> with(0, 3, 1000, 4, none)).hasMessageContaining("maxPagesPerSite");
    assertThatThrownBy(() -> with(50, -1, 1000, 4, none)).hasMessageContaining("maxDepth");
    assertThatThrownBy(() -> with(50, 3, -5, 4, none)).hasMessageContaining("politenessDelayMs");
    assertThatThrownBy(() -> with(50, 3, 1000, 0, none)).hasMessageContaining("maxConcurrentSites");
  }

  @Test
  void rejectsResolveEntriesThatAreNotIpLiterals() {
    assertThatThrownBy(() -> with(50, 3, 1000, 4, Map.of("shop.test", "localhost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'localhost' (for host 'shop.test') is not an IP address literal");
    assertThatThrownBy(() -> with(50, 3, 1000, 4, Map.of("shop.test", "127.1")))
        .hasMessageContaining("not an IP address literal");
  }

  @Test
  void normalisesAndCopiesTheResolveMap() {
    Map<String, String> resolve =
        new HashMap<>(Map.of("WWW.Shop.TEST.", "127.0.0.1", "v6.test", "[::1]"));
    CrawlerSettings s = with(50, 3, 1000, 4, resolve);
    resolve.put("other.test", "127.0.0.2");
    assertThat(s.resolve())
        .containsOnly(
            Map.entry("www.shop.test", "127.0.0.1"), Map.entry("v6.test", "0:0:0:0:0:0:0:1"));
    assertThatThrownBy(() -> s.resolve().put("x", "127.0.0.1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsBlankUserAgentGroupAndNegativeRecrawl() {
    CrawlerSettings d = CrawlerSettings.defaults(WORK);
    assertThatThrownBy(() -> varied("bad\r\nagent", Duration.ZERO, "g", d.maxBodyBytes()))
        .hasMessageContaining("userAgent");
    assertThatThrownBy(() -> varied(d.userAgent(), Duration.ofSeconds(-1), "g", d.maxBodyBytes()))
        .hasMessageContaining("recrawlAfter");
    assertThatThrownBy(() -> varied(d.userAgent(), Duration.ZERO, " ", d.maxBodyBytes()))
        .hasMessageContaining("groupId");
  }

  @Test
  void boundsMaxBodyBytesBetweenOneKibAnd64Mib() {
    assertThat(withBodyCap(64 * 1024 * 1024).maxBodyBytes()).isEqualTo(67_108_864);
    assertThatThrownBy(() -> withBodyCap(64 * 1024 * 1024 + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "maxBodyBytes must be between 1024 (1 KiB) and 67108864 (64 MiB), got 67108865");
    assertThatThrownBy(() -> withBodyCap(Integer.MAX_VALUE)).hasMessageContaining("maxBodyBytes");
    assertThatThrownBy(() -> withBodyCap(1023)).hasMessageContaining("maxBodyBytes");
  }

  private static CrawlerSettings withBodyCap(int maxBodyBytes) {
    CrawlerSettings d = CrawlerSettings.defaults(WORK);
    return varied(d.userAgent(), d.recrawlAfter(), d.groupId(), maxBodyBytes);
  }

  /** Defaults with the given user agent, recrawl interval, group id and body cap. */
  private static CrawlerSettings varied(
      String userAgent, Duration recrawlAfter, String groupId, int maxBodyBytes) {
    CrawlerSettings d = CrawlerSettings.defaults(WORK);
    return CrawlerSettings.builder()
        .maxPagesPerSite(d.maxPagesPerSite())
        .maxDepth(d.maxDepth())
        .maxSiteHops(d.maxSiteHops())
        .politenessDelayMs(d.politenessDelayMs())
        .maxConcurrentSites(d.maxConcurrentSites())
        .maxBodyBytes(maxBodyBytes)
        .connectTimeoutMs(d.connectTimeoutMs())
        .readTimeoutMs(d.readTimeoutMs())
        .userAgent(userAgent)
        .respectRobots(d.respectRobots())
        .allowPrivateAddresses(d.allowPrivateAddresses())
        .onlyResolvedHosts(d.onlyResolvedHosts())
        .resolve(d.resolve())
        .recrawlAfter(recrawlAfter)
        .workDir(d.workDir())
        .groupId(groupId)
        .capture(CaptureSettings.defaults().withWarcDir(d.workDir().resolve("warc")))
        .build();
  }
}
