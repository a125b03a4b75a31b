package org.sitewatch.crawler.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * The crawl-state topic on a real broker: unreadable records among good ones, and a topic that does
 * not exist (docs/crawl-state.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaCrawlStateIT {
  private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");
  private static final String TOPIC = "it-state.crawl-state";
  private static final String MISSING = "it-state.no-such-crawl-state";

  private EmbeddedKafka kafka;

  @BeforeAll
  void start(@TempDir Path dir) {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopics(2, TOPIC);
  }

  @AfterAll
  void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void skipsUnreadableRecordsAndCrawlsTheirSitesFromScratch() throws Exception {
    CrawlCheckpoint alpha = checkpoint("alpha.test", 12);
    CrawlCheckpoint beta = checkpoint("beta.test", 13);
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(
            kafka.clientProps(), new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(TOPIC, 1, "alpha.test", CheckpointCodec.encode(alpha)));
      raw.send(new ProducerRecord<>(TOPIC, 1, "beta.test", CheckpointCodec.encode(beta)));
      // alpha.test's newer state cannot be read: its earlier one must not be resumed either
      raw.send(new ProducerRecord<>(TOPIC, 1, "alpha.test", utf8("{\"v\":1,\"site\":\"alpha")));
      raw.send(new ProducerRecord<>(TOPIC, 1, "gamma.test", utf8("{\"v\":1,\"state\":\"LOST\"}")));
      raw.send(new ProducerRecord<>(TOPIC, 1, "delta.test", new byte[] {(byte) 0xff, 0, 1}));
      raw.send(new ProducerRecord<>(TOPIC, 1, null, CheckpointCodec.encode(beta)));
      raw.flush();
    }

    KafkaCrawlState state = new KafkaCrawlState(kafka.clientProps(), TOPIC);
    try {
      Map<String, CrawlCheckpoint> read = state.read(1, Duration.ofSeconds(30));

      assertThat(read).containsOnlyKeys("beta.test");
      assertThat(read.get("beta.test")).isEqualTo(beta);
    } finally {
      state.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void aMissingTopicHasNoPartitionsSoCheckpointsStayOffAndTheTopicIsNotCreated() throws Exception {
    KafkaCrawlState state = new KafkaCrawlState(kafka.clientProps(), MISSING);
    try {
      assertThat(state.partitions()).isZero();
    } finally {
      state.close(Duration.ofSeconds(5));
    }
    try (Admin admin = Admin.create(kafka.clientProps())) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .contains(TOPIC)
          .doesNotContain(MISSING);
    }
  }

  @Test
  void reportsThePartitionsOfAnExistingTopic() {
    KafkaCrawlState state = new KafkaCrawlState(kafka.clientProps(), TOPIC);
    try {
      assertThat(state.partitions()).isEqualTo(2);
    } finally {
      state.close(Duration.ofSeconds(5));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static CrawlCheckpoint checkpoint(String site, long offset) {
    return new CrawlCheckpoint(
        site,
        "http://www." + site + "/",
        AT,
        1,
        offset,
        false,
        AT,
        AT.plusSeconds(5),
        3,
        0,
        3000,
        new long[] {CrawlCheckpoint.hash("http://www." + site + "/")},
        List.of(new CrawlCheckpoint.Pending("http://www." + site + "/members", 1)));
  }
}
