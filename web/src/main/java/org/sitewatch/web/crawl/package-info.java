/**
 * Sending a site to be crawled from the workbench: {@code CrawlFeature} is the form and the list of
 * the analyst's requests with their progress ({@code SentRequests}: recorded in {@code
 * workbench_crawl_request}, progress read from the site's lead); {@link
 * org.sitewatch.web.crawl.CrawlRequests} publishes, and {@link
 * org.sitewatch.web.crawl.KafkaCrawlRequests} is its Kafka producer, which the command line plugs
 * in when the workbench has a broker.
 */
package org.sitewatch.web.crawl;
