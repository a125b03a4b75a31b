package org.sitewatch.infra.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.sink.TestDatabase;

/**
 * The classifier and the sink stop even when the broker went away first: their Kafka clients are
 * closed with bounded waits instead of waiting for a broker that does not answer. The time each
 * close took is printed (the target is 5 s; a test machine's load must not fail the build,
 * so it is measured, not asserted).
 */
class StopWithBrokerAwayIT {
  private static final Duration READY = Duration.ofSeconds(90);

  @TempDir Path work;
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  @AfterEach
  void closeWhatIsLeft() {
    Closer.closeAll(open, null);
  }

  @ParameterizedTest(name = "exactly-once {0}, broker away {1}")
  @CsvSource({"false, true", "true, true", "true, false"})
  void theClassifierStopsWithTheBrokerAway(boolean exactlyOnce, boolean brokerAway) {
    EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
    open.push(kafka);
    SitewatchConfig cfg = config(kafka, exactlyOnce);
    Map<String, Object> props = KafkaClients.props(cfg.kafka());
    createTopics(cfg, props);

    ClassifierStage classifier =
        new ClassifierStage(
            cfg,
            props,
            Clock.systemUTC(),
            ClassifierStage.Tuning.process(cfg.classifierState().dir()),
            new SimpleMeterRegistry());
    open.push(classifier);
    awaitStableGroups(props, List.of(cfg.classifier().applicationId()));

    if (brokerAway) {
      open.remove(kafka);
      kafka.close();
    }
    long start = System.nanoTime();
    open.remove(classifier);
    classifier.close();
    report(
        "classifier (exactly-once "
            + exactlyOnce
            + ", broker "
            + (brokerAway ? "away" : "up")
            + ")",
        start);
    assertThat(classifier.failure()).as("the classifier has stopped").isPresent();
  }

  @ParameterizedTest(name = "broker away {0}")
  @ValueSource(booleans = {true, false})
  void theSinkStopsWithTheBrokerAway(boolean brokerAway) {
    EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
    open.push(kafka);
    TestDatabase databases = TestDatabase.start();
    open.push(databases);
    Database db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
    open.push(db);
    SitewatchConfig cfg = config(kafka, false);
    Map<String, Object> props = KafkaClients.props(cfg.kafka());
    createTopics(cfg, props);

    SinkStage sink =
        new SinkStage(
            cfg,
            db.dataSource(),
            props,
            Clock.systemUTC(),
            (lead, result) -> {},
            new SimpleMeterRegistry());
    open.push(sink);
    awaitStableGroups(
        props, List.of(cfg.sink().groupId(), cfg.sink().checksGroupId(), cfg.sink().tipsGroupId()));

    if (brokerAway) {
      open.remove(kafka);
      kafka.close();
    }
    long start = System.nanoTime();
    open.remove(sink);
    sink.close();
    report("sink (broker " + (brokerAway ? "away" : "up") + ")", start);
    assertThat(sink.failure()).as("every part of the sink has stopped").isPresent();
  }

  private SitewatchConfig config(EmbeddedKafka kafka, boolean exactlyOnce) {
    return ConfigLoader.load(
        Optional.empty(),
        Map.of(),
        Map.of(
            "kafka.bootstrap-servers",
            kafka.bootstrapServers(),
            "local.data-dir",
            work.resolve("data").toString(),
            "classifier.exactly-once",
            Boolean.toString(exactlyOnce)));
  }

  private static void createTopics(SitewatchConfig cfg, Map<String, Object> props) {
    try (TopicAdmin admin = new TopicAdmin(props)) {
      admin.createTopics(cfg.topics(), 1, (short) 1);
    }
  }

  /** Until every group has a member with partitions: the clients are connected and working. */
  private static void awaitStableGroups(Map<String, Object> props, List<String> groups) {
    try (Admin admin = Admin.create(props)) {
      await()
          .atMost(READY)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  admin
                      .describeConsumerGroups(groups)
                      .all()
                      .get(10, TimeUnit.SECONDS)
                      .values()
                      .stream()
                      .allMatch(
                          g -> g.groupState() == GroupState.STABLE && !g.members().isEmpty()));
    }
  }

  private static void report(String stage, long startNanos) {
    long ms = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    System.out.printf("%s closed in %d ms%n", stage, ms);
  }
}
