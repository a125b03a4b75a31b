package org.sitewatch.crawler.crawl;

import org.sitewatch.events.CrawlRequest;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.crawler.output.Emitter;

/**
 * How the worker runs one site crawl. Production uses {@link SiteCrawl}; the seam lets the
 * worker's consumer logic (offsets, rebalances, idleness, close) be tested without crawling.
 */
public interface SiteJobs {
  /** One crawl of one site. */
  interface Job {
    /** Runs the crawl to its end; page-level failures are reported, not thrown. */
    SiteReport run() throws Exception;

    /** Asks a running crawl to stop after its current page; safe from any thread, idempotent. */
    void stop();
  }

  /** A crawl of {@code request}'s site that reports to {@code emitter}; not started yet. */
  Job create(CrawlRequest request, Emitter emitter);

  /**
   * Like {@link #create(CrawlRequest, Emitter)}, tracking what is fetched in {@code progress}
   * (which publishes checkpoints) and resuming from it when it continues an earlier attempt.
   * Implementations that keep no state ignore it.
   */
  default Job create(CrawlRequest request, Emitter emitter, CrawlProgress progress) {
    return create(request, emitter);
  }
  /** Releases what the crawls share (the WARC writer) once no crawl runs any more; idempotent. */
  default void close() {}
}
