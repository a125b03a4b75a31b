/**
 * The crawler worker: {@link org.sitewatch.crawler.worker.CrawlerWorker} (built with {@code
 * CrawlerWorker.builder}) consumes crawl requests and runs site crawls on its pool.
 *
 * <p>Where to change what: Kafka client settings in {@code WorkerClients}; the consumer thread (a
 * common {@code ConsumerLoop}) is set up in {@code CrawlerWorker}, what it does per poll
 * (backpressure, discoveries lane, idleness) and on stop in {@code IntakeLoop}; what becomes of one
 * request record (re-delivery, bad record, skip rules) in {@code RequestIntake} and {@code
 * RecentCrawls}; commits in {@code Commits} and {@code OffsetTracker}; rebalances in {@code
 * Rebalance}; crawl-state restore and deletion in {@code WorkerCrawlState}; running crawls and the
 * {@code SITE_CRAWLED} outcome in {@code CrawlPool} and {@code SiteCrawledOutcome}; crawl start
 * order in {@code QueuedCrawl}; close timing in {@code CloseBudget}. Rules: {@code
 * docs/crawler.md}.
 */
package org.sitewatch.crawler.worker;
