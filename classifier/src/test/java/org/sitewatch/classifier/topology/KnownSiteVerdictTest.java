package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.lists.ListFormat;
import org.sitewatch.classifier.lists.ListImport;
import org.sitewatch.classifier.lists.SiteList;
import org.sitewatch.classifier.page.Fixtures;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;

/** The site verdict of a site in a known-site list shows the list's signal. */
class KnownSiteVerdictTest {
  private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

  @TempDir Path dir;

  @Test
  void theVerdictOfAListedSiteNamesTheList() throws IOException {
    Path src = dir.resolve("src.txt");
    Files.writeString(src, "listed.test\n", StandardCharsets.UTF_8);
    ListImport.Imported imported = ListImport.read(src, ListFormat.DOMAINS);
    SiteList.write(
        dir.resolve("lists"),
        new SiteList.Header(
            "ut1-adult", ListFormat.DOMAINS, "src.txt", imported.sha256(), 1, 0, NOW),
        imported);
    ClassifierSettings settings =
        ClassifierSettings.builder().listsDir(Optional.of(dir.resolve("lists"))).build();
    Topics topics = Topics.withPrefix("test.");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            SitewatchTopology.build(topics, PageClassifier.load(settings), settings, clock),
            ClassifierApp.streamsProperties(
                settings,
                Map.of("bootstrap.servers", "127.0.0.1:9", "processing.guarantee", "at_least_once"),
                topics,
                clock))) {
      var pages =
          driver.createInputTopic(
              topics.pages(), new StringSerializer(), JsonSerde.of(FetchedPage.class).serializer());
      TestOutputTopic<String, SiteVerdict> verdicts =
          driver.createOutputTopic(
              topics.verdicts(),
              new StringDeserializer(),
              JsonSerde.of(SiteVerdict.class).deserializer());
      FetchedPage listed = page("listed.test", "zh-adult-vip.html");
      FetchedPage other = page("other.test", "zh-adult-vip.html");
      pages.pipeInput(listed.site(), listed);
      pages.pipeInput(other.site(), other);

      List<SiteVerdict> out = verdicts.readValuesToList();
      SiteVerdict listedVerdict =
          out.stream().filter(v -> v.site().equals("listed.test")).findFirst().orElseThrow();
      SiteVerdict otherVerdict =
          out.stream().filter(v -> v.site().equals("other.test")).findFirst().orElseThrow();
      assertThat(listedVerdict.signals())
          .filteredOn(s -> s.id().equals("url.list:ut1-adult"))
          .extracting(SignalHit::snippet, SignalHit::category)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("listed.test", "known-site"));
      assertThat(listedVerdict.categories()).doesNotContain("known-site");
      assertThat(otherVerdict.signals())
          .extracting(SignalHit::id)
          .doesNotContain("url.list:ut1-adult");
      assertThat(listedVerdict.score()).isGreaterThan(otherVerdict.score());
    }
  }

  private static FetchedPage page(String site, String fixture) {
    String content = Fixtures.page(fixture);
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    return FetchedPage.builder()
        .site(site)
        .requestedUrl("https://www." + site + "/vip")
        .status(200)
        .fetchedAt(NOW.minusSeconds(60))
        .serverIp("127.0.0.1")
        .contentType("text/html")
        .charset("UTF-8")
        .content(content)
        .bodySha256(Sha256.hex(body))
        .bodyLength(body.length)
        .depth(1)
        .build();
  }
}
