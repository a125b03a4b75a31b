package org.sitewatch.crawler.state;

import java.time.Duration;
import java.util.Map;

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

  /** Waits at most {@code timeout} for sends in flight, then releases the clients. */
  void close(Duration timeout);
}
