package org.sitewatch.common.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a {@link ConsumerLoop} is behind, per topic, for the {@code
 * sitewatch_consumer_lag_records} and {@code sitewatch_oldest_unprocessed_age_seconds} gauges
 * (docs/metrics.md). The loop thread writes it (after each poll and each handled batch, the only
 * thread that may ask the consumer); any thread reads it.
 *
 * <p>Lag of a partition: the records of the batch in progress plus the consumer's {@code
 * currentLag} (records after the fetched position). Oldest unprocessed record: the first record of
 * the batch in progress; between batches, when the partition still lags, the last record handled
 * stands in for the next one (which was written no earlier, so the age is an upper bound); 0 when
 * caught up. A partition no longer assigned stops counting.
 */
public final class ConsumerProgress {
  private final Clock clock;
  private final Map<TopicPartition, Partition> partitions = new HashMap<>();
  private final Map<String, Long> handledByTopic = new HashMap<>();

  private static final class Partition {
    long behind; // currentLag after the last poll, or 0 when unknown
    long pending; // records of the batch in progress
    long firstPendingTimestamp = -1;
    long lastHandledTimestamp = -1;
  }

  /** Progress whose ages are measured on {@code clock} against record timestamps. */
  public ConsumerProgress(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Called by the loop thread after a poll, with the batch about to be handled. */
  synchronized void polled(Consumer<?, ?> consumer, ConsumerRecords<?, ?> batch) {
    Set<TopicPartition> assigned = consumer.assignment();
    partitions.keySet().retainAll(assigned);
    for (TopicPartition tp : assigned) {
      Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
      OptionalLong lag = consumer.currentLag(tp);
      p.behind = lag.isPresent() ? lag.getAsLong() : 0;
      List<? extends ConsumerRecord<?, ?>> records = batch.records(tp);
      p.pending = records.size();
      p.firstPendingTimestamp = records.isEmpty() ? -1 : records.get(0).timestamp();
    }
  }

  /** Called by the loop thread once {@code batch} was handled (or given up). */
  synchronized void handled(ConsumerRecords<?, ?> batch) {
    for (TopicPartition tp : batch.partitions()) {
      Partition p = partitions.get(tp);
      List<? extends ConsumerRecord<?, ?>> records = batch.records(tp);
      handledByTopic.merge(tp.topic(), (long) records.size(), Long::sum);
      if (p != null && !records.isEmpty()) {
        p.pending = 0;
        p.firstPendingTimestamp = -1;
        p.lastHandledTimestamp = records.get(records.size() - 1).timestamp();
      }
    }
  }

  /** Records behind the end of the assigned partitions of {@code topic}. */
  public synchronized long lag(String topic) {
    long sum = 0;
    for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
      if (e.getKey().topic().equals(topic)) {
        sum += e.getValue().behind + e.getValue().pending;
      }
    }
    return sum;
  }

  /**
   * Records of {@code topic} handled (or given up) since the start: only ever grows, so a reader
   * sees whether the consumer made progress between two looks (the {@code stalled} readiness
   * check).
   */
  public synchronized long handled(String topic) {
    return handledByTopic.getOrDefault(topic, 0L);
  }

  /** Age of the oldest record of {@code topic} not yet processed; zero when caught up. */
  public synchronized Duration oldestUnprocessedAge(String topic) {
    long now = clock.millis();
    long oldest = Long.MAX_VALUE;
    for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
      if (!e.getKey().topic().equals(topic)) {
        continue;
      }
      Partition p = e.getValue();
      long ts = -1;
      if (p.pending > 0) {
        ts = p.firstPendingTimestamp;
      } else if (p.behind > 0) {
        ts = p.lastHandledTimestamp;
      }
      if (ts >= 0) {
        oldest = Math.min(oldest, ts);
      }
    }
    return oldest == Long.MAX_VALUE ? Duration.ZERO : Duration.ofMillis(Math.max(0, now - oldest));
  }
}
