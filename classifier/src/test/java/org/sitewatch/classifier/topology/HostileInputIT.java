package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * The classifier on a real broker (exactly-once, default record limits) against hostile input: the
 * reproduced attack of issue 9 (a page at a 45 KB URL listing 50 QQ numbers), an unreadable record,
 * and a bad lexicon record followed by good ones, before and after a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {
  private final Topics topics = Topics.withPrefix("hostile.");
  private final List<SiteVerdict> verdicts = new CopyOnWriteArrayList<>();
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private Path dir;
  private EmbeddedKafka kafka;
  private KafkaProducer<String, byte[]> producer;
  private Thread reader;
  private volatile boolean reading = true;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopics(2, topics.pages(), topics.verdicts(), topics.outcomes());
    kafka.createTopics(1, topics.lexicons());
    producer =
        new KafkaProducer<>(kafka.clientProps(), new StringSerializer(), new ByteArraySerializer());
    reader = new Thread(this::read, "it-hostile-reader");
    reader.start();
  }

  private void read() {
    Map<String, Object> c = new HashMap<>(kafka.clientProps());
    c.put("group.id", "it-" + UUID.randomUUID());
    c.put("auto.offset.reset", "earliest");
    c.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            c,
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.verdicts(), topics.outcomes()));
      while (reading) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (r.topic().equals(topics.verdicts())) {
                    verdicts.add(JsonSerde.of(SiteVerdict.class).deserialize(r.topic(), r.value()));
                  } else {
                    outcomes.add(JsonSerde.of(Outcome.class).deserialize(r.topic(), r.value()));
                  }
                });
      }
    }
  }

  @AfterAll
  void stop() throws InterruptedException {
    reading = false;
    if (reader != null) {
      reader.join(5000);
    }
    if (producer != null) {
      producer.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private ClassifierApp app(String stateDir) {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("state.dir", dir.resolve(stateDir).toString());
    props.put("commit.interval.ms", 100);
    // a closed Streams member does not leave its group: the restarted app would wait out the
    // first one's session (45 s by default) before it gets the partitions
    props.put("session.timeout.ms", 6000);
    props.put("heartbeat.interval.ms", 1000);
    return new ClassifierApp(
        ClassifierSettings.defaults()
            .withPageTimeBudget(Duration.ofMinutes(1))
            .withExactlyOnce(true),
        props,
        topics,
        Clock.systemUTC());
  }

  private void send(String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
    producer.flush();
  }

  private void sendPage(FetchedPage page) {
    send(
        topics.pages(),
        page.site(),
        JsonSerde.of(FetchedPage.class).serialize(topics.pages(), page));
  }

  private SiteVerdict verdictFor(String site) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> verdicts.stream().anyMatch(v -> v.site().equals(site)));
    return verdicts.stream().filter(v -> v.site().equals(site)).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void theReproducedAttackLeavesTheClassifierRunningAndScoringTheNextSite() {
    try (ClassifierApp app = app("streams-attack")) {
      app.start();
      String longUrl = "http://attack.test/" + "p".repeat(45 * 1024);
      sendPage(
          ClassifierLimitsTest.page("attack.test", longUrl, ClassifierLimitsTest.contactsPage(50)));
      send(topics.pages(), "unreadable.test", "{ not json".getBytes(StandardCharsets.UTF_8));
      sendPage(
          ClassifierLimitsTest.page(
              "next.test", "http://next.test/", ClassifierLimitsTest.contactsPage(2)));

      SiteVerdict next = verdictFor("next.test");
      assertThat(next.identifiers()).isNotEmpty();
      SiteVerdict attack = verdictFor("attack.test");
      assertThat(attack.identifiers())
          .hasSizeGreaterThanOrEqualTo(50)
          .allSatisfy(i -> assertThat(i.url()).hasSizeLessThanOrEqualTo(Bounds.MAX_URL_CHARS));
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  outcomes.stream()
                      .anyMatch(
                          o ->
                              o.site().equals("unreadable.test")
                                  && o.kind() == Outcome.Kind.BAD_RECORD));
      assertThat(app.isRunning()).isTrue();
    }
  }

  @Test
  void aBadLexiconRecordIsRefusedAndLaterOnesStillApplyAlsoAfterARestart() {
    String good = "# made-up words for the test\nop.zorblax\texplicit\t4\tzorblax\n";
    try (ClassifierApp app = app("streams-lexicon-1")) {
      app.start();
      String builtin = app.lexiconVersion();
      send(
          topics.lexicons(),
          "broken",
          "op.bad\texplicit\tnot-a-number\tword\n".getBytes(StandardCharsets.UTF_8));
      send(topics.lexicons(), "operator", good.getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(120)).until(() -> !app.lexiconVersion().equals(builtin));
      assertThat(app.lexiconVersion()).startsWith("live-");
      assertThat(app.lexiconError()).contains("broken");
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  outcomes.stream()
                      .anyMatch(
                          o ->
                              o.site().equals("lexicon:broken")
                                  && o.kind() == Outcome.Kind.BAD_RECORD));
    }
    try (ClassifierApp restarted = app("streams-lexicon-2")) {
      restarted.start();
      assertThat(restarted.lexiconVersion()).startsWith("live-");
      sendPage(
          ClassifierLimitsTest.page(
              "words.test",
              "http://words.test/",
              "<html><body><p>zorblax zorblax zorblax members area</p></body></html>"));
      assertThat(verdictFor("words.test").signals()).extracting(s -> s.id()).contains("op.zorblax");
    }
  }
}
