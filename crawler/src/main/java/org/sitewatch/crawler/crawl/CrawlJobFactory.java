package org.sitewatch.crawler.crawl;

import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.events.CrawlRequest;

/**
 * How the worker gets a {@link CrawlJob} for a request. Production uses {@link SiteCrawlFactory};
 * the seam lets the worker's consumer logic (offsets, rebalances, idleness, close) be tested
 * without crawling.
 */
public interface CrawlJobFactory {
  /** A crawl of {@code request}'s site that reports to {@code emitter}; not started yet. */
  CrawlJob create(CrawlRequest request, Emitter emitter);

  /**
   * Like {@link #create(CrawlRequest, Emitter)}, tracking what is fetched in {@code progress}
   * (which publishes checkpoints) and resuming from it when it continues an earlier attempt.
   * Implementations that keep no state ignore it.
   */
  default CrawlJob create(CrawlRequest request, Emitter emitter, CrawlProgress progress) {
    return create(request, emitter);
  }

  /** Releases what the crawls share (the WARC writer) once no crawl runs any more; idempotent. */
  default void close() {}
}
