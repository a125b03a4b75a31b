package org.sitewatch.crawler.state;

import java.time.Duration;
import java.util.Map;
import org.sitewatch.events.Outcome;

/**
 * Where site-crawl checkpoints are kept: the compacted crawl-state topic in production ({@link
 * KafkaCrawlState}), a map in unit tests. Partition {@code p} holds the state of the sites of
 * partition {@code p} of the crawl-request topic.
 */
public interface CrawlStateStore {
  /** Partitions of the state topic; 0 when it does not exist (checkpoints are then off). */
  int partitions();

  /**
   * The latest checkpoint per site in one partition, read from its beginning to its end (a deleted
   * site is absent); unreadable records are skipped with a warning. Gives up after {@code timeout}
   * with what it has read.
   */
  Map<String, CrawlCheckpoint> read(int partition, Duration timeout);

  /** Sends a checkpoint, or a tombstone when {@code checkpoint} is null; asynchronous. */
  void write(String site, int partition, CrawlCheckpoint checkpoint);

  /**
   * Whether {@link #outcome} is supported: the outcomes and state records sent between {@link
   * #begin} and {@link #commit} become visible to {@code read_committed} readers together or not at
   * all (a Kafka transaction). Stores that say no get their batches written record by record and
   * the outcomes go through the worker's output (docs/crawl-state.md).
   */
  default boolean transactional() {
    return false;
  }

  /**
   * Prepares the store when the worker's clients open (a transactional store initialises its
   * transactions, fencing an earlier worker of its id); never throws, a later {@link #begin} tries
   * again.
   */
  default void open() {}

  /**
   * Makes an {@link #open} that is waiting for the broker on another thread give up at once (the
   * worker is closing while it starts); does nothing when no open is in progress. The store is
   * closed afterwards as usual.
   */
  default void abortOpen() {}

  /** Starts the batch that {@link #commit} publishes (transactional stores). */
  default void begin() {}

  /** Sends an outcome with the batch's state records (transactional stores only). */
  default void outcome(Outcome outcome) {
    throw new UnsupportedOperationException("not a transactional crawl-state store");
  }

  /**
   * Publishes the batch begun by {@link #begin}, waiting for it.
   *
   * @throws org.apache.kafka.common.KafkaException if it was not published (then {@link #abort})
   */
  default void commit() {}

  /**
   * Drops the batch begun by {@link #begin} after any failure of it; never throws. A store whose
   * producer cannot write again (fenced, not authorised) starts the next batch with a new one.
   */
  default void abort() {}

  /** Waits at most {@code timeout} for sends in flight, then releases the clients. */
  void close(Duration timeout);
}
