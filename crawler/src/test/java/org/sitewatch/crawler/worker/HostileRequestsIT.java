package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
import org.sitewatch.crawler.RequestPolicy;
import org.sitewatch.crawler.output.KafkaEmitter;
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
 * What anyone who can publish a crawl request or serve a page can ask of a worker, on a real broker
 * and a loopback server: over-long seeds and links, and a flood of discovered sites.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsIT {
  private final Clock clock = Clock.systemUTC();
  private Path workDir;
  private EmbeddedKafka kafka;
  private VirtualHosts web;

  @BeforeAll
  void start() throws Exception {
    workDir = Files.createTempDirectory("hostile-requests-it");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    web = new VirtualHosts();
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {web, kafka}) {
      if (c != null) {
        c.close();
      }
    }
    try (Stream<Path> paths = Files.walk(workDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void overlongSeedsAndLinksNeverReachATopicAndDiscoveriesAreCapped() throws Exception {
    Topics topics = topics("it-long.");
    int port = web.port();
    String farLink = "http://far-away.test:" + port + "/" + "x".repeat(45 * 1024);
    String inSiteLink = "/" + "y".repeat(45 * 1024);
    StringBuilder page = new StringBuilder("<html><body><p>listing</p>");
    page.append("<a href='").append(farLink).append("'>far</a>");
    page.append("<a href='").append(inSiteLink).append("'>deep</a>");
    page.append("<a href='/about'>about</a>");
    for (int i = 1; i <= 9; i++) {
      page.append("<a href='http://s").append(i).append(".test:").append(port).append("/'>s</a>");
    }
    web.add(
        "links-site.test",
        "/",
        VirtualHosts.Response.html(page.append("</body></html>").toString()));
    web.add(
        "links-site.test", "/about", VirtualHosts.Response.html("<html><body>about</body></html>"));
    String longSeed = "http://long-seed.test:" + port + "/" + "a".repeat(64 * 1024);

    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, topics, CrawlRequest.seed(longSeed, "long-seed.test", clock.instant()));
      String seed = "http://links-site.test:" + port + "/";
      // whoever can publish a request may ask for anything: the worker clamps it
      send(
          producer,
          topics,
          CrawlRequest.seed(seed, "links-site.test", clock.instant())
              .with(0, new CrawlOverrides(5_000_000, null, null, null, 0L, false, null, null)));
    }
    CrawlerSettings settings =
        settings("it-long", 2)
            .withRequests(new RequestPolicy(5, 1000, 10, 1 << 20, 60_000, 100, ""));
    try (TopicReader<Outcome> outcomes =
            new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class);
        TopicReader<FetchedPage> pages =
            new TopicReader<>(kafka.bootstrapServers(), topics.pages(), FetchedPage.class);
        TopicReader<CrawlRequest> discoveries =
            new TopicReader<>(
                kafka.bootstrapServers(), topics.crawlDiscoveries(), CrawlRequest.class);
        CrawlerWorker worker = worker("it-long", settings, topics)) {
      worker.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  siteCrawled(outcomes, "links-site.test") != null
                      && siteCrawled(outcomes, "long-seed.test") != null);

      Outcome refused = siteCrawled(outcomes, "long-seed.test");
      assertThat(refused.details()).containsEntry("result", "refused");
      assertThat(refused.reason())
          .isEqualTo(
              "refused: the URL is "
                  + longSeed.length()
                  + " characters long, more than crawler.trap.max-url-length (2048)");
      for (Outcome o : outcomes.values()) {
        assertThat(JsonSerde.of(Outcome.class).serialize("t", o).length)
            .as("outcome %s %s", o.kind(), o.site())
            .isLessThan(16 * 1024);
      }

      Outcome crawled = siteCrawled(outcomes, "links-site.test");
      assertThat(crawled.details())
          .containsEntry("discoveries", "5")
          .containsEntry("discoveriesDropped", "4")
          .containsEntry("discoveriesOverTrapLimits", "1")
          .containsEntry(
              "overridesClamped",
              "maxPages 5000000 -> 1000 (crawler.override.max-pages); "
                  + "politenessDelayMs 0 -> 100 (crawler.override.min-politeness-delay)");
      // the readers poll on demand: wait until what was published has been read
      await().atMost(Duration.ofSeconds(20)).until(() -> discoveries.values().size() >= 5);
      await().atMost(Duration.ofSeconds(20)).until(() -> pages.values().size() >= 2);
      List<CrawlRequest> published = discoveries.values();
      assertThat(published).hasSize(5);
      assertThat(published).allSatisfy(r -> assertThat(r.url().length()).isLessThan(100));
      assertThat(published).extracting(CrawlRequest::source).containsOnly(CrawlRequest.Source.LINK);

      assertThat(pages.values())
          .extracting(FetchedPage::finalUrl)
          .containsExactlyInAnyOrder(
              "http://links-site.test:" + port + "/", "http://links-site.test:" + port + "/about");
      FetchedPage index = pages.matching(p -> p.finalUrl().endsWith(port + "/")).get(0);
      assertThat(index.outlinks())
          .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(2048));
      assertThat(index.outlinks()).contains("http://links-site.test:" + port + "/about");
    }
  }

  @Test
  void aTipIsCrawledBeforeTwoThousandDiscoveriesQueuedAheadOfIt() throws Exception {
    Topics topics = topics("it-flood.");
    int port = web.port();
    web.add("tip-site.test", "/", VirtualHosts.Response.html("<html><body>reported</body></html>"));
    int flood = 2_000;
    // discoveries are published exactly as a crawl publishes them
    KafkaEmitter emitter =
        new KafkaEmitter(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            settings("it-flood", 2),
            topics,
            clock);
    try {
      for (int i = 0; i < flood; i++) {
        String site = String.format("far%04d.test", i);
        emitter.request(
            new CrawlRequest(
                CrawlRequest.VERSION,
                "http://" + site + ":" + port + "/",
                site,
                CrawlRequest.Source.LINK,
                1,
                "http://hostile.test/",
                clock.instant()));
      }
      emitter.flush();
    } finally {
      emitter.close(Duration.ofSeconds(5));
    }
    try (TopicReader<Outcome> outcomes =
            new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class);
        CrawlerWorker worker = worker("it-flood", settings("it-flood", 2), topics)) {
      worker.start();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> discoveredCrawls(outcomes) >= 3); // the worker is busy with discoveries
      try (KafkaProducer<String, byte[]> producer = producer()) {
        String tip = "http://tip-site.test:" + port + "/";
        send(
            producer,
            topics,
            new CrawlRequest(
                CrawlRequest.VERSION,
                tip,
                "tip-site.test",
                CrawlRequest.Source.TIP,
                0,
                null,
                clock.instant()));
      }
      long sentAt = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> siteCrawled(outcomes, "tip-site.test") != null);
      Duration tipLatency = Duration.ofNanos(System.nanoTime() - sentAt);
      List<Outcome> all = outcomes.values();
      int tipAt = all.indexOf(siteCrawled(outcomes, "tip-site.test"));
      long discoveredBeforeTip =
          all.subList(0, tipAt).stream().filter(HostileRequestsIT::discovered).count();
      assertThat(siteCrawled(outcomes, "tip-site.test").details()).containsEntry("result", "ok");
      // discoveries go on beside the tip (one crawl thread is kept for seeds), never ahead of it
      assertThat(discoveredBeforeTip)
          .as("discovered sites crawled before the tip's outcome")
          .isLessThan(50);
      assertThat(tipLatency).isLessThan(Duration.ofSeconds(10));
    }
  }

  private static boolean discovered(Outcome o) {
    return o.kind() == Outcome.Kind.SITE_CRAWLED && "LINK".equals(o.details().get("source"));
  }

  private static long discoveredCrawls(TopicReader<Outcome> outcomes) {
    return outcomes.values().stream().filter(HostileRequestsIT::discovered).count();
  }

  private static Outcome siteCrawled(TopicReader<Outcome> outcomes, String site) {
    return outcomes.values().stream()
        .filter(o -> o.kind() == Outcome.Kind.SITE_CRAWLED && o.site().equals(site))
        .findFirst()
        .orElse(null);
  }

  private Topics topics(String prefix) {
    Topics topics = Topics.withPrefix(prefix);
    kafka.createTopics(
        1, topics.crawlRequests(), topics.crawlDiscoveries(), topics.pages(), topics.outcomes());
    return topics;
  }

  private CrawlerSettings settings(String group, int sites) {
    return CrawlerSettings.builder()
        .maxPagesPerSite(10)
        .maxDepth(2)
        .maxSiteHops(1)
        .politenessDelayMs(0)
        .maxConcurrentSites(sites)
        .maxBodyBytes(256 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(false)
        .allowPrivateAddresses(true)
        .onlyResolvedHosts(true)
        .resolve(
            Map.of(
                "links-site.test",
                "127.0.0.1",
                "long-seed.test",
                "127.0.0.1",
                "tip-site.test",
                "127.0.0.1"))
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir.resolve("frontiers-" + group))
        .groupId(group)
        .capture(
            CaptureSettings.defaults()
                .withWarcDir((workDir.resolve("frontiers-" + group)).resolve("warc")))
        .build()
        .withCapture(CaptureSettings.defaults().withWarcEnabled(false));
  }

  private CrawlerWorker worker(String group, CrawlerSettings settings, Topics topics) {
    return CrawlerWorker.builder(settings, topics)
        .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers(), "client.id", group))
        .clock(clock)
        .build();
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            4 * 1024 * 1024),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void send(KafkaProducer<String, byte[]> producer, Topics topics, CrawlRequest r) {
    producer.send(
        new ProducerRecord<>(
            topics.crawlRequests(),
            r.site(),
            JsonSerde.of(CrawlRequest.class).serialize(topics.crawlRequests(), r)));
    producer.flush();
  }
}
