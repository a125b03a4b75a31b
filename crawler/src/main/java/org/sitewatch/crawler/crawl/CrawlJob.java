package org.sitewatch.crawler.crawl;

/**
 * One crawl of one site, as the worker runs it: {@link SiteCrawl} in production, a fake in the
 * worker's tests.
 */
public interface CrawlJob {
  /** Runs the crawl to its end; page-level failures are reported, not thrown. */
  SiteReport run() throws Exception;

  /** Asks a running crawl to stop after its current page; safe from any thread, idempotent. */
  void stop();
}
