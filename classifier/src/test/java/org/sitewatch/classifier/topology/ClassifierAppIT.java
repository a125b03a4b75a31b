package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/** The classifier on a real broker: pages in, verdicts out, lexicons changed while it runs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassifierAppIT {
  private static final String SHA = "b".repeat(64);
  private final Topics topics = Topics.withPrefix("it.");
  private final List<SiteVerdict> verdicts = new CopyOnWriteArrayList<>();
  private EmbeddedKafka kafka;
  private ClassifierApp app;
  private KafkaProducer<String, byte[]> producer;
  private KafkaConsumer<String, SiteVerdict> consumer;
  private Thread reader;
  private volatile boolean reading = true;

  private Path dir;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopics(2, topics.pages(), topics.verdicts(), topics.outcomes());
    kafka.createTopics(1, topics.lexicons());
    producer =
        new KafkaProducer<>(kafka.clientProps(), new StringSerializer(), new ByteArraySerializer());
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("state.dir", dir.resolve("streams").toString());
    props.put("commit.interval.ms", 100);
    props.put("statestore.cache.max.bytes", 0L);
    app = new ClassifierApp(ClassifierSettings.defaults(), props, topics, Clock.systemUTC());
    app.start();

    Map<String, Object> c = new HashMap<>(kafka.clientProps());
    c.put("group.id", "it-" + UUID.randomUUID());
    c.put("auto.offset.reset", "earliest");
    consumer = new KafkaConsumer<>(c, new StringDeserializer(), JsonSerde.of(SiteVerdict.class));
    consumer.subscribe(List.of(topics.verdicts()));
    reader =
        new Thread(
            () -> {
              while (reading) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> verdicts.add(r.value()));
              }
              consumer.close();
            },
            "it-verdict-reader");
    reader.start();
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
    if (app != null) {
      app.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private void sendPage(String site, String text) {
    sendPage(topics, site, text);
  }

  private void sendPage(Topics topics, String site, String text) {
    FetchedPage page =
        new FetchedPage(
            1,
            site,
            "http://" + site + "/",
            null,
            200,
            Map.of("content-type", "text/html; charset=UTF-8"),
            Instant.now(),
            "127.0.0.1",
            "text/html",
            "UTF-8",
            "<html><head><title>" + site + "</title></head><body><p>" + text + "</p></body></html>",
            false,
            SHA,
            text.length(),
            0,
            List.of());
    producer.send(
        new ProducerRecord<>(
            topics.pages(), site, JsonSerde.of(FetchedPage.class).serialize(topics.pages(), page)));
    producer.flush();
  }

  private void sendLexicon(String name, String text) {
    sendLexicon(topics, name, text);
  }

  private void sendLexicon(Topics topics, String name, String text) {
    producer.send(
        new ProducerRecord<>(topics.lexicons(), name, text.getBytes(StandardCharsets.UTF_8)));
    producer.flush();
  }

  private SiteVerdict verdictFor(String site) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> verdicts.stream().anyMatch(v -> v.site().equals(site)));
    return verdicts.stream().filter(v -> v.site().equals(site)).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void anOperatorLexiconPublishedWhileRunningChangesVerdictsAndIsRecordedOnThem() {
    String text = "zorblax quentyl zorblax zorblax quentyl members area";
    sendPage("before.test", text);
    SiteVerdict before = verdictFor("before.test");
    assertThat(before.flagged()).isFalse();
    assertThat(before.lexiconVersion()).startsWith("builtin-");

    sendLexicon(
        "operator",
        "# made-up words for the test\n"
            + "op.zorblax\texplicit\t4\tzorblax\nop.quentyl\texplicit\t4\tquentyl\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> app.lexiconVersion().startsWith("live-"));

    sendPage("after.test", text);
    SiteVerdict after = verdictFor("after.test");
    assertThat(after.flagged()).isTrue();
    assertThat(after.lexiconVersion()).isEqualTo(app.lexiconVersion());
    assertThat(after.signals()).extracting(s -> s.id()).contains("op.zorblax", "op.quentyl");

    String inForce = app.lexiconVersion();
    sendLexicon("broken", "op.bad\texplicit\tnot-a-number\tword\n");
    await().atMost(Duration.ofSeconds(30)).until(() -> app.lexiconError() != null);
    assertThat(app.lexiconError()).contains("broken").contains("not a number");
    assertThat(app.lexiconVersion())
        .as("a refused lexicon leaves the rules in force")
        .isEqualTo(inForce);

    producer.send(new ProducerRecord<>(topics.lexicons(), "broken", null));
    producer.flush();
    await().atMost(Duration.ofSeconds(30)).until(() -> app.lexiconError() == null);
    assertThat(app.lexiconVersion()).isEqualTo(inForce);
  }

  /** Another classifier on the same broker, with its own topics, application id and state. */
  private ClassifierApp otherApp(Topics topics, String applicationId) {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("state.dir", dir.resolve(applicationId).toString());
    props.put("commit.interval.ms", 100);
    props.put("statestore.cache.max.bytes", 0L);
    return new ClassifierApp(
        ClassifierSettings.builder().applicationId(applicationId).build(),
        props,
        topics,
        Clock.systemUTC());
  }

  /** The records of {@code topic} from its beginning, polled until {@code enough} holds. */
  private <T> List<T> read(String topic, Class<T> type, Predicate<List<T>> enough) {
    Map<String, Object> c = new HashMap<>(kafka.clientProps());
    List<T> values = new ArrayList<>();
    try (KafkaConsumer<String, T> reader =
        new KafkaConsumer<>(c, new StringDeserializer(), JsonSerde.of(type))) {
      List<TopicPartition> partitions =
          reader.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                reader.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return enough.test(values);
              });
    }
    return values;
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void withoutALexiconTopicTheClassifierScoresWithTheBuiltInLexicons() {
    Topics bare = Topics.withPrefix("bare.");
    kafka.createTopics(1, bare.pages(), bare.verdicts(), bare.outcomes());
    try (ClassifierApp bareApp = otherApp(bare, "it-no-lexicon-topic")) {
      bareApp.start();
      sendPage(bare, "bare.test", "members area");

      List<SiteVerdict> out =
          read(
              bare.verdicts(),
              SiteVerdict.class,
              v -> v.stream().anyMatch(x -> x.site().equals("bare.test")));
      assertThat(out.get(out.size() - 1).lexiconVersion()).startsWith("builtin-");
      assertThat(bareApp.isRunning()).isTrue();
      assertThat(bareApp.lexiconError()).isNull();
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void lexiconsPublishedBeforeStartAreCheckedAndAppliedWhileTheStoreIsRestored() {
    // pins StreamsBuilder.addGlobalStore's reprocessOnRestore: the processor runs on restore
    Topics early = Topics.withPrefix("early.");
    kafka.createTopics(1, early.pages(), early.verdicts(), early.outcomes(), early.lexicons());
    sendLexicon(
        early, "operator", "# made-up words for the test\nop.zorblax\texplicit\t4\tzorblax\n");
    sendLexicon(early, "broken", "op.bad\texplicit\tnot-a-number\tword\n");

    try (ClassifierApp earlyApp = otherApp(early, "it-lexicons-before-start")) {
      earlyApp.start();
      sendPage(early, "early.test", "zorblax zorblax zorblax members area");

      List<SiteVerdict> out =
          read(
              early.verdicts(),
              SiteVerdict.class,
              v -> v.stream().anyMatch(x -> x.site().equals("early.test")));
      SiteVerdict first = out.get(0);
      assertThat(first.site()).isEqualTo("early.test");
      assertThat(first.lexiconVersion()).startsWith("live-").isEqualTo(earlyApp.lexiconVersion());
      assertThat(first.signals()).extracting(s -> s.id()).contains("op.zorblax");
      assertThat(earlyApp.lexiconError()).contains("broken");

      List<Outcome> outcomes =
          read(
              early.outcomes(),
              Outcome.class,
              o -> o.stream().anyMatch(x -> x.site().equals("lexicon:broken")));
      assertThat(outcomes)
          .filteredOn(o -> o.site().startsWith("lexicon:"))
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.site()).isEqualTo("lexicon:broken");
                assertThat(o.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
                assertThat(o.details()).containsEntry("offset", "1");
              });
    }
  }
}
