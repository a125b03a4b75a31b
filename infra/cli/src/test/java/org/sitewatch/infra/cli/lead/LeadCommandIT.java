package org.sitewatch.infra.cli.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.LeadStore;

class LeadCommandIT {
  /** The commands run as the analyst role, which may not rewrite history. */
  private static final String ANALYST =
      "db.username=" + org.sitewatch.sink.store.DatabaseRoles.DEFAULTS.analyst();

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  private static TestDatabase databases;
  private static Database db;

  @BeforeAll
  static void leads() {
    databases = TestDatabase.start();
    db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
    LeadStore store = new LeadStore(db.dataSource(), Clock.systemUTC());
    store.apply(withReasons(verdict("plain-videos.example", "explicit", "kw.zh.seqing", 1.8)));
    store.apply(verdict("student-videos.example", "minors", "kw.zh.luoli", 2.0));
  }

  @AfterAll
  static void stop() {
    db.close();
    databases.close();
  }

  @Test
  void listsByPriorityConfirmsAndCounts() throws Exception {
    Result list = run("lead", "list", "--jdbc-url", db.jdbcUrl());
    assertThat(list.code).isZero();
    assertThat(list.out.indexOf("student-videos.example"))
        .isPositive()
        .isLessThan(list.out.indexOf("plain-videos.example"));
    assertThat(list.out).contains("CRITICAL", "minors", "(new evidence)");

    Result early =
        run(
            "lead",
            "confirm",
            "plain-videos.example",
            "--actor",
            "wang",
            "--jdbc-url",
            db.jdbcUrl());
    assertThat(early.code).isEqualTo(1);
    assertThat(early.err).contains("refused (FORBIDDEN)", "it is NEW");

    assertThat(
            run(
                    "lead",
                    "triage",
                    "plain-videos.example",
                    "--actor",
                    "wang",
                    "--jdbc-url",
                    db.jdbcUrl())
                .code)
        .isZero();
    Result confirm =
        run(
            "lead",
            "confirm",
            "plain-videos.example",
            "--actor",
            "wang",
            "--note",
            "checked",
            "--jdbc-url",
            db.jdbcUrl());
    assertThat(confirm.code).isZero();
    assertThat(confirm.out).contains("TRIAGED -> CONFIRMED");

    Result show = run("lead", "show", "plain-videos.example", "--json", "--jdbc-url", db.jdbcUrl());
    JsonNode shown = Json.mapper().readTree(show.out);
    assertThat(shown.get("status").asText()).isEqualTo("CONFIRMED");
    assertThat(shown.get("history"))
        .extracting(h -> h.get("kind").asText())
        .containsExactly("TRIAGED", "CONFIRMED");
    assertThat(shown.get("history").get(1).get("note").asText()).isEqualTo("checked");

    Result stats = run("stats", "--json", "--jdbc-url", db.jdbcUrl());
    assertThat(stats.code).isZero();
    JsonNode figures = Json.mapper().readTree(stats.out);
    assertThat(figures.get("leads").asLong()).isEqualTo(2);
    assertThat(figures.get("byStatus").get("CONFIRMED").asLong()).isEqualTo(1);
    assertThat(figures.get("byFlag").get("minors").asLong()).isEqualTo(1);
    assertThat(figures.get("firstFlagToConfirmation").get("confirmed").asLong()).isEqualTo(1);
  }

  @Test
  void showPrintsTheReasonsUnderEachConductTerminalSafeAndTheJsonCarriesThem() throws Exception {
    Result show = run("lead", "show", "plain-videos.example", "--jdbc-url", db.jdbcUrl());
    assertThat(show.code).isZero();
    assertThat(show.out)
        .contains(
            "  conduct   for-profit\n"
                + "    membership-price     \"开通VIP会员 30 元/月\"  on https://plain-videos.example/vip\n"
                + "    payment-method       \"扫码支付\\u001b[2J\\nfake line\"\n"
                + "  conduct   showing-audio-video\n"
                + "    (no reasons recorded)\n");
    assertThat(show.out).doesNotContain("\u001b").doesNotContain("\nfake line");

    Result json = run("lead", "show", "plain-videos.example", "--json", "--jdbc-url", db.jdbcUrl());
    JsonNode reasons = Json.mapper().readTree(json.out).get("evidence").get("conductReasons");
    assertThat(reasons).hasSize(2);
    assertThat(reasons.get(0).get("conduct").asText()).isEqualTo("for-profit");
    assertThat(reasons.get(0).get("signal").asText()).isEqualTo("membership-price");
    assertThat(reasons.get(0).get("snippet").asText()).isEqualTo("开通VIP会员 30 元/月");
    assertThat(reasons.get(0).get("url").asText()).isEqualTo("https://plain-videos.example/vip");
    assertThat(reasons.get(1).get("snippet").asText()).isEqualTo("扫码支付\u001b[2J\nfake line");
  }

  @Test
  void refusesToRunWithoutADatabase() {
    Result r = run("lead", "list");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("--jdbc-url");
  }

  private record Result(int code, String out, String err) {}

  /** Runs the command line; a command given a database runs as the analyst role. */
  private static Result run(String... given) {
    String[] args =
        java.util.Arrays.asList(given).contains("--jdbc-url")
            ? java.util.stream.Stream.concat(
                    java.util.Arrays.stream(given), java.util.stream.Stream.of("--set", ANALYST))
                .toArray(String[]::new)
            : given;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** The verdict with two conducts, the first with two reasons (one hostile), the second none. */
  private static SiteVerdict withReasons(SiteVerdict v) {
    String page = "https://" + v.site() + "/vip";
    return new SiteVerdict(
        v.v(),
        v.site(),
        v.revision(),
        v.flagged(),
        v.score(),
        v.pagesScored(),
        v.categories(),
        v.signals(),
        v.pages(),
        v.lexiconVersion(),
        v.decidedAt(),
        List.of("for-profit", "showing-audio-video"),
        v.identifiers(),
        v.findings(),
        v.epoch(),
        v.traceId(),
        v.lastFetchedAt(),
        List.of(
            new ConductReason("for-profit", "membership-price", "开通VIP会员 30 元/月", page),
            new ConductReason("for-profit", "payment-method", "扫码支付\u001b[2J\nfake line", "")));
  }

  private static SiteVerdict verdict(String site, String category, String signal, double weight) {
    String page = "https://" + site + "/vip";
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        1,
        true,
        0.9,
        3,
        List.of(category),
        List.of(new SignalHit(signal, category, weight, 2, "在线 视频", page)),
        List.of(new PageRef(page, 0.9, "ab".repeat(32), T)),
        "lex-1",
        T,
        List.of("for-profit"),
        List.of(),
        List.of());
  }
}
