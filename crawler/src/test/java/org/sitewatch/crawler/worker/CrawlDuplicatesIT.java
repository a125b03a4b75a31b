package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * A site is crawled once per request across workers: a successor neither repeats a crawl that a
 * killed worker finished (but could not commit yet) nor crawls again, for a discovered link, a site
 * that another worker crawled a moment ago, and a crawl whose partition moves to a joining worker
 * ends with one outcome (docs/crawl-state.md). In-process broker, loopback sites, the killed worker
 * in a child JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrawlDuplicatesIT {
  private static final String SLOW = "slow-site.test";
  private static final String SLOW_TWO = "slow-two.test";
  private static final String SMALL = "small-site.test";
  private static final String SHOP = "shop-site.test";
  private static final int SLOW_PAGES = 40;

  private final Clock clock = Clock.systemUTC();
  private Path workDir;
  private EmbeddedKafka kafka;
  private VirtualHosts web;

  @BeforeAll
  void startKafkaAndWeb() throws Exception {
    workDir = Files.createTempDirectory("duplicates-it");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    web = new VirtualHosts();
    StringBuilder index = new StringBuilder("<html><body>");
    for (int i = 0; i < SLOW_PAGES; i++) {
      index.append("<a href='/p").append(i).append("'>page ").append(i).append("</a> ");
      web.add(SLOW, "/p" + i, VirtualHosts.Response.html("<p>page " + i + "</p>"));
    }
    web.add(SLOW, "/", VirtualHosts.Response.html(index.append("</body></html>").toString()));
    StringBuilder two = new StringBuilder("<html><body>");
    for (int i = 0; i < SLOW_PAGES; i++) {
      two.append("<a href='/q").append(i).append("'>page ").append(i).append("</a> ");
      web.add(SLOW_TWO, "/q" + i, VirtualHosts.Response.html("<p>page " + i + "</p>"));
    }
    web.add(SLOW_TWO, "/", VirtualHosts.Response.html(two.append("</body></html>").toString()));
    web.add(SMALL, "/", VirtualHosts.Response.html("<p>one page only</p>"));
    web.add(SHOP, "/", VirtualHosts.Response.html("<p>a shop</p>"));
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
  void aSuccessorOnlyCommitsADiscoveryThatAKilledWorkerFinishedButCouldNotCommit()
      throws Exception {
    String prefix = "it-dup-kill.";
    Topics topics = createTopics(prefix);
    // two discoveries in one partition: the small site finishes while the slow one still runs, so
    // the small one's offset cannot be committed before the worker is killed
    send(topics.crawlDiscoveries(), link(SLOW));
    send(topics.crawlDiscoveries(), link(SMALL));

    try (TopicReader<Outcome> outcomes =
        new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class)) {
      Process workerA = startKilledWorker(prefix, "worker-a");
      try {
        await("worker A published the small site's outcome and its done record")
            .atMost(Duration.ofSeconds(40))
            .until(() -> siteCrawled(outcomes, SMALL) == 1 && doneRecordOf(topics, SMALL));
        assertThat(siteCrawled(outcomes, SLOW)).as("still crawling the slow site").isZero();
      } finally {
        workerA.destroyForcibly(); // SIGKILL: no commit
        workerA.waitFor();
      }

      try (CrawlerWorker workerB = worker(topics, "worker-b")) {
        workerB.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> siteCrawled(outcomes, SLOW) == 1 && workerB.isIdle());
        assertThat(siteCrawled(outcomes, SMALL))
            .as("the successor does not crawl the finished discovery again")
            .isEqualTo(1);
      }
    }
  }

  @Test
  void aLinkToASiteThatAnotherWorkerCrawledAMomentAgoIsSkipped() throws Exception {
    Topics topics = createTopics("it-dup-link.");
    send(
        topics.crawlRequests(),
        CrawlRequest.seed("http://" + SHOP + ":" + web.port() + "/", SHOP, clock.instant()));
    try (TopicReader<Outcome> outcomes =
        new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class)) {
      try (CrawlerWorker workerA = worker(topics, "worker-a")) {
        workerA.start();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> siteCrawled(outcomes, SHOP) == 1 && workerA.isIdle());
      } // the partition moves to worker B, which never crawled the site

      send(topics.crawlDiscoveries(), link(SHOP));
      try (CrawlerWorker workerB = worker(topics, "worker-b")) {
        workerB.start();
        await("worker B handled the link")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    workerB.isIdle()
                        && (siteCrawled(outcomes, SHOP) > 1
                            || !outcomes
                                .matching(
                                    o -> o.kind() == Outcome.Kind.SKIPPED && SHOP.equals(o.site()))
                                .isEmpty()));
        assertThat(siteCrawled(outcomes, SHOP)).as("not crawled a second time").isEqualTo(1);
        assertThat(
                outcomes.matching(o -> o.kind() == Outcome.Kind.SKIPPED && SHOP.equals(o.site())))
            .singleElement()
            .satisfies(o -> assertThat(o.details()).containsEntry("source", "LINK"));
      }
    }
  }

  @Test
  void aCrawlWhosePartitionMovesToAJoiningWorkerEndsOnlyThere() throws Exception {
    String prefix = "it-dup-move.";
    Topics topics = createTopics(prefix, 2);
    // one slow site per partition, both crawled by worker A until worker B joins and one of the
    // partitions moves (cooperative rebalance: A keeps running while it gives the partition up)
    send(topics.crawlRequests(), 0, seed(SLOW));
    send(topics.crawlRequests(), 1, seed(SLOW_TWO));
    try (TopicReader<Outcome> outcomes =
            new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class);
        CrawlerWorker workerA = worker(topics, "worker-a")) {
      workerA.start();
      await("worker A checkpointed both crawls")
          .atMost(Duration.ofSeconds(40))
          .until(
              () ->
                  stateOf(topics, 0, SLOW).contains("\"state\":\"RUNNING\"")
                      && stateOf(topics, 1, SLOW_TWO).contains("\"state\":\"RUNNING\""));
      try (CrawlerWorker workerB = worker(topics, "worker-b")) {
        workerB.start();
        await("worker B was given a partition")
            .atMost(Duration.ofSeconds(30))
            .until(workerB::hasAssignment);
        assertThat(siteCrawled(outcomes, SLOW) + siteCrawled(outcomes, SLOW_TWO))
            .as("premise: the partition moved while its crawl ran")
            .isZero();
        await("both sites crawled, both workers idle")
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    siteCrawled(outcomes, SLOW) >= 1
                        && siteCrawled(outcomes, SLOW_TWO) >= 1
                        && workerA.isIdle()
                        && workerB.isIdle());
        assertThat(siteCrawled(outcomes, SLOW)).as("one SITE_CRAWLED for " + SLOW).isEqualTo(1);
        assertThat(siteCrawled(outcomes, SLOW_TWO))
            .as("one SITE_CRAWLED for " + SLOW_TWO)
            .isEqualTo(1);
      }
    }
  }

  // --- helpers ---

  private CrawlRequest seed(String site) {
    return CrawlRequest.seed("http://" + site + ":" + web.port() + "/", site, clock.instant());
  }

  private CrawlerWorker worker(Topics topics, String name) {
    return CrawlerWorker.builder(settings(web.port(), workDir.resolve(name)), topics)
        .kafka(kafkaProps(kafka.bootstrapServers(), name))
        .clock(clock)
        .checkpoints(new CheckpointSettings(5, Duration.ofSeconds(10)))
        .metrics(new CrawlerMetrics())
        .build();
  }

  static CrawlerSettings settings(int port, Path workDir) {
    return CrawlerSettings.builder()
        .maxPagesPerSite(50)
        .maxDepth(2)
        .maxSiteHops(1)
        .politenessDelayMs(200)
        .maxConcurrentSites(3) // two discovery crawls at a time (one thread is kept for seeds)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(false)
        .allowPrivateAddresses(true)
        .onlyResolvedHosts(true)
        .resolve(
            Map.of(SLOW, "127.0.0.1", SLOW_TWO, "127.0.0.1", SMALL, "127.0.0.1", SHOP, "127.0.0.1"))
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir)
        .groupId("duplicates-it")
        .capture(CaptureSettings.defaults().withWarcDir(workDir.resolve("warc")))
        .build();
  }

  static Map<String, Object> kafkaProps(String bootstrap, String clientId) {
    return Map.of(
        "bootstrap.servers",
        bootstrap,
        "client.id",
        clientId,
        "session.timeout.ms",
        6000, // the broker's minimum: the killed worker's partitions move after this
        "heartbeat.interval.ms",
        1000,
        // a killed worker's open crawl-state transaction holds back committed readers of its
        // outcome partitions until the broker aborts it after this (the default is 60 s)
        "transaction.timeout.ms",
        10000);
  }

  private CrawlRequest link(String site) {
    return new CrawlRequest(
        CrawlRequest.VERSION,
        "http://" + site + ":" + web.port() + "/",
        site,
        CrawlRequest.Source.LINK,
        1,
        "http://referrer.test/",
        clock.instant(),
        0,
        null);
  }

  private Topics createTopics(String prefix) {
    return createTopics(prefix, 1);
  }

  private Topics createTopics(String prefix, int partitions) {
    Topics topics = Topics.withPrefix(prefix);
    kafka.createTopics(
        partitions,
        topics.crawlRequests(),
        topics.pages(),
        topics.outcomes(),
        topics.crawlState(),
        topics.crawlDiscoveries());
    return topics;
  }

  private void send(String topic, CrawlRequest request) {
    send(topic, null, request);
  }

  private void send(String topic, Integer partition, CrawlRequest request) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              topic,
              partition,
              request.site(),
              JsonSerde.of(CrawlRequest.class).serialize(topic, request)));
      producer.flush();
    }
  }

  private static long siteCrawled(TopicReader<Outcome> outcomes, String site) {
    return outcomes
        .matching(o -> o.kind() == Outcome.Kind.SITE_CRAWLED && site.equals(o.site()))
        .size();
  }

  /** Whether the crawl-state topic holds, as its latest record of {@code site}, a done record. */
  private boolean doneRecordOf(Topics topics, String site) {
    return stateOf(topics, 0, site).contains("\"state\":\"DONE\"");
  }

  /** The latest crawl-state record of {@code site} in {@code partition} (JSON), or "". */
  private String stateOf(Topics topics, int partition, String site) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    TopicPartition p0 = new TopicPartition(topics.crawlState(), partition);
    String latest = null;
    try (KafkaConsumer<String, byte[]> reader =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      reader.assign(List.of(p0));
      reader.seekToBeginning(List.of(p0));
      long end = reader.endOffsets(List.of(p0)).get(p0);
      while (reader.position(p0) < end) {
        for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
          if (site.equals(r.key())) {
            latest = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
          }
        }
      }
    }
    return latest == null ? "" : latest;
  }

  private Process startKilledWorker(String prefix, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = workDir.resolve(name + ".log").toFile();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            KilledWorker.class.getName(),
            kafka.bootstrapServers(),
            prefix,
            Integer.toString(web.port()),
            workDir.resolve(name).toString())
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
  }

  /** A worker in its own JVM, killed by the test. Arguments: bootstrap, prefix, port, folder. */
  static final class KilledWorker {
    private KilledWorker() {}

    public static void main(String[] args) throws Exception {
      CrawlerWorker worker =
          CrawlerWorker.builder(
                  settings(Integer.parseInt(args[2]), Path.of(args[3])), Topics.withPrefix(args[1]))
              .kafka(kafkaProps(args[0], "worker-killed"))
              .clock(Clock.systemUTC())
              .checkpoints(new CheckpointSettings(5, Duration.ofSeconds(10)))
              .metrics(new CrawlerMetrics())
              .build();
      worker.start();
      System.out.println("worker started at " + Instant.now());
      new CountDownLatch(1).await(); // until killed
    }
  }
}
