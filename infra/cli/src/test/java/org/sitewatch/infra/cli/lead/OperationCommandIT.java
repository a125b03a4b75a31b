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
import org.sitewatch.events.Identifier;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.LeadStore;

class OperationCommandIT {
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
    store.apply(
        verdict(
            "first-vip.example",
            new Identifier(
                "qq", "12345678", "客服QQ 12345678", "https://first-vip.example/vip", Map.of())));
    store.apply(
        verdict(
            "second-vip.example",
            new Identifier(
                "qq", "12345678", "QQ 12345678", "https://second-vip.example/vip", Map.of())));
    store.apply(
        verdict(
            "third-vip.example",
            new Identifier(
                "server-ip", "203.0.113.7", "", "https://third-vip.example/vip", Map.of())));
  }

  @AfterAll
  static void stop() {
    db.close();
    databases.close();
  }

  @Test
  void listsShowsIgnoresAndCountsOperations() throws Exception {
    String url = db.jdbcUrl();
    Result list = run("operation", "list", "--jdbc-url", url);
    assertThat(list.code).isZero();
    assertThat(list.out)
        .contains("first-vip.example,second-vip.example", "qq 12345678")
        .doesNotContain("third-vip.example");

    JsonNode op = Json.mapper().readTree(run("operation", "list", "--json", "--jdbc-url", url).out);
    long id = op.get("id").asLong();
    Result show = run("operation", "show", Long.toString(id), "--jdbc-url", url);
    assertThat(show.code).isZero();
    assertThat(show.out).contains("(2 leads)", "NEW", "second-vip.example", "12345678");

    Result lead = run("lead", "show", "second-vip.example", "--json", "--jdbc-url", url);
    assertThat(Json.mapper().readTree(lead.out).get("operation").get("id").asLong()).isEqualTo(id);

    Result stats = run("stats", "--json", "--jdbc-url", url);
    JsonNode operations = Json.mapper().readTree(stats.out).get("operations");
    assertThat(operations.get("operations").asLong()).isEqualTo(1);
    assertThat(operations.get("largest").asInt()).isEqualTo(2);
    assertThat(operations.get("bySize").get("2").asLong()).isEqualTo(1);
    assertThat(run("stats", "--jdbc-url", url).out)
        .contains("operations: 1 (2 lead(s), largest 2)");

    Result ignore =
        run(
            "identifier",
            "ignore",
            "qq",
            "12345678",
            "--reason",
            "reseller hotline",
            "--by",
            "wang",
            "--jdbc-url",
            url);
    assertThat(ignore.code).isZero();
    assertThat(run("operation", "list", "--jdbc-url", url).out).contains("(no operations");
    assertThat(run("identifier", "ignored", "--jdbc-url", url).out)
        .contains("qq", "wang", "reseller hotline");
    assertThat(run("operation", "show", Long.toString(id), "--jdbc-url", url).code).isEqualTo(1);

    assertThat(
            run("identifier", "unignore", "qq", "12345678", "--by", "wang", "--jdbc-url", url).code)
        .isZero();
    assertThat(run("operation", "list", "--jdbc-url", url).out).contains("qq 12345678");
    assertThat(
            run("identifier", "ignore", "text-simhash", "zz", "--reason", "x", "--jdbc-url", url)
                .err)
        .contains("16 hex digits");
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

  private static SiteVerdict verdict(String site, Identifier identifier) {
    String page = "https://" + site + "/vip";
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        1,
        true,
        0.9,
        3,
        List.of("profit"),
        List.of(new SignalHit("kw.zh.vip", "profit", 1.8, 2, "开通VIP会员", page)),
        List.of(new PageRef(page, 0.9, "ab".repeat(32), T)),
        "lex-1",
        T,
        List.of("for-profit"),
        List.of(identifier),
        List.of());
  }
}
