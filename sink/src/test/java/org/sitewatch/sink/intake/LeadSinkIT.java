package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sitewatch.sink.Verdicts.flagged;
import static org.sitewatch.sink.Verdicts.unflagged;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.sink.SwitchableDataSource;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.Verdicts;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.store.LeadStore;

class LeadSinkIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger RUNS = new AtomicInteger();

  private static EmbeddedKafka kafka;
  private static TestDatabase postgres;
  private static KafkaProducer<String, byte[]> producer;

  private final Clock clock = Clock.systemUTC();
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private Topics topics;
  private SinkSettings settings;
  private DataSource dataSource;
  private LeadStore store;
  private final List<LeadSink> sinks = new ArrayList<>();

  @BeforeAll
  static void startInfrastructure() {
    kafka = EmbeddedKafka.start();
    postgres = TestDatabase.start();
    producer =
        new KafkaProducer<>(kafka.clientProps(), new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopInfrastructure() throws Exception {
    producer.close();
    kafka.close();
    postgres.close();
  }

  @BeforeEach
  void freshTopicsAndDatabase() {
    int run = RUNS.incrementAndGet();
    topics = Topics.withPrefix("run" + run + ".");
    kafka.createTopics(2, topics.verdicts(), topics.outcomes());
    settings = new SinkSettings("sink-run" + run, Duration.ofMillis(200));
    dataSource = postgres.migratedDatabase();
    store = new LeadStore(dataSource, clock);
  }

  @AfterEach
  void closeSinks() {
    sinks.forEach(LeadSink::close);
  }

  @Test
  void verdictsOnTheTopicBecomeLeadsAndAreAnnounced() {
    start(dataSource);

    send(flagged("vip-videos.example", 1, 0.7));
    send(flagged("member-movies.example", 1, 0.9));
    send(unflagged("news-about-the-campaign.example", 1, 0.1));
    send(flagged("vip-videos.example", 2, 0.8));

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(store.findAll())
                    .extracting(Lead::site, Lead::revision)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("member-movies.example", 1L),
                        org.assertj.core.groups.Tuple.tuple("vip-videos.example", 2L)));
    assertThat(heard)
        .containsExactlyInAnyOrder(
            "OPENED vip-videos.example 1",
            "OPENED member-movies.example 1",
            "UPDATED vip-videos.example 2");
  }

  @Test
  void garbageRecordBecomesAnOutcomeAndLaterVerdictsStillLand() {
    start(dataSource);

    sendRaw("broken.example", "{not json at all".getBytes(StandardCharsets.UTF_8));
    send(flagged("broken.example", 1, 0.75));

    await().atMost(WAIT).until(() -> store.findBySite("broken.example").isPresent());
    List<Outcome> outcomes = awaitOutcomes(1);
    Outcome outcome = outcomes.get(0);
    assertThat(outcome.site()).isEqualTo("broken.example");
    assertThat(outcome.stage()).isEqualTo(Outcome.Stage.SINK);
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
    assertThat(outcome.reason()).contains("SiteVerdict");
    assertThat(outcome.details()).containsKeys("topic", "partition", "offset");
  }

  @Test
  void verdictTheDatabaseRejectsBecomesAnOutcomeAndTheBatchStillLands() {
    start(dataSource);

    send(flagged("nul\u0000byte.example", 1, 0.8));
    send(flagged("vip-videos.example", 1, 0.8));

    await().atMost(WAIT).until(() -> store.findBySite("vip-videos.example").isPresent());
    Outcome outcome = awaitOutcomes(1).get(0);
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.OTHER);
    assertThat(outcome.reason()).startsWith("database rejected verdict revision 1");
    assertThat(store.findAll()).extracting(Lead::site).containsExactly("vip-videos.example");
  }

  @Test
  void verdictsProducedTwiceYieldNoDuplicateLeadsOrHistory() {
    start(dataSource);
    List<SiteVerdict> verdicts =
        List.of(
            flagged("vip-videos.example", 1, 0.7),
            flagged("member-movies.example", 1, 0.9),
            flagged("vip-videos.example", 2, 0.8));

    verdicts.forEach(this::send);
    awaitAllConsumed();
    verdicts.forEach(this::send);
    send(flagged("vip-videos.example", 1, 0.7));
    awaitAllConsumed();

    assertThat(store.findAll()).hasSize(2);
    assertThat(store.history("vip-videos.example"))
        .extracting(LeadEvent::revision)
        .containsExactly(1L, 2L);
    assertThat(store.history("member-movies.example")).hasSize(1);
    assertThat(heard).hasSize(3);
  }

  @Test
  void twoSinksConsumingTheSameVerdictsAtOnceLeaveTheSameLeadsAndHistoryAsOneStore() {
    SinkSettings shared = settings;
    settings = new SinkSettings(shared.groupId() + "-a", shared.pollTimeout());
    start(dataSource);
    settings = new SinkSettings(shared.groupId() + "-b", shared.pollTimeout());
    start(dataSource);
    List<SiteVerdict> verdicts = new ArrayList<>();
    for (int revision = 1; revision <= 3; revision++) {
      for (int i = 0; i < 30; i++) {
        // every 4th site is never flagged; every 4th + 1 only from revision 2 on
        boolean flag = i % 4 != 0 && !(i % 4 == 1 && revision == 1);
        verdicts.add(
            Verdicts.verdict("site-" + i + ".example", revision, flag, 0.5 + revision / 10.0));
      }
    }
    verdicts.forEach(this::send);

    LeadStore reference = new LeadStore(postgres.migratedDatabase(), clock);
    verdicts.forEach(reference::apply);
    List<String> expected = leadsAndHistory(reference);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(leadsAndHistory(store)).isEqualTo(expected));
    assertThat(expected).hasSize(22); // 30 sites, 8 never flagged
  }

  /** Each lead as site, revision, score and the revisions of its history, in site order. */
  private static List<String> leadsAndHistory(LeadStore leads) {
    return leads.findAll().stream()
        .sorted(java.util.Comparator.comparing(Lead::site))
        .map(
            l ->
                l.site()
                    + " r"
                    + l.revision()
                    + " "
                    + l.score()
                    + " history "
                    + leads.history(l.site()).stream().map(LeadEvent::revision).toList())
        .toList();
  }

  @Test
  void databaseOutageDelaysLeadsButLosesNone() throws Exception {
    SwitchableDataSource flaky = new SwitchableDataSource(dataSource);
    flaky.goDown();
    start(flaky);

    send(flagged("vip-videos.example", 1, 0.7));
    send(flagged("member-movies.example", 1, 0.9));
    await().atMost(WAIT).until(() -> flaky.refusedConnections() >= 3);

    assertThat(store.findAll()).isEmpty();
    assertThat(committedOffsets()).isEmpty();

    flaky.comeBack();
    await().atMost(WAIT).untilAsserted(() -> assertThat(store.findAll()).hasSize(2));
    awaitAllConsumed();
    assertThat(readOutcomes()).isEmpty();
  }

  @Test
  void closeStopsTheConsumerPromptlyAndTwice() {
    LeadSink sink = start(dataSource);
    send(flagged("vip-videos.example", 1, 0.7));
    await().atMost(WAIT).until(() -> store.findBySite("vip-videos.example").isPresent());

    Instant before = Instant.now();
    sink.close();
    sink.close();

    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(10));
    assertThat(sink.isRunning()).isFalse();
  }

  private LeadSink start(DataSource ds) {
    LeadSink sink =
        new LeadSink(
            settings,
            ds,
            kafka.clientProps(),
            topics,
            clock,
            (lead, result) -> heard.add(result + " " + lead.site() + " " + lead.revision()));
    sinks.add(sink);
    sink.start();
    return sink;
  }

  private void send(SiteVerdict verdict) {
    sendRaw(verdict.site(), JsonSerde.of(SiteVerdict.class).serialize(topics.verdicts(), verdict));
  }

  private void sendRaw(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topics.verdicts(), key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Outcome> awaitOutcomes(int count) {
    List<Outcome> seen = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              seen.clear();
              seen.addAll(readOutcomes());
              return seen.size() >= count;
            });
    return seen;
  }

  /** Everything on the outcomes topic so far. */
  private List<Outcome> readOutcomes() {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<String, Outcome> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), JsonSerde.of(Outcome.class))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topics.outcomes()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<Outcome> outcomes = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, Outcome> r : consumer.poll(Duration.ofMillis(200))) {
          outcomes.add(r.value());
        }
      }
      return outcomes;
    }
  }

  /** Waits until the sink's group has committed every verdict produced so far. */
  private void awaitAllConsumed() {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Map<TopicPartition, Long> end = endOffsets();
              Map<TopicPartition, Long> committed = committedOffsets();
              return end.entrySet().stream()
                  .allMatch(
                      e -> e.getValue() == 0 || e.getValue().equals(committed.get(e.getKey())));
            });
  }

  private Map<TopicPartition, Long> committedOffsets() throws Exception {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(settings.groupId()).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getValue() != null)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
      for (int p = 0; p < 2; p++) {
        request.put(new TopicPartition(topics.verdicts(), p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
          admin.listOffsets(request).all().get();
      return result.entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
  }
}
