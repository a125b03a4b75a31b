package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.lists.KnownSites;
import org.sitewatch.classifier.lists.ListFormat;
import org.sitewatch.classifier.lists.ListImport;
import org.sitewatch.classifier.lists.SiteList;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;

/** The lexicon topic as global state: the production topology in {@code TopologyTestDriver}. */
class LiveLexiconsTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final String GOOD =
      "# made-up words for the test\nop.zorblax\texplicit\t4\tzorblax\n";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Topics topics = Topics.withPrefix("test.");
  private final ClassifierSettings settings = ClassifierSettings.defaults();
  private final List<Outcome> refusals = new CopyOnWriteArrayList<>();
  private LiveLexicons lexicons;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> lexiconTopic;
  private TestInputTopic<String, FetchedPage> pages;
  private TestOutputTopic<String, SiteVerdict> verdicts;

  @BeforeEach
  void startDriver() {
    lexicons = LiveLexicons.following(settings, refusals::add);
    driver =
        new TopologyTestDriver(
            SitewatchTopology.build(topics, lexicons, settings, clock),
            ClassifierApp.streamsProperties(
                settings,
                Map.of("bootstrap.servers", "127.0.0.1:9", "processing.guarantee", "at_least_once"),
                topics,
                clock));
    lexiconTopic =
        driver.createInputTopic(
            topics.lexicons(), new StringSerializer(), new ByteArraySerializer());
    pages =
        driver.createInputTopic(
            topics.pages(), new StringSerializer(), JsonSerde.of(FetchedPage.class).serializer());
    verdicts =
        driver.createOutputTopic(
            topics.verdicts(),
            new StringDeserializer(),
            JsonSerde.of(SiteVerdict.class).deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void publish(String name, String text) {
    lexiconTopic.pipeInput(name, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
  }

  private SiteVerdict score(String site) {
    String url = "http://" + site + "/";
    String html = "<html><body><p>zorblax zorblax zorblax members area</p></body></html>";
    pages.pipeInput(
        site,
        FetchedPage.builder()
            .site(site)
            .requestedUrl(url)
            .status(200)
            .fetchedAt(NOW)
            .serverIp("127.0.0.1")
            .contentType("text/html")
            .charset("UTF-8")
            .content(html)
            .bodySha256(Sha256.hex(html))
            .bodyLength(html.length())
            .depth(1)
            .build());
    return verdicts.readValuesToList().get(0);
  }

  @Test
  void aPublishedLexiconReachesScoringAndIsRecordedOnTheVerdict() {
    String builtin = lexicons.get().lexiconVersion();
    assertThat(builtin).startsWith("builtin-");
    assertThat(score("before.test").signals()).extracting(s -> s.id()).doesNotContain("op.zorblax");

    publish("operator", GOOD);

    SiteVerdict after = score("after.test");
    assertThat(after.signals()).extracting(s -> s.id()).contains("op.zorblax");
    assertThat(after.lexiconVersion())
        .startsWith("live-")
        .isEqualTo(lexicons.get().lexiconVersion());
    assertThat(driver.getKeyValueStore(LiveLexicons.STORE).get("operator")).isEqualTo(GOOD);

    publish("operator", null);
    assertThat(lexicons.get().lexiconVersion()).isEqualTo(builtin);
  }

  @Test
  void aBadLexiconRecordBecomesAnOutcomeAndLeavesTheRulesInForce() {
    publish("operator", GOOD);
    String inForce = lexicons.get().lexiconVersion();

    publish("broken", "op.bad\texplicit\tnot-a-number\tword\n");

    assertThat(lexicons.lastError()).contains("broken").contains("not a number");
    assertThat(lexicons.get().lexiconVersion()).isEqualTo(inForce);
    assertThat(refusals)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.site()).isEqualTo("lexicon:broken");
              assertThat(o.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
              assertThat(o.details()).containsEntry("topic", topics.lexicons());
            });
    assertThat(driver.getKeyValueStore(LiveLexicons.STORE).get("broken")).isNull();

    publish("later", "op.later\texplicit\t1\tlaterword\n");
    assertThat(lexicons.get().lexiconVersion()).isNotEqualTo(inForce);
    assertThat(lexicons.lastError()).contains("broken");

    publish("broken", null);
    assertThat(lexicons.lastError()).isNull();
  }

  @Test
  void refusesAnOverlongNameAndAnOversizedLexicon() {
    assertThat(LexiconRecords.check("n".repeat(201), 10, GOOD)).contains("201 characters");
    assertThat(LexiconRecords.check("big", LexiconRecords.MAX_LEXICON_BYTES + 1, GOOD))
        .contains("bytes");
    assertThat(LexiconRecords.check("operator", GOOD.length(), GOOD)).isNull();
  }

  @Test
  void aRecordTheStoreFailsOnBecomesABadRecordOutcome() {
    // a global processor's processing-handler output is dropped by Streams: the processor itself
    // must turn any failure into a refusal
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    context.addStateStore(failingStore());
    context.setRecordMetadata(topics.lexicons(), 0, 7L);
    LexiconRecords processor = new LexiconRecords(lexicons, clock);
    processor.init(context);

    processor.process(new Record<>("operator", GOOD.getBytes(StandardCharsets.UTF_8), 0L));

    assertThat(lexicons.lastError()).contains("operator").contains("store is broken");
    assertThat(refusals)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.site()).isEqualTo("lexicon:operator");
              assertThat(o.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
              assertThat(o.details()).containsEntry("offset", "7");
            });
  }

  @Test
  void aFailedRebuildKeepsTheRulesInForceAndIsReported(@TempDir Path dir) throws Exception {
    Path extra = Files.writeString(dir.resolve("extra.txt"), "op.extra\texplicit\t1\textraword\n");
    ClassifierSettings withFile = settings.withLexiconFile(extra);
    LiveLexicons following = LiveLexicons.following(withFile, refusals::add);
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            SitewatchTopology.build(topics, following, withFile, clock),
            ClassifierApp.streamsProperties(
                withFile,
                Map.of(
                    "bootstrap.servers",
                    "127.0.0.1:9",
                    "processing.guarantee",
                    "at_least_once",
                    "state.dir",
                    dir.resolve("streams").toString()),
                topics,
                clock))) {
      String inForce = following.get().lexiconVersion();
      // the extra file is read again by the rebuild; it can no longer be
      Files.delete(extra);

      d.createInputTopic(topics.lexicons(), new StringSerializer(), new ByteArraySerializer())
          .pipeInput("operator", GOOD.getBytes(StandardCharsets.UTF_8));

      assertThat(following.get().lexiconVersion()).isEqualTo(inForce);
      assertThat(following.lastError()).contains("cannot read lexicon file").contains("operator");
      assertThat(refusals).isEmpty();
    }
  }

  @Test
  void aLexiconChangeDoesNotReadTheListsFolderAgain(@TempDir Path dir) throws Exception {
    Path lists = dir.resolve("lists");
    Path src = Files.writeString(dir.resolve("src.txt"), "listed.test\n");
    ListImport.Imported imported = ListImport.read(src, ListFormat.DOMAINS);
    SiteList.write(
        lists,
        new SiteList.Header(
            "ut1-adult", ListFormat.DOMAINS, "src.txt", imported.sha256(), 1, 0, NOW),
        imported);
    ClassifierSettings withLists =
        ClassifierSettings.builder().listsDir(Optional.of(lists)).build();
    LiveLexicons following = LiveLexicons.following(withLists, refusals::add);
    try (TopologyTestDriver d =
        new TopologyTestDriver(
            SitewatchTopology.build(topics, following, withLists, clock),
            ClassifierApp.streamsProperties(
                withLists,
                Map.of(
                    "bootstrap.servers",
                    "127.0.0.1:9",
                    "processing.guarantee",
                    "at_least_once",
                    "state.dir",
                    dir.resolve("streams").toString()),
                topics,
                clock))) {
      assertThat(following.get().knownSites().lists()).hasSize(1);
      // the lists folder changes under the running classifier: its list is removed and a file
      // that is no list appears; lists are read at start only, so a lexicon update still applies
      for (Path f : KnownSites.files(lists)) {
        Files.delete(f);
      }
      Files.writeString(lists.resolve("broken.list"), "not a list");

      d.createInputTopic(topics.lexicons(), new StringSerializer(), new ByteArraySerializer())
          .pipeInput("operator", GOOD.getBytes(StandardCharsets.UTF_8));

      assertThat(following.lastError()).isNull();
      assertThat(following.get().lexiconVersion()).startsWith("live-");
      assertThat(following.get().knownSites().lists())
          .extracting(l -> l.header().name())
          .containsExactly("ut1-adult");
    }
  }

  /** A lexicon store whose reads find nothing and whose writes throw. */
  @SuppressWarnings("unchecked")
  private static KeyValueStore<String, String> failingStore() {
    return (KeyValueStore<String, String>)
        Proxy.newProxyInstance(
            LiveLexiconsTest.class.getClassLoader(),
            new Class<?>[] {KeyValueStore.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "name" -> LiveLexicons.STORE;
                  case "get" -> null;
                  case "persistent" -> false;
                  case "isOpen" -> true;
                  case "put", "delete" -> throw new IllegalStateException("store is broken");
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
