package org.sitewatch.infra.cli.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.Migrations;

/**
 * Only {@code sitewatch db migrate} changes the schema; the other commands check it. One server for
 * the class, a new database for each test; roles are the server's, so each test ends by dropping
 * its databases and the roles, and the next one starts on a server without them.
 */
class DbCommandIT {
  @TempDir static Path server;
  private static Database postgres;
  private static int databases;

  @TempDir Path work;
  private Database db;

  @BeforeAll
  static void startServer() {
    postgres = Database.embedded(server);
  }

  @AfterAll
  static void stopServer() {
    postgres.close();
  }

  @BeforeEach
  void start() throws SQLException {
    String name = "test_" + ++databases;
    execute(postgres, "CREATE DATABASE " + name);
    db = Database.external(url(name), "postgres", "");
  }

  @AfterEach
  void stop() throws SQLException {
    db.close();
    execute(
        postgres, "DROP DATABASE " + db.jdbcUrl().substring(url("").length()) + " WITH (FORCE)");
    execute(postgres, "DROP DATABASE IF EXISTS restored WITH (FORCE)");
    DatabaseRoles roles = DatabaseRoles.DEFAULTS;
    execute(
        postgres,
        "DROP ROLE IF EXISTS "
            + String.join(", ", roles.owner(), roles.sink(), roles.analyst(), roles.tips())
            + ", other_sink");
  }

  /** The URL of the database {@code name} on the class's server. */
  private static String url(String name) {
    String serverUrl = postgres.jdbcUrl();
    return serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + name;
  }

  @Test
  void readOnlyCommandsOnAnUnmigratedDatabaseCreateNothingAndNameTheMigrateCommand()
      throws SQLException {
    for (String[] command :
        new String[][] {{"lead", "list"}, {"lead", "show", "some-site.example"}, {"stats"}}) {
      Result r = run(withUrl(command));
      assertThat(r.code).as(String.join(" ", command)).isEqualTo(2);
      assertThat(r.err).contains("no Sitewatch schema", "run 'sitewatch db migrate'");
    }
    assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
  }

  @Test
  void anOlderSchemaIsNotUpgradedBehindTheOperatorsBack() throws SQLException {
    Flyway.configure()
        .dataSource(db.dataSource())
        .locations(Migrations.LOCATION)
        .target("8")
        .load()
        .migrate();

    Result r = run("lead", "list", "--jdbc-url", db.jdbcUrl());

    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("at version 8", "run 'sitewatch db migrate'");
    assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE version = '9'")).isZero();
  }

  @Test
  void migrateCreatesTheRolesAndTheAnalystCanThenListLeads() throws SQLException {
    Result migrate = run("db", "migrate", "--create-roles", "--jdbc-url", db.jdbcUrl());
    assertThat(migrate.code).as(migrate.err).isZero();
    assertThat(migrate.out)
        .contains("sitewatch_owner", "sitewatch_sink", "sitewatch_analyst", "sitewatch_tips");
    assertThat(count("SELECT count(*) FROM pg_roles WHERE rolname = 'sitewatch_tips'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'lead'"
                    + " AND tableowner = 'sitewatch_owner'"))
        .isEqualTo(1);

    Result list =
        run("lead", "list", "--jdbc-url", db.jdbcUrl(), "--set", "db.username=sitewatch_analyst");
    assertThat(list.code).as(list.err).isZero();

    Result again = run("db", "migrate", "--jdbc-url", db.jdbcUrl());
    assertThat(again.code).as(again.err).isZero();
  }

  @Test
  void migrateWithoutTheRolesSaysHowToCreateThem() throws SQLException {
    Result r = run("db", "migrate", "--jdbc-url", db.jdbcUrl(), "--set", "db.sink-role=other_sink");

    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).contains("does not exist", "--create-roles");
    assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isZero();
  }

  @Test
  void backupThenRestoreIntoAFreshDatabaseReportsEveryCustodyChainVerified() throws Exception {
    assertThat(run("db", "migrate", "--create-roles", "--jdbc-url", db.jdbcUrl()).code).isZero();
    LeadStore leads = new LeadStore(db.dataSource(), EvidenceFixtures.CLOCK);
    leads.apply(EvidenceFixtures.verdict("a.example.cn", 1));
    leads.apply(EvidenceFixtures.verdict("a.example.cn", 2));
    leads.apply(EvidenceFixtures.verdict("b.example.cn", 1));
    Path backup = work.resolve("backup");

    Result saved = run("db", "backup", backup.toString(), "--jdbc-url", db.jdbcUrl());
    assertThat(saved.code).as(saved.err).isZero();
    execute("CREATE DATABASE restored");
    String fresh = url("restored");
    Result migrated = run("db", "migrate", "--create-roles", "--jdbc-url", fresh);
    assertThat(migrated.code).as(migrated.err).isZero();
    Result restored = run("db", "restore", backup.toString(), "--jdbc-url", fresh);
    Result again = run("db", "restore", backup.toString(), "--jdbc-url", fresh);

    assertThat(restored.code).as(restored.err).isZero();
    assertThat(restored.out).contains("2 custody chains checked, 0 problem(s)");
    assertThat(again.code).isEqualTo(1);
    assertThat(again.err).contains("restore failed", "is not empty");
  }

  private void execute(String sql) throws SQLException {
    execute(db, sql);
  }

  private static void execute(Database on, String sql) throws SQLException {
    try (Connection c = on.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private String[] withUrl(String[] command) {
    String[] args = java.util.Arrays.copyOf(command, command.length + 2);
    args[command.length] = "--jdbc-url";
    args[command.length + 1] = db.jdbcUrl();
    return args;
  }

  private long count(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
