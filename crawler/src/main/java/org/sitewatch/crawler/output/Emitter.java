package org.sitewatch.crawler.output;

import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/**
 * Where a site crawl sends what it produces. Sends are asynchronous; implementations are
 * thread-safe.
 */
public interface Emitter {
  void page(FetchedPage page);

  void outcome(Outcome outcome);

  void request(CrawlRequest request);
}
