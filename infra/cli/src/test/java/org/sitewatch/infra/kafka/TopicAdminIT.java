package org.sitewatch.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

class TopicAdminIT {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void anUpgradeCreatesTheNewCoPartitionedTopicsWithThePartitionsOfCrawlRequests()
      throws Exception {
    Topics topics = Topics.withPrefix("upgrade.");
    try (Admin admin = Admin.create(kafka.clientProps());
        TopicAdmin topicAdmin = new TopicAdmin(kafka.clientProps())) {
      // a deployment made before the discoveries lane, with 5 partitions of crawl-requests
      admin
          .createTopics(List.of(new NewTopic(topics.crawlRequests(), 5, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);

      topicAdmin.createTopics(topics, 3, (short) 1);

      // new topics reach the broker's metadata a moment after the controller created them
      Map<String, TopicDescription> described =
          await()
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(
                  () ->
                      admin
                          .describeTopics(
                              List.of(
                                  topics.crawlDiscoveries(), topics.crawlState(), topics.pages()))
                          .allTopicNames()
                          .get(5, TimeUnit.SECONDS),
                  d -> d.size() == 3);
      assertThat(described.get(topics.crawlDiscoveries()).partitions()).hasSize(5);
      assertThat(described.get(topics.crawlState()).partitions()).hasSize(5);
      assertThat(described.get(topics.pages()).partitions()).hasSize(3); // not co-partitioned
    }
  }

  @Test
  void aTransactionsCommitMarkerIsNoRecordLagButAnUnreadRecordIs() throws Exception {
    String topic = "markers.verdicts";
    String group = "markers-sink";
    TopicPartition partition = new TopicPartition(topic, 0);
    try (Admin admin = Admin.create(kafka.clientProps());
        TopicAdmin topicAdmin = new TopicAdmin(kafka.clientProps())) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      Map<String, Object> producerProps = new HashMap<>(kafka.clientProps());
      producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "markers-classifier");
      Map<String, Object> consumerProps = new HashMap<>(kafka.clientProps());
      consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, group);
      consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      try (KafkaProducer<String, String> producer =
              new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
          KafkaConsumer<String, String> sink =
              new KafkaConsumer<>(
                  consumerProps, new StringDeserializer(), new StringDeserializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 3; i++) {
          producer.send(new ProducerRecord<>(topic, "site-" + i, "verdict"));
        }
        producer.commitTransaction();

        // the sink reads the three verdicts and commits after the last one, as LeadSink does
        sink.subscribe(List.of(topic));
        List<Long> offsets = new java.util.ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  ConsumerRecords<String, String> polled = sink.poll(Duration.ofMillis(100));
                  polled.forEach(r -> offsets.add(r.offset()));
                  return offsets.size() == 3;
                });
        sink.commitSync(Map.of(partition, new OffsetAndMetadata(offsets.get(2) + 1)));

        assertThat(topicAdmin.lag(group, Set.of(topic))).isEqualTo(1); // the commit marker
        assertThat(topicAdmin.recordLag(group, Set.of(topic))).isZero();

        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "site-3", "verdict"));
        producer.commitTransaction();
        // the broker writes the commit marker after commitTransaction returns: wait until the
        // partition's stable end covers it (offset 6: three records, a marker, one record, a
        // marker)
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> sink.endOffsets(Set.of(partition)).get(partition) == 6L);
        assertThat(topicAdmin.recordLag(group, Set.of(topic))).isEqualTo(3);
      }
    }
  }
}
