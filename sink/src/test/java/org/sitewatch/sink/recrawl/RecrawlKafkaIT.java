package org.sitewatch.sink.recrawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sitewatch.sink.Verdicts.flagged;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.intake.SinkSettings;
import org.sitewatch.sink.store.LeadStore;

/** The recrawl loop through a real broker: due lead -> crawl request; recrawl outcome -> check. */
class RecrawlKafkaIT {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;
  private static TestDatabase postgres;

  @BeforeAll
  static void startInfrastructure() {
    kafka = EmbeddedKafka.start();
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopInfrastructure() throws Exception {
    kafka.close();
    postgres.close();
  }

  @Test
  void aDueLeadIsRequestedAndTheRecrawlOutcomeBecomesACheck() {
    Topics topics = Topics.withPrefix("recrawl-it.");
    kafka.createTopics(2, topics.crawlRequests(), topics.outcomes());
    DataSource db = postgres.migratedDatabase();
    MutableClock clock = new MutableClock(T0);
    LeadStore store = new LeadStore(db, clock);
    store.apply(flagged("vip-videos.example", 1, 0.8));
    store.apply(flagged("member-movies.example", 1, 0.7));
    long lead = store.findBySite("vip-videos.example").orElseThrow().id();
    clock.advance(Duration.ofHours(25));
    SinkSettings settings =
        SinkSettings.builder()
            .groupId("recrawl-it")
            .pollTimeout(Duration.ofMillis(200))
            .recrawl(new RecrawlSettings(Duration.ofHours(24), Duration.ofMinutes(10)))
            .build();

    try (Recrawler recrawler =
            Recrawler.kafka(settings.recrawl(), db, kafka.clientProps(), topics, clock);
        CheckRecorder recorder =
            new CheckRecorder(settings, db, kafka.clientProps(), topics, clock);
        KafkaProducer<String, Outcome> producer =
            new KafkaProducer<>(
                kafka.clientProps(), new StringSerializer(), JsonSerde.of(Outcome.class))) {
      recrawler.start(); // the first look is immediate
      List<CrawlRequest> requests = readRequests(topics, 2);
      assertThat(requests)
          .extracting(CrawlRequest::site)
          .containsExactlyInAnyOrder("vip-videos.example", "member-movies.example");
      assertThat(requests)
          .allSatisfy(r -> assertThat(r.source()).isEqualTo(CrawlRequest.Source.RECRAWL));

      recorder.start();
      // other outcomes on the topic are passed over
      producer.send(
          new ProducerRecord<>(
              topics.outcomes(),
              "vip-videos.example",
              Outcome.of(
                  "vip-videos.example",
                  null,
                  Outcome.Stage.CRAWLER,
                  Outcome.Kind.SKIPPED,
                  "busy",
                  clock.instant())));
      Outcome gone =
          LeadChecksIT.failed(
              "vip-videos.example",
              clock.instant(),
              null,
              "DNS lookup failed for vip-videos.example: no such host");
      producer.send(new ProducerRecord<>(topics.outcomes(), gone.site(), gone));
      producer.send(new ProducerRecord<>(topics.outcomes(), gone.site(), gone)); // a replay
      producer.flush();

      LeadChecks checks = new LeadChecks(db, clock);
      // the replay is the third outcome sent: once its offset is committed it was handled
      awaitConsumed(topics.outcomes(), settings.checksGroupId(), 3);
      assertThat(recorder.recorded()).as("the replay records no second check").isEqualTo(1);
      assertThat(checks.checks(lead, 10))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.state()).isEqualTo(CheckState.GONE);
                assertThat(c.reason()).isEqualTo("DNS lookup failed");
              });
      assertThat(checks.summary(lead).orElseThrow().goneSince())
          .contains(gone.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
      assertThat(recorder.isRunning()).isTrue();
    }
  }

  @Test
  void aSecondSiteCrawledOutcomeForTheSameRecheckRecordsNoSecondCheck() throws Exception {
    Topics topics = Topics.withPrefix("recrawl-twice-it.");
    kafka.createTopics(1, topics.crawlRequests(), topics.outcomes());
    TestDatabase.RoleDatabases roles = postgres.roleDatabases();
    DataSource db = roles.sink();
    MutableClock clock = new MutableClock(T0);
    LeadStore store = new LeadStore(db, clock);
    store.apply(flagged("vip-videos.example", 1, 0.8));
    long lead = store.findBySite("vip-videos.example").orElseThrow().id();
    clock.advance(Duration.ofHours(25));
    SinkSettings settings =
        SinkSettings.builder()
            .groupId("recrawl-twice-it")
            .pollTimeout(Duration.ofMillis(200))
            .recrawl(new RecrawlSettings(Duration.ofHours(24), Duration.ofMinutes(10)))
            .build();

    try (Recrawler recrawler =
            Recrawler.kafka(settings.recrawl(), db, kafka.clientProps(), topics, clock);
        CheckRecorder recorder =
            new CheckRecorder(settings, db, kafka.clientProps(), topics, clock);
        KafkaProducer<String, Outcome> producer =
            new KafkaProducer<>(
                kafka.clientProps(), new StringSerializer(), JsonSerde.of(Outcome.class))) {
      recrawler.start();
      assertThat(readRequests(topics, 1))
          .singleElement()
          .satisfies(r -> assertThat(r.source()).isEqualTo(CrawlRequest.Source.RECRAWL));
      recorder.start();
      // the crawler sends SITE_CRAWLED, is killed before its DONE checkpoint, and its successor
      // crawls the site again and sends a second SITE_CRAWLED, minutes later
      Outcome first =
          LeadChecksIT.failed(
              "vip-videos.example", clock.instant().plusSeconds(30), "404", "HTTP 404");
      Outcome second =
          LeadChecksIT.failed(
              "vip-videos.example", clock.instant().plusSeconds(400), "404", "HTTP 404");
      producer.send(new ProducerRecord<>(topics.outcomes(), first.site(), first));
      producer.send(new ProducerRecord<>(topics.outcomes(), second.site(), second));
      // a marker outcome for another site: once it is read, both outcomes above were handled
      producer.send(
          new ProducerRecord<>(
              topics.outcomes(),
              "zz-marker.example",
              Outcome.of(
                  "zz-marker.example",
                  null,
                  Outcome.Stage.CRAWLER,
                  Outcome.Kind.SKIPPED,
                  "marker",
                  clock.instant())));
      producer.flush();

      await().atMost(WAIT).until(() -> recorder.recorded() >= 1);
      awaitConsumed(topics.outcomes(), settings.checksGroupId(), 3);
      assertThat(new LeadChecks(db, clock).checks(lead, 10))
          .singleElement()
          .satisfies(
              c ->
                  assertThat(c.checkedAt())
                      .isEqualTo(first.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
      assertThat(recorder.recorded()).isEqualTo(1);
    }
  }

  /** Waits until the group has committed offsets past {@code records} records of the topic. */
  private static void awaitConsumed(String topic, String group, long records) {
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  admin
                          .listConsumerGroupOffsets(group)
                          .partitionsToOffsetAndMetadata()
                          .get()
                          .entrySet()
                          .stream()
                          .filter(e -> e.getKey().topic().equals(topic))
                          .mapToLong(e -> e.getValue().offset())
                          .sum()
                      >= records);
    }
  }

  private static List<CrawlRequest> readRequests(Topics topics, int expected) {
    List<CrawlRequest> read = new ArrayList<>();
    try (KafkaConsumer<String, CrawlRequest> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + topics.crawlRequests(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            JsonSerde.of(CrawlRequest.class))) {
      consumer.subscribe(List.of(topics.crawlRequests()));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (ConsumerRecord<String, CrawlRequest> r :
                    consumer.poll(Duration.ofMillis(200))) {
                  read.add(r.value());
                }
                return read.size() >= expected;
              });
    }
    return read;
  }
}
