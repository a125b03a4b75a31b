/**
 * The worker's meters: {@link org.sitewatch.crawler.metrics.CrawlerMetrics} (Micrometer, injected
 * registry), served by {@link org.sitewatch.crawler.metrics.MetricsEndpoint} and summarised by
 * {@link org.sitewatch.crawler.metrics.MetricsLog}; {@code MeteredPoliteness} times politeness
 * waits. Meter names: README, "Metrics".
 */
package org.sitewatch.crawler.metrics;
