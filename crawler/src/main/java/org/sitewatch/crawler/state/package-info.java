/**
 * Crawl state, so that another worker resumes a site crawl: {@link
 * org.sitewatch.crawler.state.CrawlProgress} tracks a crawl, {@link
 * org.sitewatch.crawler.state.CheckpointWriter} publishes it to the crawl-state topic.
 *
 * <p>Where to change what: the record in {@code CrawlCheckpoint} and its JSON in {@code
 * CheckpointCodec}; where state is kept in {@code CrawlStateStore} / {@code KafkaCrawlState}. The
 * worker's side (restore, delete after commit) is {@code worker.WorkerCrawlState}. Rules: {@code
 * docs/crawl-state.md}.
 */
package org.sitewatch.crawler.state;
