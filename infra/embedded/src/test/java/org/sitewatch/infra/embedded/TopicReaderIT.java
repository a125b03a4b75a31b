package org.sitewatch.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicReaderIT {
  @TempDir Path dir;

  @Test
  void oneCallReadsEveryPartitionToItsEndAndTheNextOnlyWhatCameSince() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopics(2, "requests");
      try (KafkaProducer<String, String> producer = producer(kafka);
          TopicReader<String> reader =
              new TopicReader<>(kafka.clientProps(), "requests", new StringDeserializer())) {
        // more than one poll returns (max.poll.records is 500), spread over both partitions
        for (int i = 0; i < 1_500; i++) {
          producer.send(new ProducerRecord<>("requests", "site-" + i + ".test", "request " + i));
        }
        producer.flush();
        List<ConsumerRecord<String, String>> first = reader.readToEnd();
        assertThat(first).hasSize(1_500);
        assertThat(first.stream().map(ConsumerRecord::partition).distinct()).hasSize(2);

        producer.send(new ProducerRecord<>("requests", "site-1500.test", "request 1500")).get();
        assertThat(reader.readToEnd())
            .extracting(ConsumerRecord::key)
            .containsExactly("site-1500.test");
        assertThat(TopicReader.readAll(kafka.clientProps(), "requests", new StringDeserializer()))
            .hasSize(1_501);
      }
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }
}
