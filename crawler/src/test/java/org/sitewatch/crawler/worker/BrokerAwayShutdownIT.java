package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * Closing a worker whose broker went away: the close ends (the stop time is printed), and nothing
 * that could not be published counts as done: no committed offset, no done record, no "ok" outcome;
 * the request is left to the next worker. The broker is stopped mid-crawl and reopened on the same
 * folder afterwards to look.
 */
class BrokerAwayShutdownIT {
  private static final String SITE = "away-site.test";
  private static final String GROUP = "broker-away-it";
  private static final int PAGES = 40;

  private final Clock clock = Clock.systemUTC();
  private Path workDir;
  private EmbeddedKafka kafka;
  private VirtualHosts web;

  @BeforeEach
  void startKafkaAndWeb() throws Exception {
    workDir = Files.createTempDirectory("broker-away-it");
    kafka = EmbeddedKafka.open(workDir.resolve("kafka"));
    web = new VirtualHosts();
    StringBuilder index = new StringBuilder("<html><body>");
    for (int i = 0; i < PAGES; i++) {
      index.append("<a href='/p").append(i).append("'>page ").append(i).append("</a> ");
      web.add(SITE, "/p" + i, VirtualHosts.Response.html("<p>page " + i + "</p>"));
    }
    web.add(SITE, "/", VirtualHosts.Response.html(index.append("</body></html>").toString()));
  }

  @AfterEach
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
  void closingWithTheBrokerAwayEndsAndLeavesTheUnpublishedCrawlToTheNextWorker() throws Exception {
    Topics topics = Topics.withPrefix("it-away.");
    kafka.createTopics(
        1,
        topics.crawlRequests(),
        topics.pages(),
        topics.outcomes(),
        topics.crawlState(),
        topics.crawlDiscoveries());
    seed(topics);

    CrawlerWorker worker =
        CrawlerWorker.builder(settings(), topics)
            .kafka(
                Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "client.id",
                    "away",
                    "session.timeout.ms",
                    6000,
                    "heartbeat.interval.ms",
                    1000))
            .clock(clock)
            .checkpoints(new CheckpointSettings(5, Duration.ofSeconds(10)))
            .metrics(new CrawlerMetrics())
            .build();
    try {
      worker.start();
      try (TopicReader<FetchedPage> pages =
          new TopicReader<>(kafka.bootstrapServers(), topics.pages(), FetchedPage.class)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> pages.values().size() >= 3);
      }
      kafka.close(); // the broker goes away mid-crawl (its folder is kept)
      kafka = null;

      long start = System.nanoTime();
      worker.close();
      long stopMs = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("broker away: worker.close() took %d ms%n", stopMs);
      assertThat(worker.isRunning()).isFalse();
    } finally {
      worker.close();
    }

    kafka = EmbeddedKafka.open(workDir.resolve("kafka"));
    OffsetAndMetadata committed = committedOffset(topics);
    assertThat(committed == null ? 0 : committed.offset())
        .as("the request is not committed: the next worker crawls it")
        .isZero();
    assertThat(values(topics.crawlState()))
        .as("no done record for output that was not delivered")
        .noneMatch(v -> v.contains("\"state\":\"DONE\""));
    JsonSerde<Outcome> serde = JsonSerde.of(Outcome.class);
    assertThat(values(topics.outcomes()))
        .map(v -> serde.deserialize(topics.outcomes(), v.getBytes(StandardCharsets.UTF_8)))
        .filteredOn(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
        .noneMatch(o -> "ok".equals(o.details().get("result")));
  }

  // --- helpers ---

  private CrawlerSettings settings() {
    return CrawlerSettings.builder()
        .maxPagesPerSite(50)
        .maxDepth(2)
        .maxSiteHops(0)
        .politenessDelayMs(200)
        .maxConcurrentSites(2)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(false)
        .allowPrivateAddresses(true)
        .onlyResolvedHosts(true)
        .resolve(Map.of(SITE, "127.0.0.1"))
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir.resolve("worker"))
        .groupId(GROUP)
        .capture(CaptureSettings.defaults().withWarcDir(workDir.resolve("warc")))
        .build();
  }

  private void seed(Topics topics) {
    CrawlRequest request =
        CrawlRequest.seed("http://" + SITE + ":" + web.port() + "/", SITE, clock.instant());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              topics.crawlRequests(),
              SITE,
              JsonSerde.of(CrawlRequest.class).serialize(topics.crawlRequests(), request)));
      producer.flush();
    }
  }

  private OffsetAndMetadata committedOffset(Topics topics) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin
          .listConsumerGroupOffsets(GROUP)
          .partitionsToOffsetAndMetadata()
          .get()
          .get(new TopicPartition(topics.crawlRequests(), 0));
    }
  }

  /** The values of partition 0 of {@code topic}, read from its beginning to its end. */
  private List<String> values(String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    TopicPartition p0 = new TopicPartition(topic, 0);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> reader =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      reader.assign(Set.of(p0));
      reader.seekToBeginning(Set.of(p0));
      long end = reader.endOffsets(Set.of(p0)).get(p0);
      while (reader.position(p0) < end) {
        for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return values;
  }
}
