package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.CrawlController;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a crawl's single fetch thread to the end, working around crawler4j's idle monitor: the
 * controller's monitor notices an empty frontier only after 2-3 s (it sleeps whole seconds); the
 * frontier knows at once when the last URL was processed, and then the crawl is ended through the
 * controller's own shutdown. Returns after the fetch thread ended, so no callback runs after the
 * crawl; the monitor thread finishes its clean-up (about a second later) on its own.
 */
final class FetchThreadRun {
  private static final Logger log = LoggerFactory.getLogger(FetchThreadRun.class);

  private FetchThreadRun() {}

  /** What ended a crawl's fetch thread. */
  enum End {
    /** The frontier ran dry and the crawl was shut down at once. */
    FRONTIER_RAN_DRY,
    /** Stopped, or ended by the controller's own idle monitor (seconds later). */
    CONTROLLER,
    /** The waiting thread was interrupted; the crawl was stopped. */
    INTERRUPTED
  }

  /**
   * Starts the fetch thread and waits for the end of the crawl. An interrupt calls {@code stop},
   * then waits up to {@code joinBoundMs} for the fetch thread to finish its page (so nothing of the
   * crawl comes after its outcome) and restores the interrupt.
   *
   * @return what ended it
   */
  static End runToEnd(
      CrawlController c,
      InMemoryFrontier frontier,
      Supplier<WebCrawlerAdapter> adapters,
      Runnable stop,
      long joinBoundMs) {
    List<WebCrawlerAdapter> crawlers = new CopyOnWriteArrayList<>();
    c.startNonBlocking(
        () -> {
          WebCrawlerAdapter crawler = adapters.get();
          crawlers.add(crawler);
          return crawler;
        },
        1);
    try {
      if (frontier.awaitEnd()) {
        if (!c.isShuttingDown()) {
          c.shutdown();
        }
        for (WebCrawlerAdapter crawler : crawlers) {
          Thread t = crawler.getThread();
          if (t != null) {
            t.join();
          }
        }
        return End.FRONTIER_RAN_DRY;
      }
      c.waitUntilFinish(); // stopped, or ended by the monitor: wait for its clean-up as before
      return End.CONTROLLER;
    } catch (InterruptedException e) {
      stop.run();
      // let the fetch thread finish its page first, so nothing of this crawl comes after its
      // outcome; bounded, since a fetch in flight ends at crawler.total-timeout at the latest
      joinQuietly(crawlers, joinBoundMs);
      Thread.currentThread().interrupt();
      return End.INTERRUPTED;
    }
  }

  private static void joinQuietly(List<WebCrawlerAdapter> crawlers, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    for (WebCrawlerAdapter crawler : crawlers) {
      Thread t = crawler.getThread();
      while (t != null && t.isAlive()) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          log.warn("fetch thread {} still running after the crawl was stopped", t.getName());
          return;
        }
        try {
          t.join(left);
        } catch (InterruptedException again) {
          // keep waiting within the bound; the caller restores the interrupt
        }
      }
    }
  }
}
