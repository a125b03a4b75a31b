package org.sitewatch.sink;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;
import org.sitewatch.sink.store.OwnerDataSource;

/** One embedded PostgreSQL per test class; a fresh, migrated database per test. */
public final class TestDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final AtomicInteger databases = new AtomicInteger();

  private TestDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static TestDatabase start() {
    try {
      return new TestDatabase(EmbeddedPostgres.builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new empty database (not migrated). */
  public DataSource emptyDatabase() {
    String name = "leads_" + databases.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return postgres.getDatabase("postgres", name);
  }

  /** A new database with the sink's schema. */
  public DataSource migratedDatabase() {
    DataSource dataSource = emptyDatabase();
    Migrations.migrate(dataSource);
    return dataSource;
  }

  /** A new database migrated as {@link DatabaseRoles#DEFAULTS}' owner, with the roles' grants. */
  public RoleDatabases roleDatabases() {
    String name = "leads_" + databases.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    DataSource admin = postgres.getDatabase("postgres", name);
    DatabaseRoles roles = DatabaseRoles.DEFAULTS;
    Migrations.migrate(admin, roles, true);
    return new RoleDatabases(
        admin,
        OwnerDataSource.as(admin, roles.owner()),
        postgres.getDatabase(roles.sink(), name),
        postgres.getDatabase(roles.analyst(), name),
        postgres.getDatabase(roles.tips(), name));
  }

  /**
   * One database seen as the superuser, the owner role, the sink role, the analyst role and the
   * tip-off site's role.
   */
  public record RoleDatabases(
      DataSource admin, DataSource owner, DataSource sink, DataSource analyst, DataSource tips) {}

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
