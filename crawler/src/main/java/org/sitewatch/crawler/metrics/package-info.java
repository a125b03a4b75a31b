/**
 * The worker's meters: {@link org.sitewatch.crawler.metrics.CrawlerMetrics} (Micrometer, injected
 * registry: the process's, served by its operations endpoint, {@code infra.ops.OpsEndpoint}) and
 * summarised by {@link org.sitewatch.crawler.metrics.MetricsLog}; {@code MeteredPoliteness} times
 * politeness waits. Meter names: docs/metrics.md.
 */
package org.sitewatch.crawler.metrics;
