package org.sitewatch.crawler.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.events.JsonSerde;

/**
 * Reads a whole topic from the beginning into a list, for test assertions. Records that are not
 * valid JSON for the type (a test may write such on purpose) are left out.
 */
public final class TopicReader<T> implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final JsonSerde<T> serde;
  private final List<T> values = new ArrayList<>();

  public TopicReader(String bootstrap, String topic, Class<T> type) {
    serde = JsonSerde.of(type);
    consumer =
        new KafkaConsumer<>(
            // as the stages read: a crawl outcome of an aborted transaction is not there
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Everything the topic holds now: polls until every partition is read up to the end offsets taken
   * at the call (the last stable offsets, as this reader reads committed records), for at most 10
   * s. One short poll was not enough: it can return one partition's records and not yet the
   * other's.
   */
  public synchronized List<T> values() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        try {
          values.add(serde.deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
          // not a T: skipped on purpose
        }
      }
    } while (!caughtUp(ends) && System.nanoTime() < deadline);
    return List.copyOf(values);
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  public List<T> matching(Predicate<T> predicate) {
    return values().stream().filter(predicate).toList();
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
