package org.sitewatch.sink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sitewatch.sink.Verdicts.flagged;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.operations.Operations;
import org.sitewatch.sink.recrawl.LeadChecks;
import org.sitewatch.sink.recrawl.LeadChecksIT;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStore;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * History and custody stay append-only whoever asks: the sink and analyst roles hold no UPDATE,
 * DELETE or TRUNCATE on them and no DDL, and the append-only triggers refuse even the owner.
 */
class DatabaseRolesIT {
  private static TestDatabase postgres;
  private TestDatabase.RoleDatabases db;

  @BeforeAll
  static void startPostgres() {
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void leadWrittenByTheSinkRole() {
    db = postgres.roleDatabases();
    LeadStore sink = new LeadStore(db.sink(), Clock.systemUTC());
    assertThat(sink.apply(flagged("vip-videos.example", 1, 0.8))).isEqualTo(ApplyResult.OPENED);
    assertThat(sink.apply(flagged("vip-videos.example", 2, 0.9))).isEqualTo(ApplyResult.UPDATED);
    assertThat(
            new LeadChecks(db.sink(), Clock.systemUTC())
                .record(LeadChecksIT.failed("vip-videos.example", Instant.now(), null, "HTTP 404")))
        .isPresent();
    long id = sink.findBySite("vip-videos.example").orElseThrow().id();
    new LeadWorkflow(db.analyst(), Clock.systemUTC())
        .perform(id, LeadAction.TRIAGE, ActionRequest.by("wang"));
    new Operations(db.analyst(), Clock.systemUTC(), ReviewPolicy.DEFAULTS)
        .ignore("qq", "10001", "a shared support number", "analyst-li");
  }

  @ParameterizedTest
  @CsvSource({
    "lead_event, score",
    "lead_action, note",
    "custody_entry, actor",
    "lead_check, reason",
    "identifier_ignore_log, reason"
  })
  void theSinkAndAnalystRolesCannotTruncateUpdateOrDeleteHistory(String table, String column)
      throws SQLException {
    assertThat(count(db.admin(), "SELECT count(*) FROM " + table)).isPositive();
    for (DataSource role : new DataSource[] {db.sink(), db.analyst()}) {
      assertRefused(role, "TRUNCATE " + table, "permission denied");
      assertRefused(role, "DELETE FROM " + table, "permission denied");
      assertRefused(
          role, "UPDATE " + table + " SET " + column + " = " + column, "permission denied");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "lead_event",
        "lead_action",
        "custody_entry",
        "lead_check",
        "identifier_ignore_log",
        "lead"
      })
  void aTriggerStopsEvenTheOwnersTruncate(String table) throws SQLException {
    long rows = count(db.admin(), "SELECT count(*) FROM " + table);
    assertRefused(db.owner(), "TRUNCATE " + table + " CASCADE", "append-only");
    assertRefused(db.admin(), "TRUNCATE " + table + " CASCADE", "append-only");
    assertThat(count(db.admin(), "SELECT count(*) FROM " + table)).isEqualTo(rows);
    assertThat(count(db.admin(), "SELECT count(*) FROM lead_event")).isEqualTo(2);
  }

  @Test
  void theRestrictedRolesChangeNoSchemaAndCannotSwitchTriggersOff() {
    for (DataSource role : new DataSource[] {db.sink(), db.analyst()}) {
      assertRefused(role, "CREATE TABLE scratch (x int)", "permission denied");
      assertRefused(
          role, "ALTER TABLE lead_event DISABLE TRIGGER lead_event_no_truncate", "must be owner");
      assertRefused(role, "DROP TABLE lead_check", "must be owner");
      assertRefused(role, "SET ROLE sitewatch_owner", "permission denied");
    }
  }

  @Test
  void theAnalystCannotRewriteALeadsEvidence() throws SQLException {
    assertRefused(db.analyst(), "UPDATE lead SET score = 0.01", "permission denied");
    assertRefused(
        db.analyst(),
        "INSERT INTO lead_event (lead_id, site, revision, kind, flagged,"
            + " score, at) SELECT id, site, 99, 'UPDATED', true, 1, now() FROM lead",
        "permission denied");
    try (Connection c = db.analyst().getConnection();
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE lead SET assignee = 'wang'")).isEqualTo(1);
    }
  }

  @Test
  void theAnalystRecordsCrawlRequestsButNeverRewritesThem() throws SQLException {
    try (Connection c = db.analyst().getConnection();
        Statement s = c.createStatement()) {
      assertThat(
              s.executeUpdate(
                  "INSERT INTO workbench_crawl_request (url, site, requested_by, requested_at)"
                      + " VALUES ('https://a.example/', 'a.example', 'analyst-li', now())"))
          .isEqualTo(1);
    }
    assertRefused(
        db.analyst(), "UPDATE workbench_crawl_request SET requested_by = 'x'", "permission denied");
    assertRefused(db.analyst(), "DELETE FROM workbench_crawl_request", "permission denied");
    assertRefused(
        db.sink(),
        "INSERT INTO workbench_crawl_request (url, site, requested_by, requested_at)"
            + " VALUES ('https://a.example/', 'a.example', 'sink', now())",
        "permission denied");
  }

  /**
   * What the workbench writes into the tip tables, as the analyst role: a hotline tip (TipStore, as
   * TipsFeature calls it) and the event of a lead asked for by hand (web's OpenByHand).
   */
  private long analystEntersAHotlineTip() throws SQLException {
    ReportedUrls.Result checked = ReportedUrls.check(List.of("http://hotline.example.cn/"), false);
    assertThat(checked.problems()).isEmpty();
    TipStore.Recorded recorded =
        new TipStore(db.analyst(), Clock.systemUTC(), new Receipts(), Duration.ofDays(180))
            .record(
                new NewReport(
                    checked.urls(),
                    TipChannel.HOTLINE,
                    TipCategory.EXPLICIT,
                    "a caller saw adult videos for money",
                    Optional.of("caller 138-0000-0000"),
                    Optional.empty(),
                    Optional.of("analyst-li")));
    long tip = recorded.tips().get(0).id();
    try (Connection c = db.analyst().getConnection();
        Statement s = c.createStatement()) {
      assertThat(
              s.executeUpdate(
                  "INSERT INTO tip_event (tip_id, status, reason, actor, at) VALUES ("
                      + tip
                      + ", 'ACTION_TAKEN', 'opened-by-hand', 'analyst-li', now())"))
          .isEqualTo(1);
    }
    assertThat(count(db.admin(), "SELECT count(*) FROM tip_event WHERE tip_id = " + tip))
        .isEqualTo(2);
    return tip;
  }

  /** Inserts naming a column only the sink (or the database) writes. */
  private static List<String> sinkOnlyInserts(long tip) {
    String report = "(SELECT report_id FROM tip WHERE id = " + tip + ")";
    String lead = "(SELECT id FROM lead LIMIT 1)";
    String tipColumns =
        "INSERT INTO tip (report_id, site, urls, priority, received_at, status_at, ";
    String tipValues =
        " VALUES ("
            + report
            + ", 'other.example.cn',"
            + " ARRAY['http://other.example.cn/'], 5, now(), now(), ";
    return List.of(
        tipColumns + "status)" + tipValues + "'ACTION_TAKEN')",
        tipColumns + "status_reason)" + tipValues + "'lead')",
        tipColumns + "lead_id)" + tipValues + lead + ")",
        tipColumns + "crawl_sent_at)" + tipValues + "now())",
        tipColumns + "crawl_attempts)" + tipValues + "3)",
        tipColumns + "crawled_at)" + tipValues + "now())",
        tipColumns + "crawl_result)" + tipValues + "'ok')",
        tipColumns + "crawl_id)" + tipValues + "'c-1')",
        tipColumns + "retry_at)" + tipValues + "now())",
        "INSERT INTO tip_event (tip_id, status, reason, actor, lead_id, at) VALUES ("
            + tip
            + ", 'ACTION_TAKEN', 'lead', 'sink', "
            + lead
            + ", now())",
        "INSERT INTO tip_report (id, receipt_hash, channel, category, received_at, entered_by)"
            + " OVERRIDING SYSTEM VALUE VALUES (999, repeat('a', 64), 'HOTLINE', 'explicit',"
            + " now(), 'analyst-li')");
  }

  @Test
  void theAnalystEntersHotlineTipsButNoColumnTheSinkWrites() throws SQLException {
    long tip = analystEntersAHotlineTip();
    for (String sql : sinkOnlyInserts(tip)) {
      assertRefused(db.analyst(), sql, "permission denied");
    }
    assertThat(count(db.admin(), "SELECT count(*) FROM tip")).isEqualTo(1);
  }

  @Test
  void aDatabaseGrantedTableWideInsertsOnTipsGetsTheColumnGrantOnTheNextMigrate()
      throws SQLException {
    try (Connection c = db.owner().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "GRANT INSERT ON tip_report, tip, tip_contact, tip_event TO "
              + DatabaseRoles.DEFAULTS.analyst());
    }
    String tableWide =
        "SELECT count(*) FROM unnest(ARRAY['tip_report', 'tip', 'tip_contact', 'tip_event']) t"
            + " WHERE has_table_privilege('"
            + DatabaseRoles.DEFAULTS.analyst()
            + "', t, 'INSERT')";
    assertThat(count(db.admin(), tableWide)).isEqualTo(4);

    Migrations.migrate(db.admin(), DatabaseRoles.DEFAULTS, false);

    assertThat(count(db.admin(), tableWide)).isZero();

    long tip = analystEntersAHotlineTip();
    for (String sql : sinkOnlyInserts(tip)) {
      assertRefused(db.analyst(), sql, "permission denied");
    }
  }

