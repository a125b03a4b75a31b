package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The deadlines of all fetches of a worker share one timer thread: crawling many sites at once
 * through one {@link SiteCrawlFactory} must not start a timer thread per site. Sites on a loopback
 * server answer slowly, so the crawls overlap; a sampler watches the live threads meanwhile.
 */
class FetchDeadlineThreadsIT {
  private static final int SITES = 6;
  private static final int ANSWER_MS = 150;

  @TempDir Path workDir;
  private VirtualHosts web;
  private SiteCrawlFactory crawls;
  private final AtomicInteger pages = new AtomicInteger();
  private final Emitter emitter =
      new Emitter() {
        @Override
        public void page(FetchedPage page) {
          pages.incrementAndGet();
        }

        @Override
        public void outcome(Outcome outcome) {}

        @Override
        public void request(CrawlRequest request) {}
      };

  @BeforeEach
  void serve() throws Exception {
    web = new VirtualHosts();
    for (int i = 0; i < SITES; i++) {
      String host = host(i);
      web.add(host, "/", html("<a href='/a'>member videos</a> <a href='/b'>vip area</a>"));
      web.add(host, "/a", html("member videos"));
      web.add(host, "/b", html("vip area"));
      web.answerAfter(host, ANSWER_MS);
    }
    crawls =
        new SiteCrawlFactory(settings(), Clock.systemUTC(), new CrawlerMetrics(), LinkScorer.NONE);
  }

  @AfterEach
  void stop() {
    crawls.close();
    web.close();
  }

  @Test
  void crawlingSixSitesAtOnceUsesOneDeadlineThread() throws Exception {
    Map<Long, String> deadlineThreads = new ConcurrentHashMap<>();
    AtomicInteger mostAlive = new AtomicInteger();
    AtomicBoolean crawling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (crawling.get()) {
                Map<Long, String> alive = new HashMap<>();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                  if (t.getName().contains("deadline")) {
                    alive.put(t.getId(), t.getName());
                  }
                }
                deadlineThreads.putAll(alive);
                mostAlive.accumulateAndGet(alive.size(), Math::max);
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "test-thread-sampler");
    sampler.start();
    ExecutorService pool = Executors.newFixedThreadPool(SITES);
    try {
      List<Future<SiteReport>> reports = new ArrayList<>();
      for (int i = 0; i < SITES; i++) {
        CrawlRequest request =
            new CrawlRequest(
                CrawlRequest.VERSION,
                "http://" + host(i) + ":" + web.port() + "/",
                host(i),
                CrawlRequest.Source.SEED,
                0,
                null,
                Instant.now());
        reports.add(pool.submit(() -> crawls.create(request, emitter).run()));
      }
      for (Future<SiteReport> report : reports) {
        assertThat(report.get().result()).isEqualTo(CrawlResult.OK);
      }
    } finally {
      crawling.set(false);
      sampler.join();
      pool.shutdownNow();
    }

    assertThat(pages.get()).isEqualTo(3 * SITES);
    assertThat(mostAlive.get()).as("deadline threads alive at once").isEqualTo(1);
    assertThat(Set.copyOf(deadlineThreads.values()))
        .as("deadline threads seen during the crawls")
        .containsExactly("crawler-fetch-deadline");
  }

  private static String host(int i) {
    return "site" + i + "-videos.test";
  }

  private static VirtualHosts.Response html(String body) {
    return VirtualHosts.Response.html("<html><body>" + body + "</body></html>");
  }

  private CrawlerSettings settings() {
    Map<String, String> resolve = new HashMap<>();
    for (int i = 0; i < SITES; i++) {
      resolve.put(host(i), "127.0.0.1");
    }
    return CrawlerSettings.builder()
        .maxPagesPerSite(10)
        .maxDepth(2)
        .maxSiteHops(0)
        .politenessDelayMs(0)
        .maxConcurrentSites(SITES)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(true)
        .allowPrivateAddresses(true)
        .onlyResolvedHosts(true)
        .resolve(resolve)
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir.resolve("frontiers"))
        .groupId("deadline-threads-it")
        .capture(CaptureSettings.defaults().withWarcEnabled(false))
        .build();
  }
}
