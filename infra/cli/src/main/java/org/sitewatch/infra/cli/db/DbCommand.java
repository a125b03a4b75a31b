package org.sitewatch.infra.cli.db;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
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
    subcommands = {DbCommand.Migrate.class})
public final class DbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
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
      try (Database db =
          Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password())) {
        Migrations.migrate(db.dataSource(), roles, createRoles);
      } catch (IllegalStateException e) {
        spec.commandLine().getErr().println("sitewatch: " + e.getMessage());
        return 1;
      }
      var out = spec.commandLine().getOut();
      out.printf(
          "lead database migrated; tables owned by %s, grants given to %s (sink), %s"
              + " (analyst) and %s (tips: the public tip-off site)%n",
          roles.owner(), roles.sink(), roles.analyst(), roles.tips());
      out.flush();
      return 0;
    }
  }
}
