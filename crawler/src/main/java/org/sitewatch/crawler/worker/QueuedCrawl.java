package org.sitewatch.crawler.worker;

import java.util.Comparator;
import org.sitewatch.events.CrawlRequest;

/**
 * A site crawl waiting for one of the worker's crawl threads. Requests an operator made (seeds,
 * tips, recrawls) start before discovered links whatever priority a link claims (discoveries have
 * the lowest priority), then by the request's priority (higher first), then in arrival order. The
 * order only decides which crawl starts next; offsets are still committed only up to the lowest
 * unfinished request of each partition.
 */
record QueuedCrawl(int priority, boolean discovered, long sequence, Runnable crawl)
    implements Runnable {
  /** The thread pool's queue order; every element of that queue is a {@code QueuedCrawl}. */
  static final Comparator<Runnable> ORDER =
      Comparator.comparing(
          r -> (QueuedCrawl) r,
          Comparator.comparing(QueuedCrawl::discovered)
              .thenComparing(Comparator.comparingInt(QueuedCrawl::priority).reversed())
              .thenComparingLong(QueuedCrawl::sequence));

  QueuedCrawl(CrawlRequest request, long sequence, Runnable crawl) {
    this(request.priority(), request.source() == CrawlRequest.Source.LINK, sequence, crawl);
  }

  @Override
  public void run() {
    crawl.run();
  }
}
