/**
 * {@code sitewatch tips}: the public tip-off site (the web module's {@code TipSiteServer}) served
 * alone on a lead database as the tips role, with a crawl-request producer when it has Kafka
 * (without one the tips are recorded and the sink sends their crawl requests later). {@code up
 * --tips-port} ({@code cli.run}) serves it the same way inside the all-in-one pipeline. Both are
 * started through {@link org.sitewatch.infra.cli.tips.TipSite}; docs/tips.md says how to run it.
 */
package org.sitewatch.infra.cli.tips;
