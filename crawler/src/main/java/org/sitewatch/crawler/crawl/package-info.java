/**
 * One site's crawl: {@link org.sitewatch.crawler.crawl.SiteCrawl} (a crawler4j controller with one
 * fetch thread and an in-memory frontier) behind the worker's seam {@link
 * org.sitewatch.crawler.crawl.CrawlJob} / {@link org.sitewatch.crawler.crawl.CrawlJobFactory}.
 *
 * <p>Where to change what: crawler4j settings in {@code CrawlConfigs}; the fetch thread's end
 * (idle-monitor workaround) in {@code FetchThreadRun}; the page record in {@code PageAssembly};
 * redirects in {@code RedirectPolicy}; how a fetch failure reads in {@code FetchFailures}; the seed
 * result in {@code SeedTracker}; the second look of a recrawl in {@code GoneConfirmation}; links to
 * other sites in {@code Discoveries}; frontier order in {@code InMemoryFrontier} ({@code
 * docs/frontier.md}).
 */
package org.sitewatch.crawler.crawl;
