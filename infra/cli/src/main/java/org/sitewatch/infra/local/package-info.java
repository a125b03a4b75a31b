/**
 * The all-in-one mode: every stage in one process. {@link org.sitewatch.infra.local.LocalPipeline}
 * starts the broker and database ({@code LocalInfrastructure}: embedded unless configured), the
 * stages (assembled in {@code infra.stage}, as the stage commands do), seeds the crawl ({@code
 * Seeder}) and tells when the run is done: every seeded site has a site-level outcome ({@code
 * OutcomeWatcher}), no crawl runs and no consumer group lags, for a quiet period
 * (docs/architecture.md, "Idle detection").
 */
package org.sitewatch.infra.local;
