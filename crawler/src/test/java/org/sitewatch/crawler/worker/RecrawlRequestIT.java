package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.testing.TopicReader;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * A lead's scheduled re-check (source RECRAWL) is crawled even right after the site was, and its
 * SITE_CRAWLED outcome says what became of the seed.
 */
class RecrawlRequestIT {
  private static final String INDEX = "<html><body>VIP会员 adult videos, updated daily</body></html>";

  private final Clock clock = Clock.systemUTC();
  private Path workDir;
  private EmbeddedKafka kafka;
  private VirtualHosts web;

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {web, kafka}) {
      if (c != null) {
        c.close();
      }
    }
    if (workDir != null) {
      try (Stream<Path> paths = Files.walk(workDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void recrawlOfARecentlyCrawledSiteIsNotSkippedAndReportsTheSeedStatusAndHash() throws Exception {
    workDir = Files.createTempDirectory("recrawl-it");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    web = new VirtualHosts();
    web.add("vip-videos.test", "/", VirtualHosts.Response.html(INDEX));
    Topics topics = Topics.withPrefix("it-recrawl.");
    kafka.createTopics(
        1, topics.crawlRequests(), topics.pages(), topics.outcomes(), topics.crawlDiscoveries());
    String live = "http://vip-videos.test:" + web.port() + "/";
    String missing = "http://gone-videos.test:" + web.port() + "/";

    try (TopicReader<Outcome> outcomes =
            new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class);
        KafkaProducer<String, CrawlRequest> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                JsonSerde.of(CrawlRequest.class));
        CrawlerWorker worker =
            CrawlerWorker.builder(settings(), topics)
                .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                .clock(clock)
                .build()) {
      worker.start();
      send(producer, topics, CrawlRequest.seed(live, "vip-videos.test", clock.instant()));
      await().atMost(Duration.ofSeconds(60)).until(() -> siteCrawled(outcomes).size() == 1);

      // crawled a moment ago, well within crawler.recrawl-after (1 h): only a recrawl goes through
      send(producer, topics, recrawl(live, "vip-videos.test"));
      send(producer, topics, recrawl(missing, "gone-videos.test"));
      List<Outcome> crawled =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> siteCrawled(outcomes), l -> l.size() == 3);

      assertThat(outcomes.matching(o -> o.kind() == Outcome.Kind.SKIPPED)).isEmpty();
      Outcome recheck = recrawlOf(crawled, "vip-videos.test");
      assertThat(recheck.details())
          .containsEntry("source", "RECRAWL")
          .containsEntry("result", "ok")
          .containsEntry("seedStatus", "200")
          .containsEntry("seedSha256", Sha256.hex(INDEX.getBytes(StandardCharsets.UTF_8)))
          .containsEntry("pages", "1");
      Outcome gone = recrawlOf(crawled, "gone-videos.test");
      assertThat(gone.details())
          .containsEntry("source", "RECRAWL")
          .containsEntry("result", "unreachable")
          .containsEntry("seedStatus", "404")
          .containsEntry("pages", "0")
          .doesNotContainKey("seedSha256");
      assertThat(gone.details().get("seedError")).startsWith("HTTP 404");
    }
  }

  private CrawlRequest recrawl(String url, String site) {
    return new CrawlRequest(
        CrawlRequest.VERSION,
        url,
        site,
        CrawlRequest.Source.RECRAWL,
        0,
        null,
        clock.instant(),
        3,
        null);
  }

  private static void send(
      KafkaProducer<String, CrawlRequest> producer, Topics topics, CrawlRequest request) {
    producer.send(new ProducerRecord<>(topics.crawlRequests(), request.site(), request));
    producer.flush();
  }

  private static Outcome recrawlOf(List<Outcome> crawled, String site) {
    List<Outcome> found =
        crawled.stream()
            .filter(o -> o.site().equals(site) && "RECRAWL".equals(o.details().get("source")))
            .toList();
    assertThat(found).as("recrawl outcomes of " + site + " among " + crawled).hasSize(1);
    return found.get(0);
  }

  private static List<Outcome> siteCrawled(TopicReader<Outcome> outcomes) {
    return outcomes.matching(o -> o.kind() == Outcome.Kind.SITE_CRAWLED);
  }

  private CrawlerSettings settings() {
    return CrawlerSettings.builder()
        .maxPagesPerSite(5)
        .maxDepth(2)
        .maxSiteHops(0)
        .politenessDelayMs(20)
        .maxConcurrentSites(2)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(true)
        .allowPrivateAddresses(true)
        .onlyResolvedHosts(true)
        .resolve(Map.of("vip-videos.test", "127.0.0.1", "gone-videos.test", "127.0.0.1"))
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir.resolve("frontiers"))
        .groupId("it-recrawl")
        .capture(
            CaptureSettings.defaults().withWarcDir(workDir.resolve("frontiers").resolve("warc")))
        .build();
  }
}
