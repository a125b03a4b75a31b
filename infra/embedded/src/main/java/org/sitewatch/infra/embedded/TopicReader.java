package org.sitewatch.infra.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a broker holds on one topic, from the beginning of every partition and without joining
 * a consumer group, as the stages read (committed records only): for tests that check what a stage
 * wrote. The crawler's and the web module's tests read through it (web's read uncommitted records
 * before; its topics are written without transactions, so they read the same); older tests in other
 * modules still have readers of their own.
 *
 * <p>Each {@link #readToEnd()} reads up to the end offsets as they are at the call and fails rather
 * than return a part: a part read would let "no record for this site" pass unchecked, and one short
 * poll can return one partition's records and not yet another's.
 */
public final class TopicReader<V> implements AutoCloseable {
  /** How long one {@link #readToEnd()} may take. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  private final String topic;
  private final KafkaConsumer<String, V> consumer;
  private final List<TopicPartition> partitions;

  /**
   * @param clientProps the broker's client properties ({@code bootstrap.servers} and, if any, the
   *     security settings)
   */
  public TopicReader(Map<String, Object> clientProps, String topic, Deserializer<V> values) {
    this.topic = topic;
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // a record of an aborted transaction is not there, as for the stages
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
    try {
      partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** Every record on {@code topic} now (one reader, read once). */
  public static <V> List<ConsumerRecord<String, V>> readAll(
      Map<String, Object> clientProps, String topic, Deserializer<V> values) {
    try (TopicReader<V> reader = new TopicReader<>(clientProps, topic, values)) {
      return reader.readToEnd();
    }
  }

  /**
   * The records after those that earlier calls returned, up to the end offsets (the last stable
   * offsets) as they are now.
   *
   * @throws IllegalStateException when the end offsets are not reached within {@link #WAIT}
   */
  public synchronized List<ConsumerRecord<String, V>> readToEnd() {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    List<ConsumerRecord<String, V>> read = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!caughtUp(ends)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "cannot read " + topic + " to its end offsets " + ends + " within " + WAIT);
      }
      consumer.poll(Duration.ofMillis(100)).forEach(read::add);
    }
    return read;
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
