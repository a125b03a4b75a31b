package org.sitewatch.crawler.worker;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition may be committed. Requests finish out of order (a small site
 * before a big one), so a partition's committed position is the lowest offset that is still open,
 * or one past the highest offset seen when none is open.
 *
 * <p>It also remembers which offsets were finished here but may not be committed yet, across
 * revocations: when a partition comes back after a rebalance, the consumer re-delivers everything
 * from the last committed position, and a request whose work (and outcome) is already done must not
 * be acted on a second time. That memory is pruned as commits pass it and bounded per partition.
 * Not thread-safe: the consumer thread owns it.
 */
final class OffsetTracker {
  static final int MAX_REMEMBERED_PER_PARTITION = 10_000;

  private static final class PartitionState {
    final TreeSet<Long> open = new TreeSet<>();
    long highestSeen = -1;
    long committed = -1;

    long position() {
      return open.isEmpty() ? highestSeen + 1 : open.first();
    }
  }

  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private final Map<TopicPartition, TreeSet<Long>> finished = new HashMap<>();

  /** A record was received and is now being worked on. */
  void open(TopicPartition partition, long offset) {
    PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
    state.open.add(offset);
    state.highestSeen = Math.max(state.highestSeen, offset);
  }

  /**
   * A record's work is finished. The offset is remembered even when its partition was revoked
   * meanwhile, so that a re-delivery can be recognised by {@link #isFinished}.
   */
  void done(TopicPartition partition, long offset) {
    PartitionState state = partitions.get(partition);
    if (state != null) {
      state.open.remove(offset);
      if (offset < state.committed) {
        return; // already behind a commit: can never be re-delivered by this assignment
      }
    }
    TreeSet<Long> remembered = finished.computeIfAbsent(partition, p -> new TreeSet<>());
    remembered.add(offset);
    while (remembered.size() > MAX_REMEMBERED_PER_PARTITION) {
      remembered.pollFirst();
    }
  }

  /** Whether the work of this record was already finished here (it is being re-delivered). */
  boolean isFinished(TopicPartition partition, long offset) {
    TreeSet<Long> remembered = finished.get(partition);
    return remembered != null && remembered.contains(offset);
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
          TreeSet<Long> remembered = finished.get(partition);
          if (remembered != null) {
            remembered.headSet(offset.offset()).clear();
            if (remembered.isEmpty()) {
              finished.remove(partition);
            }
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

  /**
   * Forgets the positions of partitions that were revoked or lost: whoever consumes them next
   * starts from the group's committed offset. Finished offsets stay remembered.
   */
  void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }
}
