package org.sitewatch.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the sink's database schema up to date with the Flyway scripts in {@code db/migration}. */
public final class Migrations {
  /** Where the sink's migration scripts live on the class path. */
  public static final String LOCATION = "classpath:db/migration";

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  /**
   * Applies pending migrations; does nothing when the schema is current.
   *
   * @throws IllegalStateException if the database cannot be reached or a migration fails, with the
   *     reason in the message
   */
  public static void migrate(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    try (Connection probe = dataSource.getConnection()) {
      if (!probe.isValid(5)) {
        throw new IllegalStateException(
            "cannot migrate the lead database: database unreachable (connection not valid)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot migrate the lead database: database unreachable (" + e.getMessage() + ")", e);
    }
    try {
      MigrateResult result =
          Flyway.configure(Migrations.class.getClassLoader())
              .dataSource(dataSource)
              .locations(LOCATION)
              .failOnMissingLocations(true)
              .load()
              .migrate();
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
