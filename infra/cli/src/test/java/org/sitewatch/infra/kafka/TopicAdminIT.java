package org.sitewatch.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
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
}
