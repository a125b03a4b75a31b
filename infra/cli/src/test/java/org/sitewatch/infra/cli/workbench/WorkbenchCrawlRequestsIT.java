package org.sitewatch.infra.cli.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.web.crawl.KafkaCrawlRequests;

/**
 * The workbench's "send a site to be crawled" on a real broker: the request lands on the
 * crawl-request topic keyed by its site, as the crawler workers expect; a broker that is away is an
 * error within seconds, not a hang.
 */
class WorkbenchCrawlRequestsIT {
  @Test
  void publishesTheRequestOnTheCrawlRequestTopicKeyedBySite(@TempDir Path dir) throws Exception {
    Topics topics = Topics.defaults();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      try (TopicAdmin admin = new TopicAdmin(kafka.clientProps())) {
        admin.createTopics(topics, 1, (short) 1);
      }
      CrawlRequest request =
          new CrawlRequest(
              CrawlRequest.VERSION,
              "http://www.sent-by-analyst.example/",
              "sent-by-analyst.example",
              CrawlRequest.Source.TIP,
              0,
              null,
              Instant.parse("2026-12-06T10:00:00Z"));
      try (KafkaCrawlRequests sender =
          new KafkaCrawlRequests(kafka.clientProps(), topics.crawlRequests())) {
        sender.send(request);
      }
      Map<String, Object> props = new HashMap<>(kafka.clientProps());
      props.put("group.id", "test-reader");
      props.put("auto.offset.reset", "earliest");
      List<ConsumerRecord<String, CrawlRequest>> got = new ArrayList<>();
      try (KafkaConsumer<String, CrawlRequest> consumer =
          new KafkaConsumer<>(
              props, new StringDeserializer(), JsonSerde.of(CrawlRequest.class).deserializer())) {
        consumer.subscribe(List.of(topics.crawlRequests()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(500)).forEach(got::add);
        }
      }
      assertThat(got).hasSize(1);
      assertThat(got.get(0).key()).isEqualTo("sent-by-analyst.example");
      assertThat(got.get(0).value()).isEqualTo(request);
    }
  }

  @Test
  void aBrokerThatIsAwayFailsTheSendWithinSeconds() {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", "127.0.0.1:1");
    long start = System.nanoTime();
    try (KafkaCrawlRequests sender =
        new KafkaCrawlRequests(props, Topics.defaults().crawlRequests())) {
      assertThatThrownBy(
              () ->
                  sender.send(
                      new CrawlRequest(
                          CrawlRequest.VERSION,
                          "http://www.nowhere.example/",
                          "nowhere.example",
                          CrawlRequest.Source.SEED,
                          0,
                          null,
                          Instant.now())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("nowhere.example");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
  }
}
