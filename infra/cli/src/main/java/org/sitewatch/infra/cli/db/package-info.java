/**
 * {@code sitewatch db migrate}: the only command that changes the lead database's schema, as the
 * owner role, and grants the sink and analyst roles (docs/database.md). The migration scripts and
 * grants live in the sink module ({@code Migrations}, {@code RoleGrants}).
 */
package org.sitewatch.infra.cli.db;
