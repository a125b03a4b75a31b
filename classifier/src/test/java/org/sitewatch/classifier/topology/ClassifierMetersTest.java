package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.Fixtures;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;

/** The classifier's meters, fed by the production topology under {@code TopologyTestDriver}. */
class ClassifierMetersTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final Instant FETCHED = Instant.parse("2026-11-02T07:59:00Z");
  private static PageClassifier classifier;

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final Topics topics = Topics.withPrefix("test.");
  private final ClassifierSettings settings = ClassifierSettings.defaults();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, FetchedPage> pages;
  private TestInputTopic<String, String> rawPages;

  @BeforeAll
  static void loadClassifier() {
    classifier = PageClassifier.load(ClassifierSettings.defaults());
  }

  @BeforeEach
  void startDriver() {
    ClassifierMeters meters = new ClassifierMeters(registry, topics.pages(), clock);
    Properties props =
        ClassifierApp.streamsProperties(
            settings,
            Map.of("bootstrap.servers", "127.0.0.1:9", "processing.guarantee", "at_least_once"),
            topics,
            clock);
    props.put(ClassifierMeters.CONFIG, meters);
    driver =
        new TopologyTestDriver(
            SitewatchTopology.build(
                topics, LiveLexicons.fixed(classifier, o -> {}), settings, clock, true, meters),
            props);
    pages =
        driver.createInputTopic(
            topics.pages(), new StringSerializer(), JsonSerde.of(FetchedPage.class).serializer());
    rawPages =
        driver.createInputTopic(topics.pages(), new StringSerializer(), new StringSerializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private static FetchedPage page(String site, String fixture) {
    String content = Fixtures.page(fixture);
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    return FetchedPage.builder()
        .site(site)
        .requestedUrl("https://" + site + "/")
        .status(200)
        .fetchedAt(FETCHED)
        .contentType("text/html")
        .charset("UTF-8")
        .content(content)
        .bodySha256(Sha256.hex(body))
        .bodyLength(body.length)
        .build();
  }

  @Test
  void aScoredPageCountsOnePageOneVerdictAndItsFetchToVerdictLatency() {
    pages.pipeInput("adult.test", page("adult.test", "zh-adult-rta.html"));

    assertThat(registry.get("sitewatch.classifier.pages").counter().count()).isEqualTo(1.0);
    double flagged =
        registry.get("sitewatch.classifier.verdicts").tag("flagged", "true").counter().count();
    double unflagged =
        registry.get("sitewatch.classifier.verdicts").tag("flagged", "false").counter().count();
    assertThat(flagged + unflagged).isEqualTo(1.0);
    var latency = registry.get("sitewatch.fetch.to.verdict").timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(60.0);
  }

  @Test
  void aVerdictCarriesTheTraceIdAndFetchTimeOfTheNewestPageItCounted() {
    TestOutputTopic<String, SiteVerdict> verdicts =
        driver.createOutputTopic(
            topics.verdicts(),
            new StringDeserializer(),
            JsonSerde.of(SiteVerdict.class).deserializer());
    pages.pipeInput(
        "adult.test", page("adult.test", "zh-adult-rta.html").toBuilder().traceId("t-1").build());
    pages.pipeInput(
        "adult.test",
        page("adult.test", "zh-adult-vip.html").toBuilder()
            .requestedUrl("https://adult.test/vip")
            .finalUrl("https://adult.test/vip")
            .traceId("t-2")
            .build());

    List<SiteVerdict> out = verdicts.readValuesToList();
    assertThat(out).extracting(SiteVerdict::traceId).containsExactly("t-1", "t-2");
    assertThat(out.get(1).lastFetchedAt()).isEqualTo(FETCHED);
  }

  @Test
  void badRecordsAreCountedAsRejectedByReasonAndScoreNothing() {
    rawPages.pipeInput("broken.test", "{ this is not json");
    pages.pipeInput("empty.test", (FetchedPage) null);
    pages.pipeInput((String) null, page("keyless.test", "en-ordinary-blog.html"));

    assertThat(rejected("unreadable")).isEqualTo(1.0);
    assertThat(rejected("empty")).isEqualTo(1.0);
    assertThat(rejected("no-key")).isEqualTo(1.0);
    assertThat(rejected("out-of-bounds")).isZero();
    assertThat(registry.get("sitewatch.classifier.pages").counter().count()).isZero();
  }

  private double rejected(String reason) {
    return registry
        .get("sitewatch.records.rejected")
        .tags("stage", "classifier", "topic", topics.pages(), "reason", reason)
        .counter()
        .count();
  }
}