  @Test
  void aTipsRoleGrantedTableWideInsertOnReportsLosesItsIdAndAuthorColumnsOnTheNextMigrate()
      throws SQLException {
    String tips = DatabaseRoles.DEFAULTS.tips();
    try (Connection c = db.owner().getConnection();
        Statement s = c.createStatement()) {
      s.execute("GRANT INSERT ON tip_report TO " + tips);
    }
    String writable =
        "SELECT count(*) FROM unnest(ARRAY['id', 'entered_by']) col"
            + " WHERE has_column_privilege('"
            + tips
            + "', 'tip_report', col, 'INSERT')";
    assertThat(count(db.admin(), writable)).isEqualTo(2);

    Migrations.migrate(db.admin(), DatabaseRoles.DEFAULTS, false);

    assertThat(count(db.admin(), writable)).isZero();
    assertThat(
            count(
                db.admin(),
                "SELECT count(*) WHERE has_column_privilege('"
                    + tips
                    + "', 'tip_report', 'receipt_hash', 'INSERT')"))
        .isEqualTo(1);
  }

  private static void assertRefused(DataSource role, String sql, String why) {
    assertThatThrownBy(
            () -> {
              try (Connection c = role.getConnection();
                  Statement s = c.createStatement()) {
                s.execute(sql);
              }
            })
        .as(sql)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(why);
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
