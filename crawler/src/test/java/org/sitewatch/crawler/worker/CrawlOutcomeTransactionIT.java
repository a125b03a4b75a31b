package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.testing.TopicReader;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * A worker killed between a crawl's {@code SITE_CRAWLED} outcome and its {@code done} record leaves
 * no outcome that its successor then repeats: both are published in one transaction
 * (docs/crawl-state.md). The killed worker runs in a child JVM that halts (as {@code kill -9} does)
 * at the moment its crawl-state producer is handed the site's done record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrawlOutcomeTransactionIT {
  private static final String SLOW = "slow-site.test";
  private static final String SMALL = "small-site.test";
  private static final int SLOW_PAGES = 40;

  /** Interceptor setting: the site whose done record halts the JVM. */
  static final String HALT_SITE = "sitewatch.test.halt-before-done-of";

  private final Clock clock = Clock.systemUTC();
  private Path workDir;
  private EmbeddedKafka kafka;
  private VirtualHosts web;

  @BeforeAll
  void startKafkaAndWeb() throws Exception {
    workDir = Files.createTempDirectory("outcome-tx-it");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    web = new VirtualHosts();
    StringBuilder index = new StringBuilder("<html><body>");
    for (int i = 0; i < SLOW_PAGES; i++) {
      index.append("<a href='/p").append(i).append("'>page ").append(i).append("</a> ");
      web.add(SLOW, "/p" + i, VirtualHosts.Response.html("<p>page " + i + "</p>"));
    }
    web.add(SLOW, "/", VirtualHosts.Response.html(index.append("</body></html>").toString()));
    web.add(SMALL, "/", VirtualHosts.Response.html("<p>one page only</p>"));
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
  void aWorkerKilledBetweenOutcomeAndDoneRecordLeavesOneSiteCrawledToItsSuccessor()
      throws Exception {
    String prefix = "it-outcome-tx.";
    Topics topics = Topics.withPrefix(prefix);
    kafka.createTopics(
        1,
        topics.crawlRequests(),
        topics.pages(),
        topics.outcomes(),
        topics.crawlState(),
        topics.crawlDiscoveries());
    // two seeds in one partition: the small site finishes while the slow one still runs, so its
    // request cannot be committed before the worker dies
    send(topics.crawlRequests(), seed(SLOW));
    send(topics.crawlRequests(), seed(SMALL));

    Process workerA = startKilledWorker(prefix, "worker-a");
    try {
      await("worker A halted at the small site's done record")
          .atMost(Duration.ofSeconds(60))
          .until(() -> !workerA.isAlive());
    } finally {
      workerA.destroyForcibly();
      workerA.waitFor();
    }
    assertThat(Files.readString(workDir.resolve("worker-a.log")))
        .contains("halting before the done record of " + SMALL);

    try (TopicReader<Outcome> outcomes =
            new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class);
        CrawlerWorker workerB = worker(topics, "worker-b")) {
      workerB.start();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  siteCrawled(outcomes, SLOW) == 1
                      && siteCrawled(outcomes, SMALL) >= 1
                      && workerB.isIdle());
      assertThat(siteCrawled(outcomes, SMALL))
          .as("one SITE_CRAWLED for the small site: the killed worker's was never published")
          .isEqualTo(1);
    }
  }

  // --- helpers ---

  private CrawlerWorker worker(Topics topics, String name) {
    return CrawlerWorker.builder(
            CrawlDuplicatesIT.settings(web.port(), workDir.resolve(name)), topics)
        .kafka(CrawlDuplicatesIT.kafkaProps(kafka.bootstrapServers(), name))
        .clock(clock)
        .checkpoints(new CheckpointSettings(5, Duration.ofSeconds(10)))
        .metrics(new CrawlerMetrics())
        .build();
  }

  private CrawlRequest seed(String site) {
    return CrawlRequest.seed("http://" + site + ":" + web.port() + "/", site, clock.instant());
  }

  private void send(String topic, CrawlRequest request) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              topic, request.site(), JsonSerde.of(CrawlRequest.class).serialize(topic, request)));
      producer.flush();
    }
  }

  private static long siteCrawled(TopicReader<Outcome> outcomes, String site) {
    return outcomes
        .matching(o -> o.kind() == Outcome.Kind.SITE_CRAWLED && site.equals(o.site()))
        .size();
  }

  private Process startKilledWorker(String prefix, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File log = workDir.resolve(name + ".log").toFile();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            HaltingWorker.class.getName(),
            kafka.bootstrapServers(),
            prefix,
            Integer.toString(web.port()),
            workDir.resolve(name).toString())
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start();
  }

  /**
   * A worker in its own JVM that halts at a done record. Arguments: bootstrap, prefix, port,
   * folder.
   */
  static final class HaltingWorker {
    private HaltingWorker() {}

    public static void main(String[] args) throws Exception {
      Map<String, Object> kafkaProps =
          new HashMap<>(CrawlDuplicatesIT.kafkaProps(args[0], "worker-killed"));
      kafkaProps.put("interceptor.classes", HaltBeforeDone.class.getName());
      kafkaProps.put(HALT_SITE, SMALL);
      CrawlerWorker worker =
          CrawlerWorker.builder(
                  CrawlDuplicatesIT.settings(Integer.parseInt(args[2]), Path.of(args[3])),
                  Topics.withPrefix(args[1]))
              .kafka(kafkaProps)
              .clock(Clock.systemUTC())
              .checkpoints(new CheckpointSettings(5, Duration.ofSeconds(10)))
              .metrics(new CrawlerMetrics())
              .build();
      worker.start();
      new CountDownLatch(1).await(); // until it halts
    }
  }

  /**
   * Halts the JVM (no shutdown hooks, no flush, no commit: as {@code kill -9}) when a producer is
   * handed the done record of the configured site; every other record passes. Also a consumer
   * interceptor, since the worker's consumers get the same settings.
   */
  public static final class HaltBeforeDone
      implements ProducerInterceptor<Object, Object>, ConsumerInterceptor<Object, Object> {
    private String site;

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
      if (site != null
          && site.equals(record.key())
          && record.topic().endsWith("crawl-state")
          && record.value() instanceof byte[] value
          && new String(value, StandardCharsets.UTF_8).contains("\"state\":\"DONE\"")) {
        System.out.println("halting before the done record of " + site);
        System.out.flush();
        Runtime.getRuntime().halt(137);
      }
      return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {}

    @Override
    public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
      return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {
      Object s = configs.get(HALT_SITE);
      site = s == null ? null : s.toString();
    }
  }
}
