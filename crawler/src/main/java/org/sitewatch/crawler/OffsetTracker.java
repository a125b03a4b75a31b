package org.sitewatch.crawler;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition may be committed. Requests finish out of order (a small site
 * before a big one), so a partition's committed position is the lowest offset that is still open,
 * or one past the highest offset seen when none is open. Not thread-safe: the consumer thread owns
 * it.
 */
final class OffsetTracker {
  private static final class PartitionState {
    final TreeSet<Long> open = new TreeSet<>();
    long highestSeen = -1;
    long committed = -1;

    long position() {
      return open.isEmpty() ? highestSeen + 1 : open.first();
    }
  }

  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

  /** A record was received and is now being worked on. */
  void open(TopicPartition partition, long offset) {
    PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
    state.open.add(offset);
    state.highestSeen = Math.max(state.highestSeen, offset);
  }

  /** A record's work is finished; unknown partitions (revoked meanwhile) are ignored. */
  void done(TopicPartition partition, long offset) {
    PartitionState state = partitions.get(partition);
    if (state != null) {
      state.open.remove(offset);
    }
  }

  /** Positions that advanced since the last {@link #committed} call. */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    partitions.forEach(
        (partition, state) -> {
          long position = state.position();
          if (position > state.committed && state.highestSeen >= 0) {
            result.put(partition, new OffsetAndMetadata(position));
          }
        });
    return result;
  }

  /** Records that {@code offsets} were committed. */
  void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (partition, offset) -> {
          PartitionState state = partitions.get(partition);
          if (state != null) {
            state.committed = Math.max(state.committed, offset.offset());
          }
        });
  }

  /** Whether some finished work is not committed yet. */
  boolean hasUncommitted() {
    return !committable().isEmpty();
  }

  /** Number of records still being worked on. */
  int openCount() {
    return partitions.values().stream().mapToInt(s -> s.open.size()).sum();
  }

  /** Forgets partitions that were revoked or lost. */
  void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }
}
