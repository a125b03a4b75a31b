package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.url.TLDList;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.RequestPolicy;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/**
 * How investigations are crawled (docs/politeness.md), against a loopback server that tells the
 * crawler from a browser by its User-Agent: a recrawl check confirms "gone" with a browser's
 * User-Agent, and a robots.txt refusal of a tip names the rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvestigationPolicyIT {
  private HttpServer server;
  private ExecutorService executor;
  private CrawlerSettings settings;
  private TLDList tlds;
  private final Clock clock = Clock.systemUTC();

  /** host, path and User-Agent of every request. */
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "ua-http"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
    Map<String, String> resolve =
        Map.of("cloak.test", "127.0.0.1", "gone.test", "127.0.0.1", "private.test", "127.0.0.1");
    settings =
        CrawlerSettings.builder()
            .maxPagesPerSite(5)
            .maxDepth(1)
            .maxSiteHops(0)
            .politenessDelayMs(0)
            .maxConcurrentSites(1)
            .maxBodyBytes(64 * 1024)
            .connectTimeoutMs(2_000)
            .readTimeoutMs(2_000)
            .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
            .respectRobots(true)
            .allowPrivateAddresses(true)
            .onlyResolvedHosts(true)
            .resolve(resolve)
            .recrawlAfter(Duration.ZERO)
            .workDir(dir.resolve("frontiers"))
            .groupId("ua")
            .capture(
                CaptureSettings.defaults().withWarcDir(dir.resolve("frontiers").resolve("warc")))
            .build()
            .withCapture(CaptureSettings.defaults().withWarcEnabled(false));
    tlds = new TLDList(new CrawlConfig());
  }

  @AfterAll
  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange) throws IOException {
    String host = exchange.getRequestHeaders().getFirst("Host").replaceAll(":\\d+$", "");
    String path = exchange.getRequestURI().getPath();
    String agent = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
    seen.add(host + " " + path + " " + agent);
    int status = 404;
    String body = "";
    if (path.equals("/robots.txt") && host.equals("private.test")) {
      status = 200;
      body = "User-agent: *\nDisallow: /private/\n";
    } else if (host.equals("cloak.test") && path.equals("/") && !agent.contains("Sitewatch")) {
      status = 200;
      body = "<html><body><p>still here</p></body></html>";
    } else if (host.equals("private.test") && path.startsWith("/private/")) {
      status = 200;
      body = "<html><body>kept out</body></html>";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private record Crawled(SiteReport report, List<Outcome> outcomes) {}

  private Crawled crawl(String host, String path, CrawlRequest.Source source) throws Exception {
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    Emitter emitter =
        new Emitter() {
          @Override
          public void page(FetchedPage page) {}

          @Override
          public void outcome(Outcome outcome) {
            outcomes.add(outcome);
          }

          @Override
          public void request(CrawlRequest request) {}
        };
    String url = "http://" + host + ":" + server.getAddress().getPort() + path;
    CrawlRequest request =
        new CrawlRequest(CrawlRequest.VERSION, url, host, source, 0, null, Instant.now());
    return new Crawled(
        new SiteCrawl(request, settings, emitter, clock, tlds, null).run(), outcomes);
  }

  private long browserRequests(String host) {
    return seen.stream().filter(s -> s.startsWith(host + " / ") && s.contains("Mozilla")).count();
  }

  @Test
  void aRecrawlOfASiteThatAnswers404OnlyToSitewatchIsNotReportedGone() throws Exception {
    Crawled c = crawl("cloak.test", "/", CrawlRequest.Source.RECRAWL);
    assertThat(c.report().seedDetails())
        .containsEntry("seedStatus", "200")
        .containsEntry("firstSeedStatus", "404")
        .containsEntry("firstSeedError", "HTTP 404 Not Found")
        .containsEntry("seedHiddenFromCrawler", "true")
        .containsKey("seedSha256")
        .doesNotContainKey("seedError");
    assertThat(c.report().reason()).contains("hides from the crawler");
    assertThat(browserRequests("cloak.test")).isEqualTo(1);
  }

  @Test
  void aRecrawlOfASiteGoneForEveryoneIsConfirmedGone() throws Exception {
    Crawled c = crawl("gone.test", "/", CrawlRequest.Source.RECRAWL);
    assertThat(c.report().seedDetails())
        .containsEntry("seedStatus", "404")
        .containsEntry("seedError", "HTTP 404 Not Found")
        .containsEntry("confirmStatus", "404")
        .containsEntry("seedGoneConfirmed", "true")
        .containsEntry("confirmUserAgent", RequestPolicy.DEFAULT_CONFIRM_USER_AGENT);
  }

  @Test
  void aDiscoveryCrawlKeepsThePoliteDefaultsAndIsNotConfirmed() throws Exception {
    long before = browserRequests("gone.test");
    Crawled c = crawl("gone.test", "/", CrawlRequest.Source.SEED);
    assertThat(c.report().seedDetails()).doesNotContainKeys("confirmStatus", "confirmUserAgent");
    assertThat(browserRequests("gone.test")).isEqualTo(before);
  }

  @Test
  void aRobotsRefusalOfATipNamesTheRuleForTheAnalyst() throws Exception {
    Crawled c = crawl("private.test", "/private/case", CrawlRequest.Source.TIP);
    assertThat(c.report().result()).isEqualTo(CrawlResult.REFUSED);
    assertThat(c.report().reason()).contains("rule 'Disallow: /private/'");
    assertThat(c.report().details()).containsEntry("robotsRule", "Disallow: /private/");
    assertThat(c.outcomes())
        .anySatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.REFUSED);
              assertThat(o.details()).containsEntry("robotsRule", "Disallow: /private/");
            });
  }
}
