package org.sitewatch.crawler.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discoveries lane of a worker: a second consumer, assigned by hand to the partitions of the
 * discoveries topic whose numbers the worker owns on the request topic (the topics are
 * co-partitioned by site, so a site's seeds and discoveries stay with one worker). It is read only
 * when the worker's seed lane has no waiting work (see {@code CrawlerWorker}); its offsets are
 * committed under its own group id ({@code <group>-discoveries}), since a consumer outside the
 * worker group may not commit for it. Used by the worker's consumer thread only.
 */
final class DiscoveryLane {
  private static final Logger log = LoggerFactory.getLogger(DiscoveryLane.class);

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private int partitions = -1; // of the lane topic; 0: it does not exist

  DiscoveryLane(Consumer<String, byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /** Consumer properties of the lane: those of the worker's consumer, own group, one at a time. */
  static Map<String, Object> consumerProps(Map<String, Object> workerConsumerProps) {
    Map<String, Object> props = new HashMap<>(workerConsumerProps);
    props.put(
        ConsumerConfig.GROUP_ID_CONFIG, props.get(ConsumerConfig.GROUP_ID_CONFIG) + "-discoveries");
    props.computeIfPresent(ConsumerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-discoveries");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1); // taken one by one, between seeds
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    props.remove(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    props.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
    props.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    // the lane assigns its partitions itself: a static member id there would fence its commits
    props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    return props;
  }

  String topic() {
    return topic;
  }

  /** Whether {@code partition} belongs to {@code lane} (false when the worker has no lane). */
  static boolean carries(DiscoveryLane lane, TopicPartition partition) {
    return lane != null && partition.topic().equals(lane.topic());
  }

  /** The lane partitions with the numbers of {@code requestPartitions}. */
  Set<TopicPartition> matching(Collection<TopicPartition> requestPartitions) {
    Set<TopicPartition> lane = new HashSet<>();
    for (TopicPartition p : requestPartitions) {
      lane.add(new TopicPartition(topic, p.partition()));
    }
    return lane;
  }

  /**
   * Follows newly assigned request partitions. A lane topic that does not exist (a deployment whose
   * topics were created before it) is reported and not read; one with another partition count is
   * read where the numbers exist, with a warning, since a site's seeds and discoveries may then be
   * crawled by two workers.
   */
  void follow(Collection<TopicPartition> requestPartitions) {
    if (partitions < 0) {
      try {
        var infos = consumer.partitionsFor(topic);
        partitions = infos == null ? 0 : infos.size();
      } catch (KafkaException e) {
        log.warn("cannot read the partitions of {}: {}", topic, e.toString());
        return;
      }
      if (partitions == 0) {
        log.error(
            "topic {} does not exist: discovered links are not crawled by this worker"
                + " (create the topics with the sitewatch commands)",
            topic);
      }
    }
    Set<TopicPartition> wanted = new HashSet<>();
    for (TopicPartition p : matching(requestPartitions)) {
      if (p.partition() < partitions) {
        wanted.add(p);
      }
    }
    if (wanted.size() < requestPartitions.size() && partitions > 0) {
      log.warn(
          "topic {} has {} partition(s), fewer than the request topic: not co-partitioned",
          topic,
          partitions);
    }
    if (assigned.addAll(wanted)) {
      consumer.assign(Set.copyOf(assigned));
    }
  }

  /** Stops reading the lane partitions of revoked or lost request partitions. */
  void unfollow(Collection<TopicPartition> requestPartitions) {
    if (assigned.removeAll(matching(requestPartitions))) {
      consumer.assign(Set.copyOf(assigned));
    }
  }

  /** At most one discovery that was already fetched, without waiting. */
  ConsumerRecords<String, byte[]> poll() {
    if (assigned.isEmpty()) {
      return ConsumerRecords.empty();
    }
    return consumer.poll(Duration.ZERO);
  }

  /** Whether every followed partition is known to be read to its end. */
  boolean caughtUp() {
    for (TopicPartition p : assigned) {
      OptionalLong lag;
      try {
        lag = consumer.currentLag(p);
      } catch (KafkaException | IllegalStateException e) {
        return false;
      }
      if (lag.isEmpty() || lag.getAsLong() > 0) {
        return false;
      }
    }
    return true;
  }

  void commit(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    if (offsets.isEmpty()) {
      return;
    }
    try {
      if (timeout == null) {
        consumer.commitSync(offsets);
      } else {
        consumer.commitSync(offsets, timeout);
      }
    } catch (KafkaException e) {
      log.warn("could not commit discoveries {}: {}", offsets, e.toString());
    }
  }

  void close(Duration timeout) {
    try {
      consumer.close(timeout);
    } catch (RuntimeException e) {
      log.warn("closing the discoveries consumer failed: {}", e.toString());
    }
  }
}
