package org.sitewatch.crawler.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawl-state topic: an idempotent producer of its own (so the state never waits behind page
 * records, and a worker's page producer stays as it was) and a group-less consumer that reads one
 * partition with {@code assign()} when the worker is given the matching request partition. The
 * reader is used only by the worker's consumer thread.
 */
public final class KafkaCrawlState implements CrawlStateStore {
  private static final Logger log = LoggerFactory.getLogger(KafkaCrawlState.class);

  private final String topic;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> reader;

  public KafkaCrawlState(Map<String, Object> kafkaProps, String topic) {
    this.topic = Objects.requireNonNull(topic, "topic");
    Map<String, Object> p = new HashMap<>(kafkaProps);
    p.computeIfPresent(ProducerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-state");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    producer = new KafkaProducer<>(p);
    Map<String, Object> c = new HashMap<>(kafkaProps);
    c.computeIfPresent(ConsumerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-state-reader");
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try {
      reader = new KafkaConsumer<>(c);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  @Override
  public int partitions() {
    try {
      List<PartitionInfo> infos = reader.partitionsFor(topic, Duration.ofSeconds(10));
      return infos == null ? 0 : infos.size();
    } catch (KafkaException e) {
      log.warn("cannot look up crawl-state topic {}: {}", topic, e.toString());
      return 0;
    }
  }

  @Override
  public Map<String, CrawlCheckpoint> read(int partition, Duration timeout) {
    TopicPartition tp = new TopicPartition(topic, partition);
    Map<String, CrawlCheckpoint> latest = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    reader.assign(List.of(tp));
    reader.seekToBeginning(List.of(tp));
    long end = reader.endOffsets(List.of(tp), timeout).getOrDefault(tp, 0L);
    while (reader.position(tp, timeout) < end) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        log.warn(
            "reading crawl state {} timed out after {}; resuming only what was read", tp, timeout);
        break;
      }
      for (ConsumerRecord<String, byte[]> r :
          reader.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos())))) {
        if (r.key() == null) {
          continue;
        }
        if (r.value() == null) {
          latest.remove(r.key());
          continue;
        }
        try {
          latest.put(r.key(), CheckpointCodec.decode(r.value()));
        } catch (IllegalArgumentException e) {
          log.warn(
              "ignoring crawl state of {} at {}@{}: {}", r.key(), tp, r.offset(), e.getMessage());
          latest.remove(r.key());
        }
      }
    }
    reader.assign(List.of());
    return latest;
  }

  @Override
  public void write(String site, int partition, CrawlCheckpoint checkpoint) {
    byte[] value = checkpoint == null ? null : CheckpointCodec.encode(checkpoint);
    producer.send(
        new ProducerRecord<>(topic, partition, site, value),
        (metadata, e) -> {
          if (e != null) {
            // losing a checkpoint only widens the overlap of a later resume
            log.warn("could not write the crawl state of {}: {}", site, e.toString());
          }
        });
  }

  @Override
  public void close(Duration timeout) {
    try {
      producer.close(timeout);
    } finally {
      reader.close(Duration.ZERO);
    }
  }
}
