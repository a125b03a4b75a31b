package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/**
 * The politeness delay counts from the server's answer, not from the request: a loopback server
 * notes when each request arrived and when it began to answer, and every next request to the host
 * must arrive at least the delay after the previous answer. Crawls are made by one {@link
 * SiteCrawlFactory}, as in a worker, so a crawl that follows another of the same host is held to
 * the same rule.
 */
class PolitenessFromAnswerIT {
  private static final long DELAY_MS = 200;
  private static final int SLOW_ANSWER_MS = 300; // longer than the delay: counting from the
  // request would let the next request go out at once
  private static final String SLOW = "slow-videos.test";
  private static final String AGAIN = "again-videos.test";

  @TempDir Path workDir;
  private VirtualHosts web;
  private SiteCrawlFactory crawls;
  private final List<FetchedPage> pages = new CopyOnWriteArrayList<>();
  private final Emitter emitter =
      new Emitter() {
        @Override
        public void page(FetchedPage page) {
          pages.add(page);
        }

        @Override
        public void outcome(Outcome outcome) {}

        @Override
        public void request(CrawlRequest request) {}
      };

  @BeforeEach
  void serve() throws Exception {
    web = new VirtualHosts();
    for (String host : List.of(SLOW, AGAIN)) {
      web.add(host, "/", html("<a href='/a'>adult videos</a> <a href='/b'>members only</a>"));
      web.add(host, "/a", html("adult videos page a"));
      web.add(host, "/b", html("members only page b"));
    }
    web.answerAfter(SLOW, SLOW_ANSWER_MS);
    crawls =
        new SiteCrawlFactory(settings(), Clock.systemUTC(), new CrawlerMetrics(), LinkScorer.NONE);
  }

  @AfterEach
  void stop() {
    crawls.close();
    web.close();
  }

  @Test
  void theNextRequestToASlowHostWaitsTheDelayAfterTheAnswerNotAfterTheRequest() throws Exception {
    assertThat(crawl(CrawlRequest.Source.SEED, SLOW).result()).isEqualTo(CrawlResult.OK);

    List<VirtualHosts.Exchange> exchanges = web.exchanges(SLOW);
    assertThat(exchanges)
        .extracting(VirtualHosts.Exchange::path)
        .containsExactlyInAnyOrder("/robots.txt", "/", "/a", "/b");
    for (int i = 1; i < exchanges.size(); i++) {
      assertThat(msBetween(exchanges.get(i - 1).answeredNanos(), exchanges.get(i).arrivedNanos()))
          .as(
              "ms from the answer to %s to the request for %s",
              exchanges.get(i - 1).path(), exchanges.get(i).path())
          .isGreaterThanOrEqualTo(DELAY_MS);
    }
  }

  @Test
  void aRecrawlRightAfterACrawlOfTheSameHostWaitsTheDelayAfterItsLastAnswer() throws Exception {
    assertThat(crawl(CrawlRequest.Source.SEED, AGAIN).result()).isEqualTo(CrawlResult.OK);
    int firstCrawl = web.exchanges(AGAIN).size();
    assertThat(crawl(CrawlRequest.Source.RECRAWL, AGAIN).result()).isEqualTo(CrawlResult.OK);

    List<VirtualHosts.Exchange> exchanges = web.exchanges(AGAIN);
    assertThat(exchanges).hasSize(2 * firstCrawl);
    VirtualHosts.Exchange lastOfFirst = exchanges.get(firstCrawl - 1);
    VirtualHosts.Exchange firstOfSecond = exchanges.get(firstCrawl);
    assertThat(firstOfSecond.path()).isEqualTo("/robots.txt");
    assertThat(msBetween(lastOfFirst.answeredNanos(), firstOfSecond.arrivedNanos()))
        .as("ms from the first crawl's last answer to the recrawl's first request")
        .isGreaterThanOrEqualTo(DELAY_MS);
  }

  private SiteReport crawl(CrawlRequest.Source source, String host) throws Exception {
    CrawlRequest request =
        new CrawlRequest(
            CrawlRequest.VERSION,
            "http://" + host + ":" + web.port() + "/",
            host,
            source,
            0,
            null,
            Instant.now());
    return crawls.create(request, emitter).run();
  }

  private static double msBetween(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / (double) TimeUnit.MILLISECONDS.toNanos(1);
  }

  private static VirtualHosts.Response html(String body) {
    return VirtualHosts.Response.html("<html><body>" + body + "</body></html>");
  }

  private CrawlerSettings settings() {
    return CrawlerSettings.builder()
        .maxPagesPerSite(10)
        .maxDepth(2)
        .maxSiteHops(0)
        .politenessDelayMs(DELAY_MS)
        .maxConcurrentSites(1)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(true)
        .allowPrivateAddresses(true)
        .onlyResolvedHosts(true)
        .resolve(Map.of(SLOW, "127.0.0.1", AGAIN, "127.0.0.1"))
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir.resolve("frontiers"))
        .groupId("politeness-answer-it")
        .capture(CaptureSettings.defaults().withWarcDir(workDir.resolve("warc")))
        .build();
  }
}
