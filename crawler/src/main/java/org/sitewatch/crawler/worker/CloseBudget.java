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
  /**
   * About 5 s in all (issue 13: a clean stop within 5 s, even with the broker away). A crawl stops
   * after its current page, which takes crawler4j's controller 2-3 s; the final commit waits at
   * most 1.5 s for the output, and when that is not acknowledged (broker away) the clients are
   * closed without waiting. The join and forced wait only bound a consumer thread that is stuck
   * anyway.
   */
  static final CloseBudget DEFAULT =
      new CloseBudget(
          Duration.ofSeconds(3),
          Duration.ofMillis(500),
          Duration.ofMillis(1500),
          Duration.ofMillis(250),
          Duration.ofSeconds(6),
          Duration.ofSeconds(1));
}
