package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.url.TLDList;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/**
 * Real site crawls against a loopback server that notes when each request to a host arrives: no two
 * requests to one host are closer than the delay, while different hosts are crawled side by side.
 * (Two overlapping crawls of one host are only kept apart by send slots, see {@link
 * HostPoliteness}; a cold first connection can make their requests arrive closer, so that case is
 * covered by the unit test only.)
 */
class SideBySideCrawlIT {
  private static final long DELAY_MS = 150;
  private static final long SLACK_MS = 5; // timer and scheduling slack of the measurement
  private static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(DELAY_MS - SLACK_MS);
  private static final int PAGES = 15;
  private static final String ALPHA = "alpha-videos.test";
  private static final String BETA = "beta-videos.test";

  @TempDir Path workDir;
  private VirtualHosts web;
  private ExecutorService pool;
  private final List<FetchedPage> pages = new CopyOnWriteArrayList<>();
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final Emitter emitter =
      new Emitter() {
        @Override
        public void page(FetchedPage page) {
          pages.add(page);
        }

        @Override
        public void outcome(Outcome outcome) {
          outcomes.add(outcome);
        }

        @Override
        public void request(CrawlRequest request) {}
      };

  @BeforeEach
  void serveTwoSites() throws Exception {
    web = new VirtualHosts();
    for (String host : List.of(ALPHA, BETA)) {
      StringBuilder index = new StringBuilder("<html><body><h1>adult videos</h1>");
      for (int i = 1; i < PAGES; i++) {
        index.append("<a href=\"/p").append(i).append("\">page ").append(i).append("</a> ");
        web.add(
            host,
            "/p" + i,
            VirtualHosts.Response.html(
                "<html><body>VIP page "
                    + i
                    + " <a href=\"/\">home</a> <a href=\"/p"
                    + (i % (PAGES - 1) + 1)
                    + "\">next</a></body></html>"));
      }
      web.add(host, "/", VirtualHosts.Response.html(index.append("</body></html>").toString()));
    }
    pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "politeness-it-crawl"));
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    web.close();
  }

  @Test
  void keepsEveryHostsRequestsTheDelayApartWhileCrawlingTwoSitesSideBySide() throws Exception {
    CompletableFuture<FetchThreadRun.End> alpha = crawl(ALPHA);
    CompletableFuture<FetchThreadRun.End> beta = crawl(BETA);
    FetchThreadRun.End alphaEnd = alpha.get(60, TimeUnit.SECONDS);
    FetchThreadRun.End betaEnd = beta.get(60, TimeUnit.SECONDS);

    assertThat(pages).hasSize(2 * PAGES);
    assertThat(outcomes).isEmpty();
    List<Long> a = web.arrivalNanos(ALPHA);
    List<Long> b = web.arrivalNanos(BETA);
    assertThat(a).hasSize(PAGES + 1); // robots.txt and the pages
    assertThat(b).hasSize(PAGES + 1);
    assertThat(minGapNanos(a)).isGreaterThanOrEqualTo(MIN_GAP_NANOS);
    assertThat(minGapNanos(b)).isGreaterThanOrEqualTo(MIN_GAP_NANOS);
    // the hosts did not wait for each other: the two crawls overlapped in time
    assertThat(b.get(0)).isLessThan(a.get(a.size() - 1));
    assertThat(a.get(0)).isLessThan(b.get(b.size() - 1));
    // the in-memory frontier ended each crawl when it ran dry, not the controller's idle monitor
    // (which notices an empty frontier only after 2-3 s of whole-second checks)
    assertThat(alphaEnd).isEqualTo(FetchThreadRun.End.FRONTIER_RAN_DRY);
    assertThat(betaEnd).isEqualTo(FetchThreadRun.End.FRONTIER_RAN_DRY);
  }

  /** Crawls {@code host}; completes with what ended its fetch thread. */
  private CompletableFuture<FetchThreadRun.End> crawl(String host) throws Exception {
    CrawlRequest request =
        new CrawlRequest(
            CrawlRequest.VERSION,
            "http://" + host + ":" + web.port() + "/",
            host,
            CrawlRequest.Source.SEED,
            0,
            null,
            Instant.now());
    SiteCrawl crawl =
        new SiteCrawl(
            request, settings(), emitter, Clock.systemUTC(), new TLDList(new CrawlConfig()), null);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            SiteReport report = crawl.run();
            assertThat(report.result()).as(report.reason()).isEqualTo(CrawlResult.OK);
            return crawl.end().orElseThrow();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        pool);
  }

  private static long minGapNanos(List<Long> arrivals) {
    List<Long> sorted = new ArrayList<>(arrivals);
    sorted.sort(null);
    long min = Long.MAX_VALUE;
    for (int i = 1; i < sorted.size(); i++) {
      min = Math.min(min, sorted.get(i) - sorted.get(i - 1));
    }
    return min;
  }

  private CrawlerSettings settings() {
    return CrawlerSettings.builder()
        .maxPagesPerSite(50)
        .maxDepth(3)
        .maxSiteHops(0)
        .politenessDelayMs(DELAY_MS)
        .maxConcurrentSites(2)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(true)
        .allowPrivateAddresses(true)
        .onlyResolvedHosts(true)
        .resolve(Map.of(ALPHA, "127.0.0.1", BETA, "127.0.0.1"))
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir.resolve("frontiers"))
        .groupId("politeness-it")
        .capture(
            CaptureSettings.defaults().withWarcDir(workDir.resolve("frontiers").resolve("warc")))
        .build();
  }
}
