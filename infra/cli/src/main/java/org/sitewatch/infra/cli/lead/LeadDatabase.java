package org.sitewatch.infra.cli.lead;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
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

  @Spec CommandSpec spec;

  /** The loaded configuration, for {@link #run(Database)}. */
  SitewatchConfig cfg;

  @Override
  public final Integer call() {
    Map<String, String> extra = new LinkedHashMap<>();
    if (jdbcUrl != null) {
      extra.put("db.jdbc-url", jdbcUrl);
    }
    cfg = config.load(extra);
    if (cfg.db().embedded()) {
      throw new IllegalArgumentException(
          "'"
              + spec.qualifiedName(" ").replaceFirst("^sitewatch ", "")
              + "' works on the lead database: give --jdbc-url or db.jdbc-url");
    }
    try (Database db =
        Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password())) {
      Migrations.requireCurrent(db.dataSource()); // exit 2 with the message if missing or older
      return run(db);
    }
  }

  abstract int run(Database db);
}
