package org.sitewatch.crawler.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.sitewatch.crawler.output.Output;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits finished requests, at least once: the output is flushed first, then the request offsets
 * (and the discoveries lane's) move. The done records of committed requests stay on the crawl-state
 * topic as the memory of recent crawls (docs/crawl-state.md). Consumer thread only.
 */
final class Commits {
  private static final Logger log = LoggerFactory.getLogger(Commits.class);

  /** How long a commit waits for the output to be acknowledged; then it is tried next pass. */
  static final Duration FLUSH_WAIT = Duration.ofSeconds(2);

  private final Consumer<String, byte[]> consumer;
  private final Output output;
  private final DiscoveryLane lane; // null: no discoveries lane
  private final OffsetTracker offsets;

  Commits(
      Consumer<String, byte[]> consumer, Output output, DiscoveryLane lane, OffsetTracker offsets) {
    this.consumer = consumer;
    this.output = output;
    this.lane = lane;
    this.offsets = offsets;
  }

  /** Commits what finished, with the consumer's default timeout. */
  void commitFinished() {
    Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable();
    if (!toCommit.isEmpty()) {
      commit(toCommit, null);
    }
  }

  /**
   * Waits (bounded) for the output to be acknowledged, then commits; output that is not
   * acknowledged in time (the broker is away) leaves the offsets where they are, so the requests
   * are consumed again rather than lost. A {@link WakeupException} here comes from {@link
   * CrawlerWorker#close()} waking a consumer that was not polling at that moment; it is consumed by
   * the first attempt, so the commit is tried once more.
   *
   * @param timeout the wait for the output and the commit's timeout, or {@code null} for {@link
   *     #FLUSH_WAIT} and the consumer's default
   * @return whether the offsets were committed
   */
  boolean commit(Map<TopicPartition, OffsetAndMetadata> toCommit, Duration timeout) {
    Duration wait = timeout == null ? FLUSH_WAIT : timeout;
    // the output of every finished request is durable before its offset moves
    if (!output.flush(wait)) {
      if (timeout == null) {
        log.debug("output not acknowledged within {}; not committing {} yet", wait, toCommit);
      } else {
        log.warn(
            "output not acknowledged within {} (broker away?); leaving {} uncommitted for the"
                + " next worker",
            wait,
            toCommit);
      }
      return false;
    }
    Map<TopicPartition, OffsetAndMetadata> seeds = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> discoveries = new HashMap<>();
    toCommit.forEach((p, o) -> (DiscoveryLane.carries(lane, p) ? discoveries : seeds).put(p, o));
    try {
      if (!discoveries.isEmpty()) {
        lane.commit(discoveries, timeout);
      }
      try {
        commitSync(seeds, timeout);
      } catch (WakeupException e) {
        log.debug("commit interrupted by a wakeup; retrying once");
        commitSync(seeds, timeout);
      }
      offsets.committed(toCommit);
      log.debug("committed {}", toCommit);
      return true;
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // e.g. a rebalance took the partition away: its requests will be consumed again elsewhere
      log.warn("could not commit {}: {}", toCommit, e.toString());
      return false;
    }
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> toCommit, Duration timeout) {
    if (toCommit.isEmpty()) {
      return;
    }
    if (timeout == null) {
      consumer.commitSync(toCommit);
    } else {
      consumer.commitSync(toCommit, timeout);
    }
  }
}
