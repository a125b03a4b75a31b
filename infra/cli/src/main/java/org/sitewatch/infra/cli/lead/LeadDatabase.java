package org.sitewatch.infra.cli.lead;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.local.DataDir;
import org.sitewatch.sink.store.Migrations;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that work on the lead database of a running deployment. They never migrate:
 * a missing or older schema is an error that names {@code sitewatch db migrate}.
 */
abstract class LeadDatabase implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "PostgreSQL JDBC URL of the lead store (db.jdbc-url).")
  String jdbcUrl;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Work on the lead store a 'run' or 'demo --data-dir DIR' kept in DIR (starts its embedded"
              + " PostgreSQL for the command); instead of --jdbc-url.")
  Path dataDir;

  @Spec CommandSpec spec;

  /** The loaded configuration, for {@link #run(Database)}. */
  SitewatchConfig cfg;

  @Override
  public final Integer call() {
    if (dataDir != null) {
      return callOnDataDir();
    }
    Map<String, String> extra = new LinkedHashMap<>();
    if (jdbcUrl != null) {
      extra.put("db.jdbc-url", jdbcUrl);
    }
    cfg = config.load(extra);
    if (cfg.db().embedded()) {
      throw new IllegalArgumentException(
          "'"
              + commandName()
              + "' works on the lead database: give --jdbc-url, db.jdbc-url or --data-dir");
    }
    try (Database db =
        Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password())) {
      Migrations.requireCurrent(db.dataSource()); // exit 2 with the message if missing or older
      return run(db);
    }
  }

  /**
   * Starts the embedded PostgreSQL of a persistent data folder (no Kafka), runs the command as the
   * analyst role, as on a deployment, and stops it again.
   */
  private int callOnDataDir() {
    if (jdbcUrl != null) {
      throw new IllegalArgumentException(
          "'" + commandName() + "': give either --data-dir or --jdbc-url, not both");
    }
    cfg = config.load(Map.of());
    if (!cfg.db().embedded()) {
      throw new IllegalArgumentException(
          "'"
              + commandName()
              + "': --data-dir works on the folder's own database, but db.jdbc-url is also set");
    }
    try (DataDir dir = DataDir.open(dataDir)) {
      if (!dir.hasDatabase()) {
        throw new IllegalArgumentException(
            "--data-dir "
                + dir.dir()
                + " holds no lead database yet: run 'sitewatch run' or 'sitewatch demo' with"
                + " --data-dir "
                + dataDir
                + " first");
      }
      try (Database embedded = dir.openDatabase();
          Database db = Database.external(embedded.login(cfg.db().roles().analyst()))) {
        Migrations.requireCurrent(db.dataSource());
        return run(db);
      }
    }
  }

  private String commandName() {
    return spec.qualifiedName(" ").replaceFirst("^sitewatch ", "");
  }

  abstract int run(Database db);
}
