package org.sitewatch.web.crawl;

import org.sitewatch.events.CrawlRequest;

/**
 * Publishes a crawl request for the workbench (the analyst's "send a site to be crawled"); the
 * command line gives a Kafka producer on the crawl-requests topic.
 */
public interface CrawlRequests {
  /**
   * Sends the request and waits for the broker's acknowledgement.
   *
   * @throws IllegalStateException if it could not be sent
   */
  void send(CrawlRequest request);
}
