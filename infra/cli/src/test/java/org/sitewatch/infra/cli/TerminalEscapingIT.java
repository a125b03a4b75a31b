package org.sitewatch.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.LeadStore;

/**
 * Crawled text with terminal control sequences (retitle the window, clear the screen) reaches the
 * lead database as it is; every command that prints it as text shows it escaped, and JSON output
 * keeps the exact value.
 */
public class TerminalEscapingIT {
  static final String HOSTILE = "\u001b]0;owned\u0007\u001b[2J";
  static final String SHOWN = "\\u001b]0;owned\\u0007\\u001b[2J";
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  private static TestDatabase databases;
  private static Database db;

  @BeforeAll
  static void hostileLeads() {
    databases = TestDatabase.start();
    db = Database.external(databases.migratedDatabaseUrl(), "postgres", "");
    LeadStore store = new LeadStore(db.dataSource(), Clock.systemUTC());
    store.apply(verdict("retitle-videos.example"));
    store.apply(verdict("clear-videos.example"));
    store.apply(verdict("spoof" + HOSTILE + "\u202egnp.example"));
  }

  @AfterAll
  static void stop() {
    db.close();
    databases.close();
  }

  public static void assertNoControlSequences(String printed) {
    assertThat(printed).doesNotContain("\u001b", "\u0007", "\u202e");
  }

  @Test
  void leadShowPrintsSnippetsEscaped() {
    var show = sitewatch("lead", "show", "retitle-videos.example", "--jdbc-url", db.jdbcUrl());
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertNoControlSequences(show.out());
    assertThat(show.out()).contains("在线 视频 " + SHOWN + " 观看");
  }

  @Test
  void leadListPrintsSitesEscaped() {
    var list = sitewatch("lead", "list", "--jdbc-url", db.jdbcUrl());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertNoControlSequences(list.out());
    assertThat(list.out()).contains("spoof" + SHOWN + "\\u202egnp.example");
  }

  @Test
  void operationCommandsPrintIdentifiersEscaped() {
    var list = sitewatch("operation", "list", "--jdbc-url", db.jdbcUrl());
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertNoControlSequences(list.out());
    var show = sitewatch("operation", "show", "1", "--jdbc-url", db.jdbcUrl());
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertNoControlSequences(show.out() + show.err());
    assertThat(show.out()).contains("@handle" + SHOWN);
    assertThat(list.out()).contains("@handle" + SHOWN);
  }

  @Test
  void statsAndLookupErrorsPrintNoControlSequences() {
    var stats = sitewatch("stats", "--jdbc-url", db.jdbcUrl());
    assertThat(stats.exitCode()).as(stats.err()).isZero();
    assertNoControlSequences(stats.out());
    var missing =
        sitewatch("lead", "show", "missing" + HOSTILE + ".example", "--jdbc-url", db.jdbcUrl());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertNoControlSequences(missing.err());
    assertThat(missing.err()).contains("missing" + SHOWN);
  }

  @Test
  void jsonOutputEscapesControlsAndKeepsTheExactValue() throws Exception {
    var show =
        sitewatch("lead", "show", "retitle-videos.example", "--json", "--jdbc-url", db.jdbcUrl());
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertNoControlSequences(show.out());
    JsonNode lead = Json.mapper().readTree(show.out());
    assertThat(lead.get("evidence").get("signals").get(0).get("snippet").asText())
        .isEqualTo("在线 视频 " + HOSTILE + " 观看");

    var list = sitewatch("lead", "list", "--json", "--jdbc-url", db.jdbcUrl());
    assertNoControlSequences(list.out());
    assertThat(list.jsonLines())
        .extracting(l -> l.get("site").asText())
        .contains("spoof" + HOSTILE + "\u202egnp.example");
  }

  private static SiteVerdict verdict(String site) {
    String page = "https://" + site + "/vip";
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        1,
        true,
        0.9,
        3,
        List.of("explicit"),
        List.of(
            new SignalHit(
                "kw.zh.zaixian-guankan", "explicit", 1.8, 2, "在线 视频 " + HOSTILE + " 观看", page)),
        List.of(new PageRef(page, 0.9, "ab".repeat(32), T)),
        "lex-1",
        T,
        List.of("for-profit"),
        List.of(
            new Identifier(
                "telegram", "@handle" + HOSTILE, "contact @handle" + HOSTILE, page, Map.of())),
        List.of());
  }
}
