package org.sitewatch.web.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/** Reads what a test's broker holds on a topic, without joining a consumer group. */
public final class TopicRecords {
  private TopicRecords() {}

  /**
   * Every crawl request on {@code topic} so far: read from the start of each partition to its end
   * offset as it was when called. Fails rather than returning a part: a part read would let "no
   * request for this site" pass unchecked.
   */
  public static List<ConsumerRecord<String, CrawlRequest>> crawlRequests(
      EmbeddedKafka kafka, String topic) {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("enable.auto.commit", false);
    List<ConsumerRecord<String, CrawlRequest>> out = new ArrayList<>();
    try (KafkaConsumer<String, CrawlRequest> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), JsonSerde.of(CrawlRequest.class))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("cannot read " + topic + " to its end offsets " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
