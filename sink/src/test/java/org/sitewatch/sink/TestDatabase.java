package org.sitewatch.sink;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.sitewatch.infra.embedded.EmbeddedPostgresStart;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;
import org.sitewatch.sink.store.OwnerDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL for tests: one embedded server per test JVM, started on first use and stopped when the
 * JVM exits, shared by every test class; each test still gets a database of its own.
 *
 * <p>A migrated database is a copy ({@code CREATE DATABASE ... TEMPLATE}) of a template migrated
 * once per server: one with the plain schema ({@link #migratedDatabase}), one migrated as {@link
 * DatabaseRoles#DEFAULTS}' owner with the roles' grants ({@link #roleDatabases}). The roles are
 * cluster-wide and made once, with that template; the table, column and schema grants live in the
 * template and are copied with it; the database's own grants (CONNECT) are not copied by
 * PostgreSQL, so each copy is given the template's. {@code TestDatabaseIT} checks that a copy is
 * the same, grant for grant, as a database migrated directly.
 *
 * <p>{@link #close} drops the databases this handle made; it leaves the server running. A test that
 * changes the server itself (roles, {@code ALTER SYSTEM}, a restart or an outage) must start an
 * {@link EmbeddedPostgres} of its own instead.
 */
public final class TestDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Server server;
  private final List<String> made = new ArrayList<>();

  private TestDatabase(Server server) {
    this.server = server;
  }

  /** A handle on the JVM's shared server, which is started on the first call. */
  public static TestDatabase start() {
    return new TestDatabase(Server.shared());
  }

  /** A new empty database (not migrated). */
  public DataSource emptyDatabase() {
    return server.postgres.getDatabase("postgres", create(null));
  }

  /** A new database with the sink's schema. */
  public DataSource migratedDatabase() {
    return server.postgres.getDatabase("postgres", create(server.plainTemplate()));
  }

  /** A new database migrated as {@link DatabaseRoles#DEFAULTS}' owner, with the roles' grants. */
  public RoleDatabases roleDatabases() {
    String name = create(server.rolesTemplate());
    DataSource admin = server.postgres.getDatabase("postgres", name);
    DatabaseRoles roles = DatabaseRoles.DEFAULTS;
    return new RoleDatabases(
        admin,
        OwnerDataSource.as(admin, roles.owner()),
        server.postgres.getDatabase(roles.sink(), name),
        server.postgres.getDatabase(roles.analyst(), name),
        server.postgres.getDatabase(roles.tips(), name));
  }

  /**
   * One database seen as the superuser, the owner role, the sink role, the analyst role and the
   * tip-off site's role.
   */
  public record RoleDatabases(
      DataSource admin, DataSource owner, DataSource sink, DataSource analyst, DataSource tips) {}

  /**
   * The JDBC URL (without a user) of a new empty database, for code that connects by URL, such as
   * the command line's {@code --jdbc-url}. The server trusts every local connection, as any user.
   */
  public String emptyDatabaseUrl() {
    return url(create(null));
  }

  /** The JDBC URL (without a user) of a new database with the sink's schema. */
  public String migratedDatabaseUrl() {
    return url(create(server.plainTemplate()));
  }

  /**
   * The JDBC URL (without a user) of a new database migrated as {@link DatabaseRoles#DEFAULTS}'
   * owner, with the roles' grants.
   */
  public String roleDatabaseUrl() {
    return url(create(server.rolesTemplate()));
  }

  private String url(String name) {
    return "jdbc:postgresql://localhost:" + port() + "/" + name;
  }

  public int port() {
    return server.postgres.getPort();
  }

  /** Drops the databases made through this handle (closing their connections); the server stays. */
  @Override
  public void close() {
    List<String> names;
    synchronized (made) {
      names = List.copyOf(made);
      made.clear();
    }
    try (Connection c = server.postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      for (String name : names) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the test databases " + names, e);
    }
  }

  /** Creates a database, as a copy of {@code template} when not null, and returns its name. */
  private String create(String template) {
    String name = "test_" + DATABASES.incrementAndGet();
    try (Connection c = server.postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
      synchronized (made) {
        made.add(name);
      }
      if (template != null) {
        copyDatabaseGrants(c, template, name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the test database " + name, e);
    }
    return name;
  }

  /**
   * Gives database {@code to} the grants that {@code from} has on itself (CREATE DATABASE copies
   * what is inside a database, not the database's own access list).
   */
  private static void copyDatabaseGrants(Connection c, String from, String to) throws SQLException {
    List<String> grants = new ArrayList<>();
    boolean customized;
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT d.datacl IS NOT NULL, a.privilege_type, a.is_grantable,"
                + " CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END"
                + " FROM pg_database d"
                + " LEFT JOIN LATERAL aclexplode(d.datacl) a ON true"
                + " LEFT JOIN pg_roles r ON r.oid = a.grantee"
                + " WHERE d.datname = ?")) {
      q.setString(1, from);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no template database " + from);
        }
        customized = rs.getBoolean(1);
        do {
          if (customized) {
            grants.add(
                "GRANT "
                    + rs.getString(2)
                    + " ON DATABASE "
                    + to
                    + " TO "
                    + rs.getString(4)
                    + (rs.getBoolean(3) ? " WITH GRANT OPTION" : ""));
          }
        } while (rs.next());
      }
    }
    if (!customized) {
      return; // the template has PostgreSQL's default access list, as a new database has
    }
    try (Statement s = c.createStatement()) {
      s.execute("REVOKE ALL ON DATABASE " + to + " FROM PUBLIC");
      for (String grant : grants) {
        s.execute(grant);
      }
    }
  }

  /** The JVM's embedded PostgreSQL and its templates, each made on first use. */
  private static final class Server {
    private static Server shared;

    final EmbeddedPostgres postgres;
    private String plainTemplate;
    private String rolesTemplate;

    private Server(EmbeddedPostgres postgres) {
      this.postgres = postgres;
    }

    static synchronized Server shared() {
      if (shared == null) {
        long started = System.nanoTime();
        // on a port no other process took meanwhile (the module's other test JVM starts its own);
        // the builder's shutdown hook stops the server and removes its files at JVM exit
        shared =
            new Server(
                EmbeddedPostgresStart.start(
                    port ->
                        EmbeddedPostgres.builder()
                            // two test JVMs per module on a loaded machine: let it take its time
                            .setPGStartupWait(Duration.ofSeconds(60))
                            // throwaway data: nothing waits for a flush to disk
                            .setServerConfig("fsync", "off")
                            .setServerConfig("full_page_writes", "off")));
        log.info(
            "shared embedded PostgreSQL started on port {} in {} ms",
            shared.postgres.getPort(),
            millisSince(started));
      }
      return shared;
    }

    synchronized String plainTemplate() {
      if (plainTemplate == null) {
        long started = System.nanoTime();
        String name = "template_plain";
        Migrations.migrate(template(name));
        seal(name);
        plainTemplate = name;
        log.info("template {} migrated in {} ms", name, millisSince(started));
      }
      return plainTemplate;
    }

    synchronized String rolesTemplate() {
      if (rolesTemplate == null) {
        long started = System.nanoTime();
        String name = "template_roles";
        Migrations.migrate(template(name), DatabaseRoles.DEFAULTS, true);
        seal(name);
        rolesTemplate = name;
        log.info("template {} migrated with roles in {} ms", name, millisSince(started));
      }
      return rolesTemplate;
    }

    private DataSource template(String name) {
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create the template database " + name, e);
      }
      return postgres.getDatabase("postgres", name);
    }

    /** Keeps connections off a template: a copy is refused while anyone is connected to it. */
    private void seal(String name) {
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot seal the template database " + name, e);
      }
    }

    private static long millisSince(long nanos) {
      return (System.nanoTime() - nanos) / 1_000_000;
    }
  }
}
