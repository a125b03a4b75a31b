package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.limits.Bounds;
import org.sitewatch.classifier.page.Fixtures;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.events.WarcRef;

/**
 * What a hostile page cannot do to the topology: make a state or verdict larger than the bounds,
 * get an out-of-bounds record scored, count twice by being replayed, or lose the state's epoch.
 */
class ClassifierLimitsTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final PageClassifier CLASSIFIER = Fixtures.classifier();

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Topics topics = Topics.withPrefix("test.");
  private final ClassifierSettings settings = ClassifierSettings.defaults();
  private final JsonSerde<SiteState> stateSerde = JsonSerde.of(SiteState.class);
  private TopologyTestDriver driver;
  private TestInputTopic<String, FetchedPage> pages;
  private TestOutputTopic<String, SiteVerdict> verdicts;
  private TestOutputTopic<String, Outcome> outcomes;

  @BeforeEach
  void startDriver() {
    driver =
        new TopologyTestDriver(
            SitewatchTopology.build(topics, CLASSIFIER, settings, clock),
            ClassifierApp.streamsProperties(
                settings, Map.of("bootstrap.servers", "127.0.0.1:9"), topics, clock));
    pages =
        driver.createInputTopic(
            topics.pages(), new StringSerializer(), JsonSerde.of(FetchedPage.class).serializer());
    verdicts =
        driver.createOutputTopic(
            topics.verdicts(),
            new StringDeserializer(),
            JsonSerde.of(SiteVerdict.class).deserializer());
    outcomes =
        driver.createOutputTopic(
            topics.outcomes(),
            new StringDeserializer(),
            JsonSerde.of(Outcome.class).deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  static FetchedPage page(String site, String url, String html) {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    return FetchedPage.builder()
        .site(site)
        .requestedUrl(url)
        .status(200)
        .fetchedAt(NOW)
        .serverIp("127.0.0.1")
        .contentType("text/html")
        .charset("UTF-8")
        .content(html)
        .bodySha256(Sha256.hex(body))
        .bodyLength(body.length)
        .depth(1)
        .build();
  }

  /** A page listing {@code n} distinct QQ numbers, each with its label. */
  static String contactsPage(int n) {
    StringBuilder html = new StringBuilder("<html><head><title>Contacts</title></head><body>");
    for (int i = 0; i < n; i++) {
      html.append("<p>Support QQ：").append(1_234_500 + i).append("</p>");
    }
    return html.append("</body></html>").toString();
  }

  private SiteState state(String site) {
    KeyValueStore<String, SiteState> store =
        driver.getKeyValueStore(SitewatchTopology.SITE_STATE_STORE);
    return store.get(site);
  }

  @Test
  void aPageAtAHugeUrlWithFiftyContactsGivesABoundedStateAndVerdict() {
    String longUrl = "https://hostile.test/" + "a".repeat(64 * 1024);
    pages.pipeInput("hostile.test", page("hostile.test", longUrl, contactsPage(50)));

    SiteVerdict verdict = verdicts.readValue();
    assertThat(verdict.identifiers()).hasSizeGreaterThanOrEqualTo(50);
    assertThat(verdict.identifiers())
        .allSatisfy(
            i -> {
              assertThat(i.url())
                  .hasSizeLessThanOrEqualTo(Bounds.MAX_URL_CHARS)
                  .startsWith("https://hostile.test/aaaa")
                  .contains("…[" + longUrl.length() + " chars, sha256:");
            });
    assertThat(verdict.pages())
        .allSatisfy(p -> assertThat(p.url()).hasSizeLessThanOrEqualTo(Bounds.MAX_URL_CHARS));
    int stateBytes = stateSerde.serialize(null, state("hostile.test")).length;
    assertThat(stateBytes).isLessThanOrEqualTo(SiteState.MAX_STATE_BYTES);
    assertThat(JsonSerde.of(SiteVerdict.class).serialize(null, verdict).length)
        .isLessThanOrEqualTo(SiteState.MAX_STATE_BYTES);
  }

  @Test
  void theWorstCaseStateStaysUnderHalfTheChangelogRecordLimit() {
    // every field at its bound, in three-byte characters: what Bounds lets through at most
    String wide = "网".repeat(8 * 1024); // longer than every bound
    List<TrackedPage> tracked = new ArrayList<>();
    SiteState state = SiteState.empty(NOW.toEpochMilli());
    for (int p = 0; p < settings.maxPagesPerVerdict() + 5; p++) {
      String url = Bounds.url("https://wide.test/" + p + wide);
      List<SignalHit> signals = new ArrayList<>();
      for (int s = 0; s < SitewatchTopology.MAX_SIGNALS_PER_PAGE; s++) {
        signals.add(
            Bounds.signal(new SignalHit("kw." + s + wide, "explicit" + wide, 1.0, 1, wide, url)));
      }
      List<Identifier> ids = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        Map<String, String> attributes = new java.util.HashMap<>();
        for (int a = 0; a < 20; a++) {
          attributes.put("k" + a + wide, wide);
        }
        ids.add(new Identifier("qq", p + "-" + i + wide, wide, url, attributes));
      }
      List<Finding> findings = new ArrayList<>();
      for (int f = 0; f < 30; f++) {
        findings.add(new Finding("kind" + f, p + wide, wide, url));
      }
      TrackedPage page =
          new TrackedPage(
              url,
              0.9,
              true,
              "c".repeat(64),
              NOW,
              List.of("explicit" + wide),
              signals,
              Bounds.identifiers(ids, 51),
              Bounds.findings(findings),
              new WarcRef("f".repeat(512), 1, 1, "r".repeat(512), "d".repeat(512), "e".repeat(512)),
              "0123456789abcdef");
      state =
          state
              .with(page, Math.max(settings.maxPagesPerVerdict(), SiteState.TOP_PAGES))
              .fitted(SiteState.MAX_STATE_BYTES, s -> stateSerde.serialize(null, s).length);
    }
    assertThat(state.identifiers()).isNotEmpty();
    assertThat(stateSerde.serialize(null, state).length)
        .isLessThanOrEqualTo(SiteState.MAX_STATE_BYTES)
        .isLessThan(1024 * 1024 / 2 + 1);
    SiteVerdict verdict = SitewatchTopology.verdict("wide.test", state, settings, "v", clock);
    assertThat(JsonSerde.of(SiteVerdict.class).serialize(null, verdict).length)
        .isLessThanOrEqualTo(SiteState.MAX_STATE_BYTES + 64 * 1024);
  }

  @Test
  void aRecordOutOfBoundsIsRefusedAsAnOutcomeAndTheNextSiteIsScored() {
    String longSite = "x".repeat(300) + ".test";
    pages.pipeInput(longSite, page(longSite, "https://long.test/", contactsPage(1)));
    FetchedPage forgedWarc =
        page("warc.test", "https://warc.test/", contactsPage(1))
            .withCapture(
                new WarcRef("w".repeat(100_000), 0, 1, "<urn:uuid:1>", "sha256:x", ""), Map.of());
    pages.pipeInput("warc.test", forgedWarc);
    pages.pipeInput("next.test", page("next.test", "https://next.test/", contactsPage(1)));

    List<Outcome> refused = outcomes.readValuesToList();
    assertThat(refused)
        .hasSize(2)
        .allSatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
              assertThat(o.site()).hasSizeLessThanOrEqualTo(Bounds.MAX_SITE_CHARS);
            });
    assertThat(verdicts.readValuesToList())
        .extracting(SiteVerdict::site)
        .containsExactly("next.test");
  }

  @Test
  void aReplayedPageNeitherCountsAgainNorMakesANewRevision() {
    FetchedPage home = page("replay.test", "https://replay.test/", contactsPage(2));
    pages.pipeInput("replay.test", home);
    pages.pipeInput("replay.test", home);
    List<SiteVerdict> once = verdicts.readValuesToList();
    assertThat(once).hasSize(1);
    assertThat(once.get(0).revision()).isEqualTo(1);
    assertThat(once.get(0).pagesScored()).isEqualTo(1);

    pages.pipeInput("replay.test", page("replay.test", "https://replay.test/", contactsPage(3)));
    SiteVerdict changed = verdicts.readValue();
    assertThat(changed.revision()).isEqualTo(2);
    assertThat(changed.pagesScored()).isEqualTo(1); // the same page, changed: counted once
  }

  @Test
  void aNewSiteStateOpensAnEpochAndARestoredOneKeepsItsOwn() {
    pages.pipeInput("new.test", page("new.test", "https://new.test/", contactsPage(1)));
    SiteVerdict first = verdicts.readValue();
    assertThat(first.epoch()).isEqualTo(NOW.toEpochMilli());
    assertThat(first.revision()).isEqualTo(1);

    // a state written before epochs existed has none in its JSON: it reads as epoch 0 and keeps it
    byte[] old = "{\"revision\":7,\"pagesScored\":7,\"pages\":[]}".getBytes(StandardCharsets.UTF_8);
    driver
        .<String, SiteState>getTimestampedKeyValueStore(SitewatchTopology.SITE_STATE_STORE)
        .put(
            "old.test",
            org.apache.kafka.streams.state.ValueAndTimestamp.make(
                stateSerde.deserialize(null, old), NOW.toEpochMilli()));
    pages.pipeInput("old.test", page("old.test", "https://old.test/", contactsPage(1)));
    SiteVerdict next = verdicts.readValue();
    assertThat(next.epoch()).isZero();
    assertThat(next.revision()).isEqualTo(8);
  }

  @Test
  void aLostStateRestartsRevisionsInALargerEpoch() {
    pages.pipeInput("lost.test", page("lost.test", "https://lost.test/", contactsPage(1)));
    SiteVerdict before = verdicts.readValue();
    driver.close();
    Clock later = Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC);
    driver =
        new TopologyTestDriver(
            SitewatchTopology.build(topics, CLASSIFIER, settings, later),
            ClassifierApp.streamsProperties(
                settings, Map.of("bootstrap.servers", "127.0.0.1:9"), topics, later));
    pages =
        driver.createInputTopic(
            topics.pages(), new StringSerializer(), JsonSerde.of(FetchedPage.class).serializer());
    verdicts =
        driver.createOutputTopic(
            topics.verdicts(),
            new StringDeserializer(),
            JsonSerde.of(SiteVerdict.class).deserializer());
    pages.pipeInput("lost.test", page("lost.test", "https://lost.test/b", contactsPage(2)));
    SiteVerdict after = verdicts.readValue();
    assertThat(after.revision()).isEqualTo(1);
    assertThat(after.epoch()).isGreaterThan(before.epoch());
  }
}
