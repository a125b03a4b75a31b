package org.sitewatch.infra.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.local.DataDir;
import org.sitewatch.sink.store.Migrations;
import picocli.CommandLine.Option;

/**
 * {@code --jdbc-url URL} or {@code --data-dir DIR}: where a command that works on a deployment's
 * lead database finds it. With {@code --data-dir} the folder's embedded PostgreSQL is started for
 * the command (no Kafka) and the command runs as the analyst role (the public tip-off site: as the
 * tips role), as on a deployment. It never migrates: a missing or older schema is an error that
 * names {@code sitewatch db migrate}.
 */
public final class LeadStoreOptions {
  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "PostgreSQL JDBC URL of the lead store (db.jdbc-url).")
  public String jdbcUrl;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Work on the lead store a 'run', 'up' or 'demo --data-dir DIR' kept in DIR (starts its"
              + " embedded PostgreSQL for the command); instead of --jdbc-url.")
  public Path dataDir;

  /** The role a command logs in as on a {@code --data-dir} folder's database. */
  public enum Role {
    /** The analysts' commands and the workbench ({@code db.analyst-role}). */
    ANALYST,
    /** The public tip-off site ({@code db.tips-role}): records tips, reads nothing else. */
    TIPS
  }

  /** What a command does with the database; returns the exit code. */
  public interface Work {
    int run(SitewatchConfig config, Database db) throws Exception;
  }

  /**
   * Opens the lead database the options name, runs {@code work} on it and closes it.
   *
   * @param command the command's name, for messages
   * @param whileHeld what the user may do with {@code --config DIR/analyst-login.properties} while
   *     another Sitewatch holds the folder (e.g. "read its leads")
   * @throws IllegalArgumentException for a missing, doubled or refused location (exit 2)
   */
  public int run(ConfigOptions config, String command, String whileHeld, Work work)
      throws Exception {
    return run(config, jdbcUrl, dataDir, command, whileHeld, work);
  }

  /** As {@link #run(ConfigOptions, String, String, Work)}, for commands with their own options. */
  public static int run(
      ConfigOptions config,
      String jdbcUrl,
      Path dataDir,
      String command,
      String whileHeld,
      Work work)
      throws Exception {
    return run(config, jdbcUrl, dataDir, Role.ANALYST, command, whileHeld, work);
  }

  /**
   * As {@link #run(ConfigOptions, String, Path, String, String, Work)}, logging in as {@code role}
   * on a {@code --data-dir} folder ({@code whileHeld} is then the whole advice for a held folder
   * when the role is not the analyst's, whose login file the others must not use).
   */
  public static int run(
      ConfigOptions config,
      String jdbcUrl,
      Path dataDir,
      Role role,
      String command,
      String whileHeld,
      Work work)
      throws Exception {
    if (dataDir != null) {
      return onDataDir(config, jdbcUrl, dataDir, role, command, whileHeld, work);
    }
    return external(config, jdbcUrl, role, command, work);
  }

  private static int external(
      ConfigOptions config, String jdbcUrl, Role role, String command, Work work) throws Exception {
    Map<String, String> extra = new LinkedHashMap<>();
    if (jdbcUrl != null) {
      extra.put("db.jdbc-url", jdbcUrl);
    }
    SitewatchConfig cfg = config.load(extra);
    if (cfg.db().embedded()) {
      throw new IllegalArgumentException(
          "'"
              + command
              + "' works on the lead database: give --jdbc-url, db.jdbc-url or --data-dir");
    }
    try (Database db =
        Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password())) {
      db.requireReachable(); // one line that names the database and the wait (exit 1)
      if (role == Role.TIPS) {
        requireTipTables(db.dataSource(), cfg.db().username());
      } else {
        Migrations.requireCurrent(db.dataSource()); // exit 2 with the message if missing or older
      }
      return work.run(cfg, db);
    }
  }

  /**
   * Checks the schema, then that the account may record tips (the tips role may; an account that
   * may not is told which one to use).
   */
  private static void requireTipTables(DataSource dataSource, String account) {
    try {
      Migrations.requireCurrent(dataSource);
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement()) {
        s.executeQuery("SELECT id, receipt_hash, client_hash FROM tip_report WHERE false").close();
      }
    } catch (SQLException | IllegalStateException e) {
      if (!permissionDenied(e)) {
        throw e instanceof IllegalStateException ise ? ise : new IllegalStateException(e);
      }
      throw new IllegalArgumentException(
          "the account "
              + account
              + " may not record tips: log in as the tips role (db.tips-role), which 'sitewatch"
              + " db migrate' grants what it needs");
    }
  }

  private static boolean permissionDenied(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "42501".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static int onDataDir(
      ConfigOptions config,
      String jdbcUrl,
      Path dataDir,
      Role role,
      String command,
      String whileHeld,
      Work work)
      throws Exception {
    if (jdbcUrl != null) {
      throw new IllegalArgumentException(
          "'" + command + "': give either --data-dir or --jdbc-url, not both");
    }
    SitewatchConfig cfg = config.load(Map.of());
    if (!cfg.db().embedded()) {
      throw new IllegalArgumentException(
          "'"
              + command
              + "': --data-dir works on the folder's own database, but db.jdbc-url is also set");
    }
    DataDir dir;
    try {
      dir = DataDir.open(dataDir);
    } catch (DataDir.Refused e) {
      if (e.holder().isEmpty()) {
        throw e;
      }
      if (role != Role.ANALYST) {
        throw new IllegalArgumentException(
            "--data-dir "
                + dataDir.toAbsolutePath().normalize()
                + " is in use by another Sitewatch ("
                + e.holder().get()
                + "); stop it first, or "
                + whileHeld);
      }
      throw new IllegalArgumentException(
          "--data-dir "
              + dataDir.toAbsolutePath().normalize()
              + " is in use by another Sitewatch ("
              + e.holder().get()
              + "); stop it first, or, while it runs, "
              + whileHeld
              + " with --config "
              + DataDir.analystLogin(dataDir)
              + " instead of --data-dir");
    }
    try (dir) {
      if (!dir.hasDatabase()) {
        throw new IllegalArgumentException(
            "--data-dir "
                + dir.dir()
                + " holds no lead database yet: run 'sitewatch up', 'sitewatch run' or 'sitewatch"
                + " demo' with --data-dir "
                + dataDir
                + " first");
      }
      try (Database embedded = dir.openDatabase()) {
        if (role == Role.TIPS) {
          // the tips role cannot read the schema history: check it as the folder's superuser
          Migrations.requireCurrent(embedded.dataSource());
          try (Database db = Database.external(embedded.login(cfg.db().roles().tips()))) {
            return work.run(cfg, db);
          }
        }
        Database.Login analyst = embedded.login(cfg.db().roles().analyst());
        dir.writeAnalystLogin(analyst); // what "while it runs, --config ..." refers to
        try (Database db = Database.external(analyst)) {
          Migrations.requireCurrent(db.dataSource());
          return work.run(cfg, db);
        }
      }
    }
  }
}
