package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.RequestPolicy;
import org.sitewatch.events.CrawlRequest;

class DiscoveriesTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private final CrawlerSettings settings =
      CrawlerSettings.defaults(Path.of("work"))
          .withRequests(new RequestPolicy(3, 1000, 10, 1 << 20, 60_000, 0, ""));
  private final Discoveries discoveries = new Discoveries("home.test", settings);

  @Test
  void aFortyFiveKilobyteLinkIsNeverPublished() {
    String link = "http://far-away.test/" + "x".repeat(45 * 1024);
    assertThat(discoveries.admit(link, "http://home.test/", 1, NOW)).isEmpty();
    assertThat(discoveries.details()).containsEntry("discoveriesOverTrapLimits", "1");
  }

  @Test
  void publishesOneRequestPerLinkedSiteAtTheLowestPriority() {
    CrawlRequest r =
        discoveries.admit("http://other.test/a", "http://home.test/", 1, NOW).orElseThrow();
    assertThat(r.source()).isEqualTo(CrawlRequest.Source.LINK);
    assertThat(r.priority()).isZero();
    assertThat(r.site()).isEqualTo("other.test");
    assertThat(discoveries.admit("http://other.test/b", "http://home.test/", 1, NOW)).isEmpty();
    assertThat(discoveries.admit("http://www.home.test/b", "http://home.test/", 1, NOW)).isEmpty();
  }

  @Test
  void aDiscoveredLinkIsANewRequestWithItsOwnTraceId() {
    CrawlRequest first =
        discoveries.admit("http://other.test/a", "http://home.test/", 1, NOW).orElseThrow();
    CrawlRequest second =
        discoveries.admit("http://third.test/a", "http://home.test/", 1, NOW).orElseThrow();
    assertThat(first.traceId()).isNotBlank();
    assertThat(second.traceId()).isNotBlank().isNotEqualTo(first.traceId());
  }

  @Test
  void capsTheSitesOneCrawlPublishesAndCountsTheRest() {
    int published = 0;
    for (int i = 0; i < 1000; i++) {
      String link = "http://site" + i + ".test/";
      if (discoveries.admit(link, "http://home.test/", 1, NOW).isPresent()) {
        published++;
      }
      discoveries.admit(link + "again", "http://home.test/", 1, NOW); // same site: not recounted
    }
    assertThat(published).isEqualTo(3);
    assertThat(discoveries.details())
        .containsEntry("discoveries", "3")
        .containsEntry("discoveriesDropped", "997")
        .containsEntry("discoveriesLimit", "3");
  }
}
