package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.SiteLimits;
import org.sitewatch.crawler.testing.TopicReader;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.CrawlOverrides;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * Politeness, robots.txt, budgets and crawl traps end to end: one real worker, an in-process Kafka
 * broker and a loopback server that logs when each request arrived. All sites are crawled once in
 * {@link #crawlTheSites()}; each test checks one behaviour.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolitenessIT {
  private static final long POLITENESS_MS = 100;
  private static final long MAX_CRAWL_DELAY_MS = 300;

  /** Arrival times on loopback can be early by the scheduling jitter of the server's threads. */
  private static final long JITTER_MS = 15;

  private static final String DELAY = "delay-site.test";
  private static final String OVERRIDE = "override-site.test";
  private static final String PAGES = "pages-site.test";
  private static final String BYTES = "bytes-site.test";
  private static final String CALENDAR = "calendar-site.test";
  private static final String DOWN = "robots-down.test";
  private static final String SLOWER = "slower-seed.test";

  /** The per-seed politeness override of {@link #SLOWER} (above the 250 ms override floor). */
  private static final long OVERRIDE_POLITENESS_MS = 400;

  private final Clock clock = Clock.systemUTC();
  private Path workDir;
  private EmbeddedKafka kafka;
  private VirtualHosts web;
  private int port;
  private Topics topics;
  private TopicReader<FetchedPage> pages;
  private TopicReader<Outcome> outcomes;

  @BeforeAll
  void crawlTheSites() throws Exception {
    workDir = Files.createTempDirectory("politeness-it");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    web = new VirtualHosts();
    port = web.port();
    serveFixtures();
    topics = Topics.withPrefix("it-polite.");
    kafka.createTopics(
        2,
        topics.crawlRequests(),
        topics.pages(),
        topics.verdicts(),
        topics.outcomes(),
        topics.crawlDiscoveries());
    pages = new TopicReader<>(kafka.bootstrapServers(), topics.pages(), FetchedPage.class);
    outcomes = new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class);

    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, seed(DELAY, null));
      send(
          producer,
          seed(
              OVERRIDE,
              new CrawlOverrides(null, null, null, null, null, true, "case 42", "tester")));
      send(producer, seed(PAGES, new CrawlOverrides(3, null, null, null, null, false, null, null)));
      send(
          producer,
          seed(BYTES, new CrawlOverrides(null, null, 9_000L, null, null, false, null, null)));
      send(producer, seed(CALENDAR, null));
      send(producer, seed(DOWN, null));
      send(
          producer,
          seed(
              SLOWER,
              new CrawlOverrides(
                  null, null, null, null, OVERRIDE_POLITENESS_MS, false, null, null)));
    }
    try (CrawlerWorker worker =
        CrawlerWorker.builder(settings(), topics)
            .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers(), "client.id", "it-polite"))
            .clock(clock)
            .build()) {
      worker.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> siteCrawled().keySet(),
              s -> s.containsAll(Set.of(DELAY, OVERRIDE, PAGES, BYTES, CALENDAR, DOWN, SLOWER)));
    }
  }

  @AfterAll
  void tearDown() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {pages, outcomes, web, kafka}) {
      if (c != null) {
        c.close();
      }
    }
    if (workDir != null) {
      try (Stream<Path> paths = Files.walk(workDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void spacesRequestsToAHostByItsCappedCrawlDelay() {
    List<VirtualHosts.Hit> hits = web.hits().stream().filter(h -> h.host().equals(DELAY)).toList();
    assertThat(hits).extracting(VirtualHosts.Hit::path).contains("/robots.txt", "/", "/a", "/b");
    for (int i = 1; i < hits.size(); i++) {
      long gapMs = TimeUnit.NANOSECONDS.toMillis(hits.get(i).nanos() - hits.get(i - 1).nanos());
      assertThat(gapMs)
          .as(
              "gap before %s (Crawl-delay 5 s capped at %d ms)",
              hits.get(i).path(), MAX_CRAWL_DELAY_MS)
          .isGreaterThanOrEqualTo(MAX_CRAWL_DELAY_MS - JITTER_MS);
    }
    assertThat(siteCrawled().get(DELAY).details())
        .containsEntry("crawlDelayMs", Long.toString(MAX_CRAWL_DELAY_MS));
  }

  @Test
  void spacesRequestsToAHostByTheSeedsPolitenessOverride() {
    List<VirtualHosts.Hit> hits = web.hits().stream().filter(h -> h.host().equals(SLOWER)).toList();
    assertThat(hits).extracting(VirtualHosts.Hit::path).contains("/robots.txt", "/", "/a", "/b");
    for (int i = 1; i < hits.size(); i++) {
      long gapMs = TimeUnit.NANOSECONDS.toMillis(hits.get(i).nanos() - hits.get(i - 1).nanos());
      assertThat(gapMs)
          .as(
              "gap before %s (override %d ms, worker default %d ms)",
              hits.get(i).path(), OVERRIDE_POLITENESS_MS, POLITENESS_MS)
          .isGreaterThanOrEqualTo(OVERRIDE_POLITENESS_MS - JITTER_MS);
    }
    assertThat(siteCrawled().get(SLOWER).details()).doesNotContainKey("overridesClamped");
  }

  @Test
  void doesNotFetchWhatRobotsTxtDisallowsAndReportsItOncePerSite() {
    assertThat(web.requests()).doesNotContain(DELAY + " /hidden");
    List<Outcome> refused =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    outcomes.matching(
                        o -> o.site().equals(DELAY) && o.kind() == Outcome.Kind.REFUSED),
                l -> !l.isEmpty());
    assertThat(refused)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.url()).isNull();
              assertThat(o.details())
                  .containsEntry("rule", "robots.txt")
                  .containsEntry("count", "1")
                  .containsEntry("examples", url(DELAY, "/hidden"));
            });
    assertThat(siteCrawled().get(DELAY).details()).containsEntry("robotsRefused", "1");
  }

  @Test
  void fetchesDisallowedPagesForAnOverrideSeedAndNotesTheReasonOnEach() {
    assertThat(web.requests()).contains(OVERRIDE + " /hidden");
    assertThat(page(url(OVERRIDE, "/hidden")).notes())
        .containsEntry("robots-override", "case 42 (operator tester)");
    assertThat(page(url(OVERRIDE, "/a")).notes()).as("allowed anyway").isEmpty();
    assertThat(siteCrawled().get(OVERRIDE).details()).containsEntry("robotsOverridden", "1");
  }

  @Test
  void stopsAtThePageBudgetAndNamesIt() {
    Outcome crawled = siteCrawled().get(PAGES);
    assertThat(crawled.details())
        .containsEntry("budget", "pages")
        .containsEntry("budgetLimit", "3")
        .containsEntry("pages", "3");
    assertThat(crawled.reason()).contains("pages budget");
    assertThat(web.requests().stream().filter(r -> r.startsWith(PAGES + " /p"))).hasSize(2);
  }

  @Test
  void stopsAtTheByteBudgetAndNamesIt() {
    Outcome crawled = siteCrawled().get(BYTES);
    assertThat(crawled.details())
        .containsEntry("budget", "bytes")
        .containsEntry("budgetLimit", "9000");
    // 4000-byte pages: the page that reaches 9000 bytes is the last one fetched
    assertThat(crawled.details()).containsEntry("pages", "3").containsEntry("bytes", "12000");
    assertThat(web.requests().stream().filter(r -> r.startsWith(BYTES + " /p"))).hasSize(2);
  }

  @Test
  void cutsACalendarTrapAndReportsItOnce() {
    List<Outcome> skipped =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    outcomes.matching(
                        o -> o.site().equals(CALENDAR) && o.kind() == Outcome.Kind.SKIPPED),
                l -> !l.isEmpty());
    assertThat(skipped)
        .singleElement()
        .satisfies(o -> assertThat(o.details()).containsEntry("rule", "trap:query-variants"));
    long fetched =
        web.requests().stream().filter(r -> r.startsWith(CALENDAR + " /calendar")).count();
    assertThat(fetched).isEqualTo(5);
    assertThat(siteCrawled().get(CALENDAR).details())
        .containsKey("trap:query-variants")
        .containsKey("trapsCut");
  }

  @Test
  void fetchesNothingFromASiteWhoseRobotsTxtIsUnavailableAndReportsItUnreachable() {
    Outcome crawled = siteCrawled().get(DOWN);
    // not "refused": the site does not answer, which a recrawl check must read as gone
    assertThat(crawled.details()).containsEntry("result", "unreachable");
    assertThat(crawled.details().get("seedError")).contains("robots.txt").contains("HTTP 503");
    assertThat(crawled.reason()).contains("robots.txt").contains("HTTP 503");
    // the HTTP client may retry a 503 once; nothing but robots.txt is asked for
    assertThat(web.requests().stream().filter(r -> r.startsWith(DOWN + " ")))
        .isNotEmpty()
        .allMatch(r -> r.equals(DOWN + " /robots.txt"));
  }

  // --- fixtures and helpers ---

  private void serveFixtures() {
    String robots = "User-agent: *\nCrawl-delay: 5\nDisallow: /hidden\n";
    for (String host : List.of(DELAY, OVERRIDE)) {
      web.add(host, "/robots.txt", text(robots));
      web.add(host, "/", html("<a href='/a'>a</a> <a href='/b'>b</a> <a href='/hidden'>h</a>"));
      web.add(host, "/a", html("adult videos page a"));
      web.add(host, "/b", html("page b"));
      web.add(host, "/hidden", html("VIP会员 members only"));
    }
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      links.append("<a href='/p").append(i).append("'>p</a> ");
    }
    web.add(PAGES, "/", html(links.toString()));
    // every page of the byte-budget site is exactly 4000 bytes ("<html><body></body></html>" is 26)
    web.add(BYTES, "/", html(links + "x".repeat(4000 - 26 - links.length())));
    for (int i = 0; i < 8; i++) {
      web.add(PAGES, "/p" + i, html("page " + i));
      web.add(BYTES, "/p" + i, html("y".repeat(4000 - 26)));
    }
    web.add(CALENDAR, "/", html("<a href='/calendar?m=0'>calendar</a>"));
    // an endless calendar: every month links to the next two
    web.addByQuery(
        CALENDAR,
        "/calendar",
        query -> {
          int m = Integer.parseInt(query.replace("m=", ""));
          return html(
              "<a href='/calendar?m="
                  + (m + 1)
                  + "'>next</a><a href='/calendar?m="
                  + (m + 2)
                  + "'>after</a>");
        });
    web.add(SLOWER, "/", html("<a href='/a'>a</a> <a href='/b'>b</a>"));
    web.add(SLOWER, "/a", html("adult videos page a"));
    web.add(SLOWER, "/b", html("members only page b"));
    web.add(DOWN, "/robots.txt", new VirtualHosts.Response(503, "text/plain", new byte[0], false));
    web.add(DOWN, "/", html("never fetched"));
  }

  private CrawlerSettings settings() {
    Map<String, String> resolve =
        Stream.of(DELAY, OVERRIDE, PAGES, BYTES, CALENDAR, DOWN, SLOWER)
            .collect(Collectors.toMap(h -> h, h -> "127.0.0.1"));
    return CrawlerSettings.builder()
        .maxPagesPerSite(20)
        .maxDepth(10)
        .maxSiteHops(0)
        .politenessDelayMs(POLITENESS_MS)
        .maxConcurrentSites(6)
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
        .groupId("it-polite")
        .capture(CaptureSettings.defaults().withWarcDir(workDir.resolve("warc")))
        .limits(new SiteLimits(MAX_CRAWL_DELAY_MS, 1 << 20, 60_000, 2048, 16, 2, 12, 5))
        .build();
  }

  private static VirtualHosts.Response html(String body) {
    return VirtualHosts.Response.html("<html><body>" + body + "</body></html>");
  }

  private static VirtualHosts.Response text(String body) {
    return new VirtualHosts.Response(
        200, "text/plain", body.getBytes(StandardCharsets.US_ASCII), false);
  }

  private String url(String host, String path) {
    return "http://" + host + ":" + port + path;
  }

  private CrawlRequest seed(String host, CrawlOverrides overrides) {
    CrawlRequest seed = CrawlRequest.seed(url(host, "/"), host, clock.instant());
    return overrides == null ? seed : seed.with(CrawlRequest.TIP_PRIORITY, overrides);
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private void send(KafkaProducer<String, byte[]> producer, CrawlRequest request) {
    producer.send(
        new ProducerRecord<>(
            topics.crawlRequests(),
            request.site(),
            JsonSerde.of(CrawlRequest.class).serialize(topics.crawlRequests(), request)));
    producer.flush();
  }

  private Map<String, Outcome> siteCrawled() {
    return outcomes.matching(o -> o.kind() == Outcome.Kind.SITE_CRAWLED).stream()
        .collect(Collectors.toMap(Outcome::site, o -> o, (a, b) -> a));
  }

  private FetchedPage page(String url) {
    List<FetchedPage> found =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> pages.matching(p -> p.finalUrl().equals(url)), l -> !l.isEmpty());
    assertThat(found).as("pages for " + url).hasSize(1);
    return found.get(0);
  }
}
