package org.sitewatch.sink;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

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

  int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
