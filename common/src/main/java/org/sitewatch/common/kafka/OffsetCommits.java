package org.sitewatch.common.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/** Committing a handled batch: for {@link ConsumerLoop} and for handlers in manual commit mode. */
public final class OffsetCommits {
  private OffsetCommits() {}

  /**
   * Commits {@code offsets} synchronously; a {@link WakeupException} (from {@link
   * ConsumerLoop#close()}) is spent and the commit tried once more, so a closing loop still commits
   * its last batch.
   *
   * @param timeout the commit's timeout, or {@code null} for the consumer's default
   */
  public static void commitSync(
      Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    try {
      commitOnce(consumer, offsets, timeout);
    } catch (WakeupException e) {
      commitOnce(consumer, offsets, timeout);
    }
  }

  /**
   * The offsets to commit once every record of {@code batch} is handled: last + 1 per partition.
   */
  public static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<?, ?> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : batch.partitions()) {
      List<? extends ConsumerRecord<?, ?>> records = batch.records(partition);
      offsets.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
    }
    return offsets;
  }

  private static void commitOnce(
      Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    if (timeout == null) {
      consumer.commitSync(offsets);
    } else {
      consumer.commitSync(offsets, timeout);
    }
  }
}
