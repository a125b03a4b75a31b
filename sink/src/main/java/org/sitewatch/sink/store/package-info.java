/**
 * The lead database. {@link org.sitewatch.sink.store.Database} is the one way in: a Jdbi set up for
 * the sink's columns and the one transaction helper (read-write, read-only snapshot, a batch with a
 * savepoint per item); {@link org.sitewatch.sink.store.Rows} reads rows and JSON columns. {@link
 * org.sitewatch.sink.store.LeadStore} applies verdicts and reads leads; {@link
 * org.sitewatch.sink.store.VerdictWriter} is how one verdict is written (locked read, guarded
 * writes). {@link org.sitewatch.sink.store.Migrations} and {@link
 * org.sitewatch.sink.store.DatabaseRoles} own the schema and the grants.
 *
 * <p>SQL lives as text blocks with named parameters in the class that runs it. Rules: {@code
 * docs/sink.md}; schema, roles and keys: {@code docs/database.md}.
 */
package org.sitewatch.sink.store;
