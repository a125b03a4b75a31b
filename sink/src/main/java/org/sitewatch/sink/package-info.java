/**
 * The sink: turns site verdicts into leads, one per flagged site, in PostgreSQL, for analysts to
 * review. Sub-packages by role: {@code lead} (the model), {@code store} (the database and the lead
 * store), {@code intake} (the verdict consumer), {@code workflow} (review actions, priority),
 * {@code operations} (operator networks), {@code recrawl} (re-checks of open leads), {@code stats}
 * (campaign figures), {@code evidence} (custody log, bundles) and {@code jurisdiction} (routing).
 *
 * <p>Start at {@link org.sitewatch.sink.store.LeadStore} (verdicts in, leads out) and {@link
 * org.sitewatch.sink.intake.LeadSink} (the Kafka side). The rules (idempotency, locking, batches,
 * lifecycle) and the package map are in {@code docs/sink.md}.
 */
package org.sitewatch.sink;
