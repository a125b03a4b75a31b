package org.sitewatch.infra.cli.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.Migrations;

class LeadRouteCommandIT {
  /** The commands run as the analyst role, which may not rewrite history. */
  private static final String ANALYST =
      "db.username=" + org.sitewatch.sink.store.DatabaseRoles.DEFAULTS.analyst();

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir static Path work;

  private static Database db;

  @BeforeAll
  static void lead() {
    db = Database.embedded(work);
    Migrations.migrate(db.dataSource(), org.sitewatch.sink.store.DatabaseRoles.DEFAULTS, true);
    String page = "https://filed-videos.example/";
    new LeadStore(db.dataSource(), Clock.systemUTC())
        .apply(
            new SiteVerdict(
                SiteVerdict.VERSION,
                "filed-videos.example",
                1,
                true,
                0.8,
                2,
                List.of("profit"),
                List.of(new SignalHit("kw.zh.vip", "profit", 0.4, 1, "开通VIP会员", page)),
                List.of(new PageRef(page, 0.8, "ab".repeat(32), T)),
                "lex-1",
                T,
                List.of(),
                List.of(
                    new Identifier("icp", "京ICP备12345678号", "", page, Map.of()),
                    new Identifier("psb", "沪公网安备31010402000001号", "", page, Map.of())),
                List.of()));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void printsEveryBureauWithItsBasisAndTheConflict() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        SitewatchCommand.execute(
            new String[] {
              "lead", "route", "filed-videos.example", "--jdbc-url", db.jdbcUrl(), "--set", ANALYST
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "北京市公安局网安总队（示例） (110000)", "ICP_PROVINCE",
            "上海市公安局网安总队（示例） (310000)", "PSB_AREA_CODE",
            "conflict  FILING_MISMATCH", "sample (demo only)");
  }
}
