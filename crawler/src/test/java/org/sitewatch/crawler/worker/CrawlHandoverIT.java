package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.testing.TopicReader;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * Crawl state surviving the loss of a worker, and the worker's meters, against an in-process broker
 * and a loopback server that logs every request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrawlHandoverIT {
  static final CheckpointSettings CHECKPOINTS = new CheckpointSettings(5, Duration.ofSeconds(10));
  private static final int PAGES = 40;

  private final Clock clock = Clock.systemUTC();
  private Path workDir;
  private EmbeddedKafka kafka;
  private VirtualHosts web;

  @BeforeAll
  void startKafkaAndWeb() throws Exception {
    workDir = Files.createTempDirectory("handover-it");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    web = new VirtualHosts();
  }

  @AfterAll
  void tearDown() throws Exception {
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
  void aWorkerTakingOverAKilledWorkersSiteResumesItFetchingOnlyTheLastFewPagesAgain()
      throws Exception {
    String host = "handover-site.test";
    serveSite(host);
    Topics topics = createTopics("it-handover.");
    seed(topics, host);

    Process workerA = startWorkerInChildJvm(topics, host);
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> requestsTo(host).size() >= 15);
    } finally {
      workerA.destroyForcibly(); // SIGKILL: no commit, no final checkpoint, no outcome
      workerA.waitFor();
    }
    int fetchedByA = requestsTo(host).size();
    assertThat(fetchedByA).as("killed mid-crawl").isLessThan(PAGES + 1);

    try (TopicReader<Outcome> outcomes =
            new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class);
        TopicReader<FetchedPage> pages =
            new TopicReader<>(kafka.bootstrapServers(), topics.pages(), FetchedPage.class);
        CrawlerWorker workerB =
            CrawlerWorker.builder(settings(host, workDir.resolve("worker-b")), topics)
                .kafka(kafkaProps(kafka.bootstrapServers(), "worker-b"))
                .clock(clock)
                .checkpoints(CHECKPOINTS)
                .metrics(new CrawlerMetrics())
                .build()) {
      workerB.start();
      List<Outcome> crawled =
          await()
              .atMost(Duration.ofSeconds(40))
              .until(
                  () -> outcomes.matching(o -> o.kind() == Outcome.Kind.SITE_CRAWLED),
                  l -> !l.isEmpty());
      await().atMost(Duration.ofSeconds(10)).until(workerB::isIdle);

      assertThat(crawled).singleElement();
      assertThat(crawled.get(0).details()).containsEntry("result", "ok");
      Map<String, Long> fetches =
          requestsTo(host).stream()
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(fetches.keySet()).as("every page fetched").hasSize(PAGES + 1);
      long refetched = fetches.values().stream().filter(n -> n > 1).count();
      assertThat(fetches.values()).allMatch(n -> n <= 2);
      assertThat(refetched)
          .as("pages fetched by both workers (A fetched %d before it was killed)", fetchedByA)
          .isLessThanOrEqualTo(CHECKPOINTS.pages() + 1);
      assertThat(crawled.get(0).details().get("pages")).isEqualTo(Integer.toString(PAGES + 1));
      assertThat(pages.values().stream().map(FetchedPage::finalUrl).distinct()).hasSize(PAGES + 1);
      System.out.printf(
          "handover: worker A fetched %d requests before kill -9; %d page(s) fetched twice%n",
          fetchedByA, refetched);
    }
  }

  @Test
  void countsPagesBytesAndOutcomesAndServesThemAsPrometheusText() throws Exception {
    String host = "metered-site.test";
    web.add(host, "/", VirtualHosts.Response.html("<a href='/a'>a</a> <a href='/missing'>m</a>"));
    web.add(host, "/a", VirtualHosts.Response.html("<p>adult videos</p>"));
    Topics topics = createTopics("it-metrics.");
    seed(topics, host);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CrawlerMetrics metrics = new CrawlerMetrics(registry);
    try (CrawlerWorker worker =
        CrawlerWorker.builder(settings(host, workDir.resolve("metered")), topics)
            .kafka(kafkaProps(kafka.bootstrapServers(), "metered"))
            .clock(clock)
            .checkpoints(CHECKPOINTS)
            .metrics(metrics)
            .build()) {
      worker.start();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> outcomeCount(registry, "SITE_CRAWLED") > 0 && worker.isIdle());

      assertThat(metrics.pagesTotal()).isEqualTo(2);
      assertThat(metrics.bytesTotal()).isPositive();
      assertThat(outcomeCount(registry, "FETCH_FAILED")).isEqualTo(1);
      assertThat(
              registry
                  .get("sitewatch.crawler.outcomes")
                  .tags("kind", "FETCH_FAILED")
                  .counter()
                  .getId()
                  .getTag("reason"))
          .isEqualTo("http-4xx");
      assertThat(metrics.activeSites()).isZero();
      assertThat(metrics.activeHosts()).isZero();
      assertThat(metrics.queueDepth()).isZero();
      assertThat(registry.get("sitewatch.crawler.politeness.wait").timer().count()).isEqualTo(3);
      assertThat(
              registry.get("sitewatch.crawler.checkpoints").tags("state", "done").counter().count())
          .isEqualTo(1);
      // the worker's own meter: the bytes of the WARC files it wrote (unbuffered, so on disk now)
      long warcBytes = sizeOfFiles(workDir.resolve("metered").resolve("warc"));
      assertThat(warcBytes).isPositive();
      assertThat(registry.get("sitewatch.crawler.warc.written").functionCounter().count())
          .isEqualTo((double) warcBytes);

      // the Prometheus text the process's endpoint serves (infra.ops.OpsEndpoint)
      String scrape = registry.scrape();
      assertThat(scrape)
          .contains("sitewatch_crawler_pages_total 2.0")
          .contains("sitewatch_crawler_fetched_bytes_total")
          .contains("sitewatch_crawler_outcomes_total{kind=\"SITE_CRAWLED\",reason=\"ok\"} 1.0")
          .contains("sitewatch_crawler_warc_written_bytes_total " + (double) warcBytes)
          .contains("sitewatch_crawler_queue_depth 0.0")
          .contains("sitewatch_crawler_politeness_wait_seconds_count");
    }
  }

  // --- helpers ---

  private static long sizeOfFiles(Path folder) throws java.io.IOException {
    try (Stream<Path> files = Files.list(folder)) {
      long total = 0;
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".warc.gz")).toList()) {
        total += Files.size(f);
      }
      return total;
    }
  }

  private static double outcomeCount(PrometheusMeterRegistry registry, String kind) {
    return registry.find("sitewatch.crawler.outcomes").tag("kind", kind).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  static CrawlerSettings settings(String host, Path workDir) {
    return CrawlerSettings.builder()
        .maxPagesPerSite(50)
        .maxDepth(3)
        .maxSiteHops(0)
        .politenessDelayMs(200)
        .maxConcurrentSites(2)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(false) // no robots.txt: the request log then holds pages only
        .allowPrivateAddresses(true)
        .onlyResolvedHosts(true)
        .resolve(Map.of(host, "127.0.0.1"))
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir)
        .groupId("handover-it")
        .capture(CaptureSettings.defaults().withWarcDir(workDir.resolve("warc")))
        .build();
  }

  static Map<String, Object> kafkaProps(String bootstrap, String clientId) {
    return Map.of(
        "bootstrap.servers",
        bootstrap,
        "client.id",
        clientId,
        // the broker notices the killed worker after this; 6 s is the broker's minimum
        "session.timeout.ms",
        6000,
        "heartbeat.interval.ms",
        1000);
  }

  private void serveSite(String host) {
    StringBuilder index = new StringBuilder("<html><body>");
    for (int i = 0; i < PAGES; i++) {
      index.append("<a href='/p").append(i).append("'>page ").append(i).append("</a> ");
      web.add(
          host, "/p" + i, VirtualHosts.Response.html("<html><body>VIP会员 " + i + "</body></html>"));
    }
    web.add(host, "/", VirtualHosts.Response.html(index.append("</body></html>").toString()));
  }

  private Topics createTopics(String prefix) {
    Topics topics = Topics.withPrefix(prefix);
    kafka.createTopics(
        1,
        topics.crawlRequests(),
        topics.pages(),
        topics.outcomes(),
        topics.crawlState(),
        topics.crawlDiscoveries());
    return topics;
  }

  private void seed(Topics topics, String host) {
    CrawlRequest request =
        CrawlRequest.seed("http://" + host + ":" + web.port() + "/", host, clock.instant());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              topics.crawlRequests(),
              host,
              JsonSerde.of(CrawlRequest.class).serialize(topics.crawlRequests(), request)));
      producer.flush();
    }
  }

  private List<String> requestsTo(String host) {
    return web.requests().stream().filter(r -> r.startsWith(host + " ")).toList();
  }

  private Process startWorkerInChildJvm(Topics topics, String host) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = workDir.resolve("worker-a.log").toFile();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            HandoverWorkerMain.class.getName(),
            kafka.bootstrapServers(),
            "it-handover.",
            host,
            workDir.resolve("worker-a").toString())
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
  }
}
