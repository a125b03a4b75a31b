package org.sitewatch.crawler.worker;

import java.time.Duration;

/**
 * How long each step of {@link CrawlerWorker#close()} may take. The consumer thread spends at most
 * {@code crawlStop + interrupt} on the crawls, {@code commit} (twice if a wakeup interrupts it) on
 * the final commit and {@code clientClose} on each client; {@code close()} waits {@code join} for
 * it, then force-closes the clients and waits {@code forcedWait} more.
 */
record CloseBudget(
    Duration crawlStop,
    Duration interrupt,
    Duration commit,
    Duration clientClose,
    Duration join,
    Duration forcedWait) {
  /** About 22 s in all: within the 25 s a caller's shutdown hook may give a worker. */
  static final CloseBudget DEFAULT =
      new CloseBudget(
          Duration.ofSeconds(8),
          Duration.ofSeconds(2),
          Duration.ofSeconds(3),
          Duration.ofSeconds(2),
          Duration.ofSeconds(20),
          Duration.ofSeconds(2));
}
