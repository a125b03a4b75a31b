package org.sitewatch.infra.cli.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Json;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.recrawl.LeadChecks;
import org.sitewatch.sink.store.LeadStore;

/**
 * The recrawl views of the CLI: checks in {@code lead show}, {@code lead list --gone}, {@code
 * recrawl now}.
 */
class RecrawlCommandIT {
  /** The commands run as the analyst role, which may not rewrite history. */
  private static final String ANALYST =
      "db.username=" + org.sitewatch.sink.store.DatabaseRoles.DEFAULTS.analyst();

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  private static TestDatabase databases;
  private static Database db;

  @BeforeAll
  static void leadsWithChecks() {
    databases = TestDatabase.start();
    db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
    LeadStore store = new LeadStore(db.dataSource(), Clock.systemUTC());
    store.apply(verdict("still-here.example"));
    store.apply(verdict("taken-down.example"));
    LeadChecks checks = new LeadChecks(db.dataSource(), Clock.systemUTC());
    checks.record(
        check(
            "still-here.example",
            T.plusSeconds(60),
            Map.of(
                "result", "ok", "pages", "2", "seedStatus", "200", "seedSha256", "ab".repeat(32))));
    checks.record(
        check(
            "taken-down.example",
            T.plusSeconds(60),
            Map.of(
                "result", "ok", "pages", "2", "seedStatus", "200", "seedSha256", "ab".repeat(32))));
    checks.record(
        check(
            "taken-down.example",
            T.plusSeconds(120),
            Map.of(
                "result",
                "unreachable",
                "pages",
                "0",
                "seedStatus",
                "404",
                "seedError",
                "HTTP 404 Not Found")));
  }

  @AfterAll
  static void stop() {
    db.close();
    databases.close();
  }

  @Test
  void showsTheChecksNewestFirstAndListsGoneLeads() throws Exception {
    Result show = run("lead", "show", "taken-down.example", "--jdbc-url", db.jdbcUrl());
    assertThat(show.code).isZero();
    assertThat(show.out).contains("gone since " + T.plusSeconds(120), "checks (newest first)");
    assertThat(show.out.indexOf("GONE     HTTP 404"))
        .isPositive()
        .isLessThan(show.out.indexOf("ONLINE   HTTP 200"));

    JsonNode json =
        Json.mapper()
            .readTree(
                run(
                        "lead",
                        "show",
                        "taken-down.example",
                        "--json",
                        "--checks",
                        "1",
                        "--jdbc-url",
                        db.jdbcUrl())
                    .out);
    assertThat(json.get("recrawl").get("goneSince").asText())
        .isEqualTo(T.plusSeconds(120).toString());
    assertThat(json.get("recrawl").get("checks"))
        .singleElement()
        .satisfies(c -> assertThat(c.get("httpStatus").asInt()).isEqualTo(404));

    Result gone = run("lead", "list", "--gone", "--jdbc-url", db.jdbcUrl());
    assertThat(gone.out).contains("taken-down.example").doesNotContain("still-here.example");

    JsonNode stats = Json.mapper().readTree(run("stats", "--json", "--jdbc-url", db.jdbcUrl()).out);
    assertThat(stats.get("byCheckState").get("GONE").asLong()).isEqualTo(1);
    assertThat(stats.get("byCheckState").get("ONLINE").asLong()).isEqualTo(1);
    assertThat(run("stats", "--jdbc-url", db.jdbcUrl()).out).contains("by last recrawl check:");
  }

  @Test
  void recrawlNowMakesAnOpenLeadDueAndRefusesAnUnknownSite() {
    Result now = run("recrawl", "now", "--site", "still-here.example", "--jdbc-url", db.jdbcUrl());
    assertThat(now.code).isZero();
    assertThat(now.out).contains("1 lead(s) due");
    long id =
        new LeadStore(db.dataSource(), Clock.systemUTC())
            .findBySite("still-here.example")
            .orElseThrow()
            .id();
    assertThat(
            new LeadChecks(db.dataSource(), Clock.systemUTC())
                .summary(id)
                .orElseThrow()
                .nextCheckAt())
        .hasValueSatisfying(t -> assertThat(t).isBefore(Instant.now().plusSeconds(1)));

    Result unknown = run("recrawl", "now", "--site", "nowhere.example", "--jdbc-url", db.jdbcUrl());
    assertThat(unknown.code).isEqualTo(1);
    assertThat(unknown.err).contains("no open lead for nowhere.example");
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

  private static Outcome check(String site, Instant at, Map<String, String> facts) {
    Map<String, String> details = new java.util.HashMap<>(facts);
    details.put("source", "RECRAWL");
    return new Outcome(
        Outcome.VERSION,
        site,
        "https://" + site + "/vip",
        Outcome.Stage.CRAWLER,
        Outcome.Kind.SITE_CRAWLED,
        "",
        at,
        details);
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
        List.of(new SignalHit("kw.zh.seqing", "explicit", 1.8, 2, "在线 视频", page)),
        List.of(new PageRef(page, 0.9, "ab".repeat(32), T)),
        "lex-1",
        T,
        List.of("for-profit"),
        List.of(),
        List.of());
  }
}
