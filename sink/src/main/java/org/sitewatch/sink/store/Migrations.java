package org.sitewatch.sink.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.sitewatch.common.error.Causes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the sink's database schema up to date with the Flyway scripts in {@code db/migration}.
 * Only {@code sitewatch db migrate} (and the all-in-one local modes, on their own embedded
 * database) migrate; every other command checks with {@link #requireCurrent} that the schema is
 * there and current, and changes nothing.
 */
public final class Migrations {
  /** Where the sink's migration scripts live on the class path. */
  public static final String LOCATION = "classpath:db/migration";

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Applies pending migrations as the connecting account, without roles (tests); does nothing when
   * the schema is current.
   *
   * @throws IllegalStateException if the database cannot be reached or a migration fails, with the
   *     reason in the message
   */
  public static void migrate(DataSource dataSource) {
    probe(dataSource);
    applyScripts(dataSource);
  }

  /**
   * Migrates as the owner role and gives the sink and analyst roles their grants (see {@link
   * DatabaseRoles}); with {@code createRoles}, first creates the roles that are missing (the
   * account then needs the CREATEROLE privilege and the right to grant on schema public).
   *
   * @throws IllegalStateException if the database cannot be reached, a role is missing, or a
   *     migration fails
   */
  public static void migrate(DataSource dataSource, DatabaseRoles roles, boolean createRoles) {
    Objects.requireNonNull(roles, "roles");
    probe(dataSource);
    try (Handle h = Jdbi.open(dataSource)) {
      if (createRoles) {
        RoleGrants.createRoles(h, roles);
      }
      for (String role :
          new String[] {roles.owner(), roles.sink(), roles.analyst(), roles.tips()}) {
        if (!RoleGrants.exists(h, role)) {
          throw new IllegalStateException(
              "cannot migrate the lead database: role "
                  + role
                  + " does not exist; run 'sitewatch db migrate --create-roles' as a database"
                  + " administrator, or create it (docs/database.md)");
        }
      }
    } catch (JdbiException e) {
      Exception cause = Database.unwrap(e);
      throw new IllegalStateException(
          "cannot prepare the database roles: " + cause.getMessage(), cause);
    }
    DataSource owner = OwnerDataSource.as(dataSource, roles.owner());
    applyScripts(owner);
    try (Handle h = Jdbi.open(owner)) {
      RoleGrants.grant(h, roles);
    } catch (JdbiException e) {
      Exception cause = Database.unwrap(e);
      throw new IllegalStateException(
          "cannot grant the sink and analyst roles: " + cause.getMessage(), cause);
    }
  }

  /**
   * Checks that the schema exists and has every migration this version knows, without changing
   * anything.
   *
   * @throws SchemaNotCurrentException naming {@code sitewatch db migrate} if it is missing or older
   * @throws IllegalStateException if the database cannot be reached
   */
  public static void requireCurrent(DataSource dataSource) {
    probe(dataSource);
    MigrationInfoService info;
    try {
      info = flyway(dataSource).info();
    } catch (FlywayException e) {
      throw new IllegalStateException(
          "cannot read the lead database's schema version: " + e.getMessage(), e);
    }
    MigrationInfo current = info.current();
    if (current == null) {
      throw new SchemaNotCurrentException(
          "the lead database has no Sitewatch schema: run 'sitewatch db migrate' first");
    }
    if (current.getState().isFailed()) {
      throw new SchemaNotCurrentException(
          "the lead database's migration "
              + current.getVersion()
              + " failed: fix it and run 'sitewatch db migrate'");
    }
    MigrationInfo[] pending = info.pending();
    if (pending.length > 0) {
      throw new SchemaNotCurrentException(
          "the lead database schema is at version "
              + current.getVersion()
              + " but this Sitewatch needs "
              + pending[pending.length - 1].getVersion()
              + ": run 'sitewatch db migrate'");
    }
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(dataSource)
        .locations(LOCATION)
        .failOnMissingLocations(true)
        .load();
  }

  /**
   * Takes one connection and checks it: a database that cannot be reached fails here, before any
   * migration or schema check, with {@code cannot connect to the lead database: REASON}, the words
   * of the commands' start-up line ({@code sitewatch NAME: cannot start: cannot connect to the lead
   * database URL as USER within 30 s: REASON}), whether the caller migrates or only checks. Without
   * the URL to name, the reason is the driver's own message, which names the host and port (a
   * pool's {@code request timed out} above it says neither).
   */
  private static void probe(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection probe = dataSource.getConnection()) {
      if (!probe.isValid(5)) {
        throw new IllegalStateException(
            "cannot connect to the lead database: its connection did not answer a check within 5"
                + " s");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to the lead database: " + reason(e), e);
    }
  }

  /** The message of the deepest {@link SQLException} in {@code e}'s causes: the driver's. */
  private static String reason(SQLException e) {
    return Causes.deepestMessage(e, SQLException.class).orElseGet(e::toString);
  }

  private static void applyScripts(DataSource dataSource) {
    try {
      MigrateResult result = flyway(dataSource).migrate();
      log.info(
          "lead database schema at version {} ({} migration(s) applied)",
          result.targetSchemaVersion == null
              ? result.initialSchemaVersion
              : result.targetSchemaVersion,
          result.migrationsExecuted);
    } catch (FlywayException e) {
      throw new IllegalStateException("cannot migrate the lead database: " + e.getMessage(), e);
    }
  }
}
