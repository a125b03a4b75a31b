package org.sitewatch.infra.cli.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.store.DatabaseBackup;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sitewatch db}: the lead database's schema, the only commands that change it. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "The lead database's schema and roles (docs/database.md).",
    subcommands = {DbCommand.Migrate.class, DbCommand.Backup.class, DbCommand.Restore.class})
public final class DbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Prints {@code e}'s message as one line named by the full command ({@code sitewatch db migrate:
   * ...}, as the handler of {@code SitewatchCommand} names it) and returns {@code code}.
   */
  static int fail(CommandSpec spec, RuntimeException e, int code) {
    var err = spec.commandLine().getErr();
    err.println(spec.qualifiedName(" ") + ": " + e.getMessage());
    err.flush();
    return code;
  }

  /**
   * The database {@code cfg} names, once one connection came from it: one that cannot be reached
   * ends the command with one line that names it and the wait ({@link Database.Unreachable}, exit
   * 1), before the command's own handling of a failed backup or restore would print the pool's
   * timeout instead.
   */
  static Database reachable(SitewatchConfig cfg) {
    Database db = Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password());
    try {
      db.requireReachable();
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** What a db command does with its database, once reachable. */
  interface Work {
    int run(Database db) throws java.io.IOException, java.sql.SQLException;
  }

  /**
   * Runs {@code work} on the database {@code cfg} names, once {@link #reachable} (whose one line
   * then ends the command before {@code work}'s own failures could be mistaken for it). A URL no
   * pool can be made for is a configuration error (exit 2); a failure of {@code work} is one line,
   * {@code failed} and its message, named by the full command (exit 1).
   */
  static int onDatabase(CommandSpec spec, SitewatchConfig cfg, String failed, Work work) {
    Database db;
    try {
      db = reachable(cfg);
    } catch (IllegalArgumentException e) {
      return fail(spec, e, 2);
    }
    try (db) {
      return work.run(db);
    } catch (java.io.IOException | java.sql.SQLException | IllegalStateException e) {
      var err = spec.commandLine().getErr();
      err.println(spec.qualifiedName(" ") + ": " + failed + e.getMessage());
      err.flush();
      return 1;
    }
  }

  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description =
          "Bring the lead database's schema up to date, as the owner role (db.owner-role),"
              + " and grant the sink, analyst and tips roles what they need. No other command"
              + " migrates.")
  static final class Migrate implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(
        names = "--jdbc-url",
        paramLabel = "URL",
        required = true,
        description = "PostgreSQL JDBC URL of the lead store (db.jdbc-url).")
    String jdbcUrl;

    @Option(
        names = "--create-roles",
        description =
            "First create the owner, sink, analyst and tips roles that are missing (needs an"
                + " account with CREATEROLE that may grant on schema public, e.g. the database owner).")
    boolean createRoles;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, String> extra = new LinkedHashMap<>();
      extra.put("db.jdbc-url", jdbcUrl);
      SitewatchConfig cfg = config.load(extra);
      DatabaseRoles roles = cfg.db().roles();
      return onDatabase(
          spec,
          cfg,
          "",
          db -> {
            Migrations.migrate(db.dataSource(), roles, createRoles);
            var out = spec.commandLine().getOut();
            out.printf(
                "lead database migrated; tables owned by %s, grants given to %s (sink), %s"
                    + " (analyst) and %s (tips: the public tip-off site)%n",
                roles.owner(), roles.sink(), roles.analyst(), roles.tips());
            out.flush();
            return 0;
          });
    }
  }

  @Command(
      name = "backup",
      mixinStandardHelpOptions = true,
      description =
          "Copy every table of the lead database into DIR (one consistent snapshot, PostgreSQL's"
              + " COPY text format, a manifest with row counts and SHA-256 per file), without"
              + " pg_dump (docs/backup.md).")
  static final class Backup implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(
        names = "--jdbc-url",
        paramLabel = "URL",
        required = true,
        description = "PostgreSQL JDBC URL of the lead store (db.jdbc-url).")
    String jdbcUrl;

    @picocli.CommandLine.Parameters(
        paramLabel = "DIR",
        description = "Folder to write (created; must be empty).")
    java.nio.file.Path dir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SitewatchConfig cfg = config.load(Map.of("db.jdbc-url", jdbcUrl));
      return onDatabase(
          spec,
          cfg,
          "backup failed: ",
          db -> {
            DatabaseBackup.Manifest m = DatabaseBackup.backup(db.dataSource(), dir);
            spec.commandLine()
                .getOut()
                .printf(
                    "backed up %d tables (%d rows) at schema version %s to %s%n",
                    m.tables().size(),
                    m.tables().stream().mapToLong(DatabaseBackup.Table::rows).sum(),
                    m.schemaVersion(),
                    dir);
            spec.commandLine().getOut().flush();
            return 0;
          });
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description =
          "Load a backup written by `db backup` into a freshly migrated lead database (`db"
              + " migrate` first, same Sitewatch version; every table empty), in one transaction;"
              + " then check every custody chain (docs/backup.md).")
  static final class Restore implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(
        names = "--jdbc-url",
        paramLabel = "URL",
        required = true,
        description = "PostgreSQL JDBC URL of the fresh lead store (db.jdbc-url).")
    String jdbcUrl;

    @picocli.CommandLine.Parameters(paramLabel = "DIR", description = "A folder from db backup.")
    java.nio.file.Path dir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SitewatchConfig cfg = config.load(Map.of("db.jdbc-url", jdbcUrl));
      var out = spec.commandLine().getOut();
      return onDatabase(
          spec,
          cfg,
          "restore failed: ",
          db -> {
            DatabaseBackup.Manifest m = DatabaseBackup.restore(db.dataSource(), dir);
            CustodyLog custody = new CustodyLog(db.dataSource(), java.time.Clock.systemUTC());
            List<String> problems = new ArrayList<>();
            int chains = 0;
            for (long lead : leadIds(db)) {
              chains++;
              problems.addAll(custody.verify(lead).problems());
            }
            out.printf(
                "restored %d tables (%d rows) at schema version %s from %s; %d custody chains checked,"
                    + " %d problem(s)%n",
                m.tables().size(),
                m.tables().stream().mapToLong(DatabaseBackup.Table::rows).sum(),
                m.schemaVersion(),
                dir,
                chains,
                problems.size());
            problems.forEach(p -> out.println("  " + p));
            out.flush();
            return problems.isEmpty() ? 0 : 1;
          });
    }

    private static List<Long> leadIds(Database db) throws java.sql.SQLException {
      List<Long> ids = new ArrayList<>();
      try (var c = db.dataSource().getConnection();
          var s = c.createStatement();
          var rs = s.executeQuery("SELECT DISTINCT lead_id FROM custody_entry ORDER BY lead_id")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    }
  }
}
