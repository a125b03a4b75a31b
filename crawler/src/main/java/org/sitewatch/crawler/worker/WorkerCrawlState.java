package org.sitewatch.crawler.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.crawler.state.CheckpointWriter;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.crawler.state.CrawlStateStore;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of crawl state (docs/crawl-state.md): turns checkpoints on when the state topic
 * fits the request topic, reads the state of newly assigned partitions (remembering their finished
 * crawls as recent ones), matches restored checkpoints to redelivered requests, and deletes stale
 * records. Used by the consumer thread only (the writer it hands to crawls is thread-safe).
 */
final class WorkerCrawlState {
  private static final Logger log = LoggerFactory.getLogger(WorkerCrawlState.class);
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);

  private final CrawlStateStore store; // null: no crawl-state topic configured
  private final Topics topics;
  private final Output output;
  private final CrawlerMetrics metrics;
  // checkpoints read on assignment, not yet matched to a request
  private final Map<String, CrawlCheckpoint> restored = new HashMap<>();
  // where done records found on assignment are remembered as recent crawls (null: nowhere)
  private RecentCrawls recent;
  private Clock clock;
  private Duration recrawlAfter;
  private CheckpointWriter checkpoints; // null while crawl state is off
  private boolean checked;

  WorkerCrawlState(CrawlStateStore store, Topics topics, Output output, CrawlerMetrics metrics) {
    this.store = store;
    this.topics = topics;
    this.output = output;
    this.metrics = metrics;
  }

  /**
   * Turns checkpoints on when the crawl-state topic exists with at least as many partitions as the
   * request topic (partition p of one holds the sites of partition p of the other). Checked once,
   * at the first assignment, before any crawl state is read.
   */
  void enable(Consumer<String, byte[]> consumer) {
    if (store == null || checked) {
      return;
    }
    checked = true;
    int statePartitions = store.partitions();
    List<PartitionInfo> requestPartitions = consumer.partitionsFor(topics.crawlRequests());
    int needed = requestPartitions == null ? 0 : requestPartitions.size();
    if (statePartitions == 0 || statePartitions < needed) {
      log.warn(
          "crawl state is off: topic {} {}; a worker taking over a site will crawl it again from"
              + " its seed",
          topics.crawlState(),
          statePartitions == 0
              ? "does not exist"
              : "has "
                  + statePartitions
                  + " partitions, fewer than the "
                  + needed
                  + " of "
                  + topics.crawlRequests());
      return;
    }
    checkpoints = new CheckpointWriter(store, output, metrics);
  }

  /**
   * The {@code done} records read on assignment go to {@code recent} as crawls of their site; a
   * done record older than {@code recrawlAfter} whose request is committed is deleted instead.
   */
  void remember(RecentCrawls recent, Clock clock, Duration recrawlAfter) {
    this.recent = recent;
    this.clock = clock;
    this.recrawlAfter = recrawlAfter;
  }

  /** The writer for crawls of requests that are tracked, or {@code null} while state is off. */
  CheckpointWriter writer() {
    return checkpoints;
  }

  /** Why the crawl state cannot be written (the worker's readiness), or empty. */
  java.util.Optional<String> problem() {
    CheckpointWriter w = checkpoints;
    return w == null ? java.util.Optional.empty() : w.problem();
  }

  boolean isOn() {
    return checkpoints != null;
  }

  /**
   * The restored checkpoint of {@code request} at {@code position}, or {@code null}; a match is
   * taken out of the restored set.
   */
  CrawlCheckpoint claim(CrawlRequest request, Position position) {
    String site = request.site();
    CrawlCheckpoint saved = restored.get(site);
    if (saved != null
        && saved.belongsTo(request, position.partition().partition(), position.offset())) {
      restored.remove(site);
      return saved;
    }
    return null;
  }

  /**
   * Reads the crawl state of newly assigned partitions, before any of their requests is handled. A
   * {@code done} record stays: it makes a redelivery of its request only committed and its site a
   * recent crawl for the skip rule, whichever worker crawled it; it is deleted once it is older
   * than {@code recrawl-after} and its request is behind the committed offset. A running checkpoint
   * of a request already behind the committed offset is stale (its worker stopped between commit
   * and done record) and is deleted.
   */
  void restore(Consumer<String, byte[]> consumer, Collection<TopicPartition> partitions) {
    if (checkpoints == null || partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(Set.copyOf(partitions));
    } catch (KafkaException e) {
      log.warn("cannot read committed offsets of {}: {}", partitions, e.toString());
      committed = Map.of();
    }
    Instant horizon = clock == null ? null : clock.instant().minus(recrawlAfter);
    for (TopicPartition partition : partitions) {
      checkpoints.assigned(partition.partition());
      Map<String, CrawlCheckpoint> state = store.read(partition.partition(), RESTORE_TIMEOUT);
      OffsetAndMetadata at = committed == null ? null : committed.get(partition);
      int resumable = 0;
      int finished = 0;
      for (CrawlCheckpoint c : state.values()) {
        checkpoints.restored(c);
        // a discovery's offset is committed under the lane's group: not comparable with `at`
        boolean behindCommit = c.discovery() || (at != null && c.offset() < at.offset());
        boolean stale =
            c.partition() != partition.partition()
                || (c.done()
                    ? behindCommit && (horizon == null || c.writtenAt().isBefore(horizon))
                    : !c.discovery() && behindCommit);
        if (stale) {
          checkpoints.clear(c.site(), CheckpointWriter.Owner.of(c));
          continue;
        }
        restored.put(c.site(), c);
        if (c.done()) {
          finished++;
          if (recent != null) {
            recent.crawledElsewhere(c.site(), c.writtenAt(), c.discovery());
          }
        } else {
          resumable++;
        }
      }
      if (!state.isEmpty()) {
        log.info(
            "crawl state of {}: {} site(s) to resume, {} finished crawl(s) remembered, {} stale"
                + " record(s) deleted",
            partition,
            resumable,
            finished,
            state.size() - resumable - finished);
      }
    }
  }

  /**
   * Forgets what was restored for partitions this worker no longer owns and hands their state over
   * to their next owner: finishes handed in before are published (waiting at most {@code wait} in
   * all), nothing of theirs is written afterwards ({@link CheckpointWriter#handOver}).
   */
  void forget(Collection<TopicPartition> partitions, Duration wait) {
    Set<Integer> numbers = new HashSet<>();
    for (TopicPartition p : partitions) {
      numbers.add(p.partition());
    }
    restored.values().removeIf(c -> numbers.contains(c.partition()));
    if (checkpoints != null) {
      long deadline = System.nanoTime() + wait.toNanos();
      for (int n : numbers) {
        long left = Math.max(0, deadline - System.nanoTime());
        checkpoints.handOver(n, Duration.ofNanos(left));
      }
    }
  }

  /**
   * Prepares the store (a transactional one fences a predecessor of its id); waits for the broker
   * unless {@link #abortOpen} or an interrupt ends the wait.
   */
  void open() {
    if (store != null) {
      store.open();
    }
  }

  /** Ends an {@link #open} in progress on another thread at once (the worker is closing). */
  void abortOpen() {
    if (store != null) {
      store.abortOpen();
    }
  }

  /** Closes the writer (which closes the store), or the store when checkpoints never started. */
  void close(Duration timeout) {
    if (checkpoints != null) {
      checkpoints.close(timeout); // also closes the store
    } else if (store != null) {
      store.close(Duration.ZERO);
    }
  }
}
