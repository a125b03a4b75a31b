package org.sitewatch.sink.evidence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.sitewatch.sink.Migrations;

/** One embedded PostgreSQL per test class; a fresh, migrated database per test. */
final class EvidenceDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final AtomicInteger databases = new AtomicInteger();

  private EvidenceDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static EvidenceDatabase start() {
    try {
      return new EvidenceDatabase(EmbeddedPostgres.builder().start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new database with the sink's schema; its user is a superuser (can disable triggers). */
  DataSource migratedDatabase() {
    String name = "evidence_" + databases.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    DataSource dataSource = postgres.getDatabase("postgres", name);
    Migrations.migrate(dataSource);
    return dataSource;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
