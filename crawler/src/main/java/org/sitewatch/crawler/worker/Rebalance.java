package org.sitewatch.crawler.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.sitewatch.crawler.state.CheckpointWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker does when partitions move: a revoked partition's finished requests are committed
 * first, its running crawls are stopped and left to its next owner (which resumes them from their
 * checkpoints), what its finished crawls handed in is published, and its offsets, crawl state and
 * discoveries partition are forgotten; an assigned partition's crawl state is read before any of
 * its requests is handled, and its discoveries partition followed.
 */
final class Rebalance implements ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(Rebalance.class);

  private final Consumer<String, byte[]> consumer;
  private final IntakeLoop loop;
  private final Commits commits;
  private final OffsetTracker offsets;
  private final WorkerCrawlState crawlState;
  private final DiscoveryLane lane; // null: no discoveries lane
  private final CrawlPool pool;
  private final CloseBudget budget;

  Rebalance(
      Consumer<String, byte[]> consumer,
      IntakeLoop loop,
      Commits commits,
      OffsetTracker offsets,
      WorkerCrawlState crawlState,
      DiscoveryLane lane,
      CrawlPool pool,
      CloseBudget budget) {
    this.consumer = consumer;
    this.loop = loop;
    this.commits = commits;
    this.offsets = offsets;
    this.crawlState = crawlState;
    this.lane = lane;
    this.pool = pool;
    this.budget = budget;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    loop.drainFinished();
    Set<TopicPartition> moving = withLane(partitions);
    Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>(offsets.committable());
    toCommit.keySet().retainAll(moving);
    if (!toCommit.isEmpty()) {
      try {
        commits.commit(toCommit, pool.stopping() ? budget.commit() : null);
      } catch (WakeupException e) {
        log.warn("could not commit {} on revocation: {}", toCommit, e.toString());
      }
    }
    offsets.forget(moving);
    // the next owner reads the partitions' crawl state once this returns: their crawls running
    // here stop and leave their requests to it, and what they handed in is published before
    int stopped = pool.handOver(moving);
    crawlState.forget(
        partitions, pool.stopping() ? Duration.ZERO : CheckpointWriter.HAND_OVER_WAIT);
    if (lane != null) {
      lane.unfollow(partitions);
    }
    if (stopped > 0) {
      log.info(
          "revoked {}: {} crawl(s) of theirs stopped, left to their next owner",
          partitions,
          stopped);
    }
    log.debug("revoked {}", partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    Set<TopicPartition> moving = withLane(partitions);
    offsets.forget(moving);
    pool.handOver(moving);
    crawlState.forget(partitions, Duration.ZERO); // they are another worker's already
    if (lane != null) {
      lane.unfollow(partitions);
    }
    log.debug("lost {}", partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    crawlState.enable(consumer); // once, on the consumer thread, before the first restore
    crawlState.restore(consumer, partitions);
    if (lane != null) {
      lane.follow(partitions);
    }
    log.debug("assigned {}", partitions);
  }

  /** The request partitions and the discoveries partitions that go with them. */
  private Set<TopicPartition> withLane(Collection<TopicPartition> partitions) {
    Set<TopicPartition> all = new HashSet<>(partitions);
    if (lane != null) {
      all.addAll(lane.matching(partitions));
    }
    return all;
  }
}
