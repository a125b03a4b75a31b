/**
 * The PostgreSQL connection of the command line: {@link org.sitewatch.infra.db.Database} is a
 * pooled data source on a server reached by JDBC URL, or on an embedded PostgreSQL (the all-in-one
 * modes and tests) with a generated password per role. Schema and roles: the sink's {@code
 * Migrations}; docs/database.md.
 */
package org.sitewatch.infra.db;
