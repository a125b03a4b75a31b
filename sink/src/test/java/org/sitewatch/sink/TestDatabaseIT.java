package org.sitewatch.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;

/**
 * The test databases copied from templates are what migrating a new database gives, grant for
 * grant; each is a database of its own; closing a handle drops its databases and leaves the shared
 * server to the other classes.
 */
class TestDatabaseIT {
  private static TestDatabase postgres;

  @BeforeAll
  static void start() {
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @Test
  void roleDatabaseIsWhatMigratingWithTheRolesGives() throws SQLException {
    DataSource migrated = postgres.emptyDatabase();
    Migrations.migrate(migrated, DatabaseRoles.DEFAULTS, true);

    List<String> copy = catalog(postgres.roleDatabases().admin());

    assertThat(copy).isEqualTo(catalog(migrated));
    assertThat(copy)
        .contains("database acl: sitewatch_sink=c/postgres")
        .contains("database acl: sitewatch_tips=c/postgres")
        .anyMatch(row -> row.startsWith("relation: lead|r|sitewatch_owner|"))
        .anyMatch(row -> row.startsWith("column acl: tip|crawl_sent_at|"))
        .anyMatch(row -> row.startsWith("flyway: 1|"));
  }

  @Test
  void migratedDatabaseIsWhatMigratingGives() throws SQLException {
    DataSource migrated = postgres.emptyDatabase();
    Migrations.migrate(migrated);

    List<String> copy = catalog(postgres.migratedDatabase());

    assertThat(copy).isEqualTo(catalog(migrated));
    assertThat(copy)
        .anyMatch(row -> row.startsWith("relation: lead|r|postgres|"))
        .anyMatch(row -> row.startsWith("trigger: lead_event|"))
        .anyMatch(row -> row.startsWith("flyway: 1|"));
  }

  @Test
  void everyCallGivesADatabaseOfItsOwn() throws SQLException {
    DataSource one = postgres.migratedDatabase();
    DataSource two = postgres.migratedDatabase();
    TestDatabase.RoleDatabases three = postgres.roleDatabases();

    execute(one, "CREATE TABLE scratch (x int)");
    execute(three.admin(), "CREATE TABLE scratch (x int)");

    assertThat(rows(two, "SELECT count(*) FROM pg_tables WHERE tablename = 'scratch'"))
        .containsExactly("0");
    assertThat(rows(one, "SELECT current_database()"))
        .doesNotContainAnyElementsOf(rows(two, "SELECT current_database()"));
    assertThat(rows(three.sink(), "SELECT current_database(), current_user"))
        .isEqualTo(rows(three.admin(), "SELECT current_database(), 'sitewatch_sink'"));
  }

  @Test
  void closingAHandleDropsItsDatabasesAndLeavesTheServerRunning() throws SQLException {
    TestDatabase other = TestDatabase.start();
    DataSource gone = other.migratedDatabase();
    String name = rows(gone, "SELECT current_database()").get(0);
    assertThat(other.port()).isEqualTo(postgres.port());

    other.close();

    assertThatThrownBy(gone::getConnection)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("\"" + name + "\" does not exist");
    DataSource still = postgres.migratedDatabase();
    assertThat(rows(still, "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"))
        .containsExactly("0");
  }

  /** What a database holds that a migration sets: objects, owners, grants, history. */
  private static List<String> catalog(DataSource db) throws SQLException {
    List<String> rows = new ArrayList<>();
    rows.addAll(
        rows(
            db,
            "SELECT 'database acl: ' || a::text FROM pg_database d, unnest(d.datacl) a"
                + " WHERE d.datname = current_database() ORDER BY 1"));
    rows.addAll(
        rows(
            db,
            "SELECT 'schema: ' || n.nspname || '|' || pg_get_userbyid(n.nspowner) || '|'"
                + " || coalesce(array(SELECT x::text FROM unnest(n.nspacl) x ORDER BY 1)::text,"
                + " '-') FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_%'"
                + " AND n.nspname <> 'information_schema' ORDER BY 1"));
    rows.addAll(
        rows(
            db,
            "SELECT 'relation: ' || c.relname || '|' || c.relkind::text || '|'"
                + " || pg_get_userbyid(c.relowner) || '|'"
                + " || coalesce(array(SELECT x::text FROM unnest(c.relacl) x ORDER BY 1)::text,"
                + " '-') FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
                + " ORDER BY 1"));
    rows.addAll(
        rows(
            db,
            "SELECT 'column acl: ' || c.relname || '|' || a.attname || '|'"
                + " || array(SELECT x::text FROM unnest(a.attacl) x ORDER BY 1)::text"
                + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " WHERE c.relnamespace = 'public'::regnamespace AND a.attacl IS NOT NULL"
                + " ORDER BY 1"));
    rows.addAll(
        rows(
            db,
            "SELECT 'function: ' || p.proname || '|' || pg_get_userbyid(p.proowner) || '|'"
                + " || coalesce(array(SELECT x::text FROM unnest(p.proacl) x ORDER BY 1)::text,"
                + " '-') FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace"
                + " ORDER BY 1"));
    rows.addAll(
        rows(
            db,
            "SELECT 'trigger: ' || t.tgrelid::regclass::text || '|' || t.tgname"
                + " FROM pg_trigger t WHERE NOT t.tgisinternal ORDER BY 1"));
    rows.addAll(
        rows(
            db,
            "SELECT 'default acl: ' || pg_get_userbyid(defaclrole) || '|' || defaclobjtype::text"
                + " || '|' || defaclacl::text FROM pg_default_acl ORDER BY 1"));
    rows.addAll(
        rows(
            db,
            "SELECT 'flyway: ' || version || '|' || description || '|' || checksum || '|'"
                + " || success FROM flyway_schema_history ORDER BY installed_rank"));
    return rows;
  }

  private static void execute(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Each row's columns joined with '|'. */
  private static List<String> rows(DataSource db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.add(rs.getString(i));
        }
        rows.add(String.join("|", columns));
      }
    }
    return rows;
  }
}
