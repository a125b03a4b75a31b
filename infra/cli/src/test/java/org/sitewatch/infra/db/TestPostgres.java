package org.sitewatch.infra.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;

/**
 * One embedded PostgreSQL for the whole test JVM (started on first use, stopped when the JVM exits)
 * and a database of its own for each caller: starting a server (initdb, start-up) took most of the
 * time of the classes that each started one. A migrated database is a copy of a template migrated
 * once per JVM, so each copy does not run the migrations again.
 *
 * <p>The server trusts every local connection as any user, as {@link Database#embedded} does. Roles
 * are the server's, not a database's: the {@link DatabaseRoles#DEFAULTS} roles exist for every
 * caller once a database with roles was asked for, so a test that checks their creation starts a
 * server of its own ({@link Database#embedded}).
 */
public final class TestPostgres {
  private static final String PLAIN = "template_plain";
  private static final String ROLES = "template_roles";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final Set<String> TEMPLATES = new HashSet<>();
  private static EmbeddedPostgres server;

  private TestPostgres() {}

  /** A new empty database (no schema). */
  public static Database empty() {
    return create(null);
  }

  /** A new database migrated without roles, as {@link Migrations#migrate(DataSource)} does. */
  public static Database migrated() {
    return create(PLAIN);
  }

  /**
   * A new database migrated as the {@link DatabaseRoles#DEFAULTS} owner with the roles' grants, as
   * {@code Migrations.migrate(dataSource, DatabaseRoles.DEFAULTS, true)} does.
   */
  public static Database withRoles() {
    return create(ROLES);
  }

  private static synchronized Database create(String template) {
    EmbeddedPostgres pg = server();
    if (template != null && !TEMPLATES.contains(template)) {
      // a template left half made by a failed migration is dropped and made again by the next
      // caller; it counts as made only once its migration succeeded
      execute(pg.getPostgresDatabase(), "DROP DATABASE IF EXISTS " + template + " WITH (FORCE)");
      execute(pg.getPostgresDatabase(), "CREATE DATABASE " + template);
      DataSource ds = pg.getDatabase("postgres", template); // not a pool: no connection stays open
      if (template.equals(ROLES)) {
        Migrations.migrate(ds, DatabaseRoles.DEFAULTS, true);
      } else {
        Migrations.migrate(ds);
      }
      TEMPLATES.add(template);
    }
    String name = "test_" + DATABASES.incrementAndGet();
    execute(
        pg.getPostgresDatabase(),
        "CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
    if (ROLES.equals(template)) {
      // a database's own privileges are not copied from its template: grant CONNECT as the
      // migration does
      DatabaseRoles roles = DatabaseRoles.DEFAULTS;
      execute(
          pg.getPostgresDatabase(),
          "GRANT CONNECT ON DATABASE "
              + name
              + " TO "
              + String.join(", ", roles.sink(), roles.analyst(), roles.tips()));
    }
    return Database.external(
        "jdbc:postgresql://localhost:" + pg.getPort() + "/" + name, "postgres", "");
  }

  private static EmbeddedPostgres server() {
    if (server == null) {
      try {
        // the shutdown hook (the builder's default) stops it with the JVM
        server =
            EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                // throwaway data: no flush to disk (CREATE DATABASE and commits wait for none)
                .setServerConfig("fsync", "off")
                .setServerConfig("full_page_writes", "off")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }
    return server;
  }

  private static void execute(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
