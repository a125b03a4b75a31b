package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.url.TLDList;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/** Redirect bookkeeping of a site crawl, without fetching anything. */
class SiteCrawlTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private final List<CrawlRequest> requests = new CopyOnWriteArrayList<>();
  private final Emitter emitter =
      new Emitter() {
        @Override
        public void page(FetchedPage page) {}

        @Override
        public void outcome(Outcome outcome) {}

        @Override
        public void request(CrawlRequest request) {
          requests.add(request);
        }
      };

  @Test
  void countsARedirectToAnotherSiteAsAHop() throws Exception {
    crawlOfPingSite(0)
        .events()
        .redirects()
        .onRedirect("http://ping-site.test/", "http://pong-site.test/start");
    assertThat(requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.site()).isEqualTo("pong-site.test");
              assertThat(r.hops()).isEqualTo(1);
              assertThat(r.referrer()).isEqualTo("http://ping-site.test/");
            });
  }

  @Test
  void doesNotRequestARedirectTargetBeyondTheHopLimit() throws Exception {
    // ping was itself reached by one hop; with maxSiteHops = 1, its redirect back is not followed
    crawlOfPingSite(1)
        .events()
        .redirects()
        .onRedirect("http://ping-site.test/", "http://pong-site.test/");
    assertThat(requests).isEmpty();
  }

  @Test
  void keepsARedirectInsideTheSiteWithoutRequestingAnything() throws Exception {
    crawlOfPingSite(0)
        .events()
        .redirects()
        .onRedirect("http://ping-site.test/", "http://www.ping-site.test/");
    assertThat(requests).isEmpty();
  }

  private SiteCrawl crawlOfPingSite(int hops) throws Exception {
    CrawlRequest request =
        new CrawlRequest(
            CrawlRequest.VERSION,
            "http://ping-site.test/",
            "ping-site.test",
            hops == 0 ? CrawlRequest.Source.SEED : CrawlRequest.Source.LINK,
            hops,
            null,
            NOW);
    return new SiteCrawl(
        request,
        CrawlerSettings.defaults(Path.of("target", "unused")),
        emitter,
        Clock.fixed(NOW, ZoneOffset.UTC),
        new TLDList(new CrawlConfig()),
        null);
  }
}
