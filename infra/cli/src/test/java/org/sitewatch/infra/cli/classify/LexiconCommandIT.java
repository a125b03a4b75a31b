package org.sitewatch.infra.cli.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.keywords.Lexicon;
import org.sitewatch.classifier.topology.ClassifierApp;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * {@code sitewatch lexicon import / publish / remove} on an embedded broker, watched on the lexicon
 * topic and by a running classifier. Each test has its own topic prefix and classifier.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LexiconCommandIT {
  private static final Pattern VERSION = Pattern.compile("classifiers will run (\\S+)");
  private static final String SHA = "c".repeat(64);

  private Path dir;
  private EmbeddedKafka kafka;
  private KafkaProducer<String, byte[]> producer;

  @BeforeAll
  void start(@TempDir Path dir) {
    this.dir = dir;
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    producer =
        new KafkaProducer<>(kafka.clientProps(), new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anImportedListPublishedThenRemovedChangesWhatARunningClassifierScores() throws Exception {
    Topics topics = topics("cli.");
    Path list =
        write(
            "weighted.txt",
            "# a weighted phrase list",
            "<zorblax><60>",
            "<members only><30>",
            "not a weighted phrase");
    Path converted = dir.resolve("imported.lexicon");

    Run imported =
        execute(
            "lexicon",
            "import",
            "--format",
            "e2guardian",
            "--out",
            converted.toString(),
            "" + list);

    assertThat(imported.code).as(imported.err).isZero();
    assertThat(imported.err).contains("2 rule(s) converted, 1 line(s) skipped");
    String lexicon = Files.readString(converted, StandardCharsets.UTF_8);
    assertThat(lexicon.lines()).contains("e2g.zorblax\texplicit\t4.0\tzorblax*");

    try (ClassifierApp app = classifier(topics, "it-lexicon-cli")) {
      app.start();
      String builtin = app.lexiconVersion();
      assertThat(builtin).startsWith("builtin-");

      Run published = cli(topics, "lexicon", "publish", "--name", "imported", "" + converted);

      assertThat(published.code).as(published.err).isZero();
      String live = version(published);
      assertThat(live).startsWith("live-");
      ConsumerRecord<String, byte[]> record = lastLexiconRecord(topics, 1);
      assertThat(record.key()).isEqualTo("imported");
      assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(lexicon);
      await().atMost(Duration.ofSeconds(60)).until(() -> app.lexiconVersion().equals(live));
      SiteVerdict scored = verdictFor(topics, "imported.test", "zorblax zorblax members only");
      assertThat(scored.lexiconVersion()).isEqualTo(live);
      assertThat(scored.signals()).extracting(SignalHit::id).contains("e2g.zorblax");

      Run removed = cli(topics, "lexicon", "remove", "--name", "imported");

      assertThat(removed.code).as(removed.err).isZero();
      assertThat(removed.out).contains("removed lexicon 'imported' from cli.lexicons");
      ConsumerRecord<String, byte[]> tombstone = lastLexiconRecord(topics, 2);
      assertThat(tombstone.key()).isEqualTo("imported");
      assertThat(tombstone.value()).isNull();
      await().atMost(Duration.ofSeconds(60)).until(() -> app.lexiconVersion().equals(builtin));
      SiteVerdict after = verdictFor(topics, "removed.test", "zorblax zorblax members only");
      assertThat(after.lexiconVersion()).isEqualTo(builtin);
      assertThat(after.signals()).extracting(SignalHit::id).doesNotContain("e2g.zorblax");
      assertThat(app.lexiconError()).isNull();
    }
  }

  @Test
  void publishRefusesABadLexiconFileAndSendsNothing() throws Exception {
    Topics topics = topics("refused.");
    Path bad = write("bad.lexicon", "op.bad\texplicit\tnot-a-number\tword");

    Run run = cli(topics, "lexicon", "publish", "--name", "operator", "" + bad);

    assertThat(run.code).isNotZero();
    assertThat(run.err).contains("not a number");
    try (KafkaConsumer<String, byte[]> reader = reader()) {
      TopicPartition p = new TopicPartition(topics.lexicons(), 0);
      assertThat(reader.endOffsets(List.of(p))).containsEntry(p, 0L);
    }
  }

  @Test
  void publishRefusesALexiconFileLargerThanAClassifierAcceptsAndSendsNothing() throws Exception {
    Topics topics = topics("oversized.");
    Path big = write("big.lexicon", "#".repeat(Lexicon.MAX_BYTES) + "\nop.x\texplicit\t1\tx");

    Run run = cli(topics, "lexicon", "publish", "--name", "operator", "" + big);

    assertThat(run.code).isEqualTo(2);
    assertThat(run.err).contains(big + " is larger than " + Lexicon.MAX_BYTES);
    try (KafkaConsumer<String, byte[]> reader = reader()) {
      TopicPartition p = new TopicPartition(topics.lexicons(), 0);
      assertThat(reader.endOffsets(List.of(p))).containsEntry(p, 0L);
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void publishSendsALexiconFileJustUnderTheBoundToATopicItCreates() throws Exception {
    // the topics are left to publish to create (max.message.bytes 8 MiB), as on a new cluster
    Topics topics = Topics.withPrefix("large.");
    StringBuilder text = new StringBuilder("op.zorblax\texplicit\t4\tzorblax\n");
    String comment = "# " + "filler ".repeat(140) + "\n";
    while (text.length() + comment.length() <= Lexicon.MAX_BYTES - 64) {
      text.append(comment);
    }
    Path large = dir.resolve("large.lexicon");
    Files.writeString(large, text, StandardCharsets.UTF_8);
    assertThat(Files.size(large)).isBetween(Lexicon.MAX_BYTES - 1024L, (long) Lexicon.MAX_BYTES);

    Run run = cli(topics, "lexicon", "publish", "--name", "large", "" + large);

    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out).contains("published lexicon 'large' to large.lexicons");
    ConsumerRecord<String, byte[]> record = lastLexiconRecord(topics, 1);
    assertThat(record.key()).isEqualTo("large");
    assertThat(record.value()).isEqualTo(Files.readAllBytes(large));
  }

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aBadLexiconOnTheTopicAtStartIsRefusedTheLastGoodOneRunsAndAValidUpdateIsApplied()
      throws Exception {
    Topics topics = topics("start.");
    Run first =
        cli(
            topics,
            "lexicon",
            "publish",
            "--name",
            "operator",
            "" + write("v1.lexicon", "op.zorblax\texplicit\t4\tzorblax"));
    assertThat(first.code).as(first.err).isZero();
    String v1 = version(first);
    // what publish refuses can still reach the topic from another producer
    producer
        .send(
            new ProducerRecord<>(
                topics.lexicons(),
                "operator",
                "op.bad\texplicit\tnot-a-number\tword\n".getBytes(StandardCharsets.UTF_8)))
        .get();

    try (ClassifierApp app = classifier(topics, "it-lexicon-bad-at-start")) {
      app.start();

      await().atMost(Duration.ofSeconds(60)).until(() -> app.lexiconError() != null);
      assertThat(app.lexiconError()).contains("operator", "@1", "not a number");
      assertThat(app.lexiconVersion()).as("the last good record of the name").isEqualTo(v1);
      SiteVerdict scored = verdictFor(topics, "kept.test", "zorblax zorblax members only");
      assertThat(scored.lexiconVersion()).isEqualTo(v1);
      assertThat(scored.signals()).extracting(SignalHit::id).contains("op.zorblax");
      List<Outcome> outcomes =
          read(
              topics.outcomes(),
              Outcome.class,
              o -> o.stream().anyMatch(x -> x.site().equals("lexicon:operator")));
      assertThat(outcomes)
          .filteredOn(o -> o.site().equals("lexicon:operator"))
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
                assertThat(o.reason()).contains("not a number");
                assertThat(o.details()).containsEntry("offset", "1");
              });

      Run update =
          cli(
              topics,
              "lexicon",
              "publish",
              "--name",
              "operator",
              "" + write("v3.lexicon", "op.quuxle\texplicit\t4\tquuxle"));

      assertThat(update.code).as(update.err).isZero();
      String v3 = version(update);
      assertThat(v3).isNotEqualTo(v1);
      await().atMost(Duration.ofSeconds(60)).until(() -> app.lexiconVersion().equals(v3));
      assertThat(app.lexiconError()).isNull();
      SiteVerdict updated = verdictFor(topics, "updated.test", "quuxle quuxle members only");
      assertThat(updated.lexiconVersion()).isEqualTo(v3);
      assertThat(updated.signals())
          .extracting(SignalHit::id)
          .contains("op.quuxle")
          .doesNotContain("op.zorblax");
    }
  }

  private Topics topics(String prefix) {
    Topics topics = Topics.withPrefix(prefix);
    kafka.createTopics(1, topics.pages(), topics.verdicts(), topics.outcomes(), topics.lexicons());
    return topics;
  }

  private ClassifierApp classifier(Topics topics, String applicationId) {
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

  private record Run(int code, String out, String err) {}

  private Run cli(Topics topics, String... args) {
    return cli(prefixOf(topics), args);
  }

  private Run cli(String prefix, String[] args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--set",
            "kafka.topic-prefix=" + prefix));
    return execute(all.toArray(String[]::new));
  }

  private static Run execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** The prefix of {@code topics}, as the command line takes it. */
  private static String prefixOf(Topics topics) {
    return topics.lexicons().substring(0, topics.lexicons().length() - "lexicons".length());
  }

  private static String version(Run published) {
    Matcher m = VERSION.matcher(published.out);
    assertThat(m.find()).as(published.out).isTrue();
    return m.group(1);
  }

  private Path write(String name, String... lines) throws Exception {
    return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
  }

  private KafkaConsumer<String, byte[]> reader() {
    return new KafkaConsumer<>(
        new HashMap<>(kafka.clientProps()), new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** The last of the first {@code count} records of the lexicon topic (one partition). */
  private ConsumerRecord<String, byte[]> lastLexiconRecord(Topics topics, int count) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> reader = reader()) {
      TopicPartition p = new TopicPartition(topics.lexicons(), 0);
      reader.assign(List.of(p));
      reader.seekToBeginning(List.of(p));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                reader.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
              });
    }
    assertThat(records).hasSize(count);
    return records.get(count - 1);
  }

  private SiteVerdict verdictFor(Topics topics, String site, String text) {
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
    List<SiteVerdict> verdicts =
        read(
            topics.verdicts(),
            SiteVerdict.class,
            v -> v.stream().anyMatch(x -> x.site().equals(site)));
    return verdicts.stream().filter(v -> v.site().equals(site)).reduce((a, b) -> b).orElseThrow();
  }

  /** The records of {@code topic} from its beginning, polled until {@code enough} holds. */
  private <T> List<T> read(String topic, Class<T> type, Predicate<List<T>> enough) {
    List<T> values = new ArrayList<>();
    try (KafkaConsumer<String, T> reader =
        new KafkaConsumer<>(
            new HashMap<>(kafka.clientProps()), new StringDeserializer(), JsonSerde.of(type))) {
      TopicPartition p = new TopicPartition(topic, 0);
      reader.assign(List.of(p));
      reader.seekToBeginning(List.of(p));
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
}
