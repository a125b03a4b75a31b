package org.sitewatch.crawler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.infra.embedded.EmbeddedKafka;

class TopicReaderIT {
  @TempDir Path dir;

  @Test
  void oneCallReadsEveryPartitionToItsEnd() throws Exception {
    JsonSerde<CrawlRequest> serde = JsonSerde.of(CrawlRequest.class);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(2, "requests");
      // more than one poll returns (max.poll.records is 500), spread over both partitions
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (int i = 0; i < 1_500; i++) {
          String site = "site-" + i + ".test";
          CrawlRequest request =
              CrawlRequest.seed("http://" + site + "/", site, Instant.EPOCH.plusSeconds(i));
          producer.send(
              new ProducerRecord<>("requests", site, serde.serialize("requests", request)));
        }
      }
      try (TopicReader<CrawlRequest> reader =
          new TopicReader<>(kafka.bootstrapServers(), "requests", CrawlRequest.class)) {
        assertThat(reader.values()).hasSize(1_500);
        assertThat(reader.matching(r -> r.site().equals("site-1499.test"))).hasSize(1);
      }
    }
  }
}
