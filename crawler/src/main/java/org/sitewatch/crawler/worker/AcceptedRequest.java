package org.sitewatch.crawler.worker;

import java.util.ArrayList;
import java.util.List;
import org.sitewatch.crawler.crawl.CrawlJob;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.events.CrawlRequest;

/**
 * A crawl request the worker took on: its site crawl is queued or running. {@code positions} are
 * the records waiting for it: the one that started it and any re-delivery of that same record after
 * a rebalance.
 */
final class AcceptedRequest {
  final CrawlRequest request;
  final Position origin;
  final CrawlCheckpoint resumeFrom; // null: a fresh crawl
  final List<Position> positions = new ArrayList<>(); // consumer thread only
  volatile boolean acted;
  // its partition moved to another worker: not started, or stopped, and left to that worker
  volatile boolean handedOver;
  // how often the checkpoint writer had handed the request's partition over when it was submitted
  volatile int handOversAtSubmit = -1;
  volatile CrawlJob job; // set once its crawl is created

  AcceptedRequest(CrawlRequest request, Position origin, CrawlCheckpoint resumeFrom) {
    this.request = request;
    this.origin = origin;
    this.resumeFrom = resumeFrom;
    positions.add(origin);
  }
}
