package org.sitewatch.infra.cli.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.jurisdiction.Route;
import org.sitewatch.sink.jurisdiction.RouteStore;
import org.sitewatch.sink.jurisdiction.Routing;
import org.sitewatch.sink.store.LeadStore;

class LeadRouteCommandIT {
  /** The commands run as the analyst role, which may not rewrite history. */
  private static final String ANALYST =
      "db.username=" + org.sitewatch.sink.store.DatabaseRoles.DEFAULTS.analyst();

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir static Path work;

  private static TestDatabase databases;
  private static Database db;

  @BeforeAll
  static void lead() {
    databases = TestDatabase.start();
    db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
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
    hostedLead();
  }

  private static void hostedLead() {
    String page = "https://hosted-videos.example/";
    new LeadStore(db.dataSource(), Clock.systemUTC())
        .apply(
            new SiteVerdict(
                SiteVerdict.VERSION,
                "hosted-videos.example",
                1,
                true,
                0.8,
                1,
                List.of("profit"),
                List.of(new SignalHit("kw.zh.vip", "profit", 0.4, 1, "会员专区", page)),
                List.of(new PageRef(page, 0.8, "cd".repeat(32), T)),
                "lex-1",
                T,
                List.of(),
                List.of(new Identifier("server-ip", "10.1.2.3", "", page, Map.of())),
                List.of()));
  }

  @AfterAll
  static void stop() {
    db.close();
    databases.close();
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

  @Test
  void bureausFileReplacesTheSampleDirectoryAndARegionWithoutABureauIsAConflict() throws Exception {
    Path bureaus =
        write(
            "bureaus.csv",
            "region_code,bureau_name,contact",
            "110108,Haidian test bureau,haidian@example.org",
            "110000,Beijing test bureau,beijing@example.org");

    Run run = route("filed-videos.example", "--bureaus", bureaus.toString());

    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out)
        .contains(
            "bureaus " + bureaus,
            "bureau    Beijing test bureau (110000)  beijing@example.org",
            "conflict  NO_BUREAU: no bureau in the directory for region 310104, 310100, 310000",
            "conflict  FILING_MISMATCH")
        .doesNotContain("（示例）", "Haidian");
  }

  @Test
  void rangesFileLocatesAServerAddressTheSampleDoesNotHold() throws Exception {
    Path ranges = write("ranges.csv", "cidr,region_code", "10.0.0.0/8,440300");

    Run sample = route("hosted-videos.example");
    Run given = route("hosted-videos.example", "--ranges", ranges.toString());

    assertThat(sample.code).as(sample.err).isZero();
    assertThat(sample.out)
        .contains("conflict  UNMATCHED_ADDRESS: server address 10.1.2.3", "NO_JURISDICTION")
        .doesNotContain("bureau    ");
    assertThat(given.code).as(given.err).isZero();
    assertThat(given.out)
        .contains(
            "ranges " + ranges,
            "bureau    深圳市公安局网安支队（示例） (440300)",
            "basis   HOSTING_IP",
            "conflicts none");
  }

  @Test
  void registrantsFileAddsARouteAndAMismatchWithTheFilings() throws Exception {
    Path registrants =
        write(
            "registrants.csv",
            "site,region_code,source",
            "filed-videos.example,510104,registrar record 2026-11");

    Run run = route("filed-videos.example", "--registrants", registrants.toString());

    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out)
        .contains(
            "registrants " + registrants,
            "bureau    四川省公安厅网安总队（示例） (510000)",
            "basis   REGISTRANT",
            "REGISTRANT     510104  registrar record 2026-11",
            "conflict  REGISTRANT_MISMATCH: registrant data (registrar record 2026-11) places the"
                + " operator in 四川 (51)");
  }

  @Test
  void jsonPrintsTheRoutingItStoresWithTheLead() throws Exception {
    Path registrants =
        write("registrants-json.csv", "site,region_code,source", "filed-videos.example,510104,x");

    Run run = route("filed-videos.example", "--registrants", registrants.toString(), "--json");

    assertThat(run.code).as(run.err).isZero();
    JsonNode json = Json.mapper().readTree(run.out);
    assertThat(json.get("site").asText()).isEqualTo("filed-videos.example");
    assertThat(json.get("tables").asText()).contains("registrants " + registrants);
    assertThat(json.get("routes"))
        .extracting(r -> r.get("regionCode").asText())
        .containsExactly("110000", "310000", "510000");
    assertThat(json.get("conflicts"))
        .extracting(c -> c.get("kind").asText())
        .containsExactly("FILING_MISMATCH", "REGISTRANT_MISMATCH");
    Routing stored = RouteStore.stored(db.dataSource(), json.get("id").asLong()).orElseThrow();
    assertThat(stored.routes())
        .extracting(Route::regionCode)
        .containsExactly("110000", "310000", "510000");
    assertThat(stored.conflicts())
        .extracting(c -> c.kind().name())
        .containsExactly("FILING_MISMATCH", "REGISTRANT_MISMATCH");
  }

  @Test
  void aFlagWinsOverTheConfiguredTable() throws Exception {
    Path configured = write("ranges-configured.csv", "cidr,region_code", "10.0.0.0/8,330000");
    Path flag = write("ranges-flag.csv", "cidr,region_code", "10.0.0.0/8,510000");

    Run fromConfig =
        route("hosted-videos.example", "--set", "sink.address-ranges-file=" + configured);
    Run fromFlag =
        route(
            "hosted-videos.example",
            "--set",
            "sink.address-ranges-file=" + configured,
            "--ranges",
            flag.toString());

    assertThat(fromConfig.out).contains("浙江省公安厅网安总队（示例） (330000)");
    assertThat(fromFlag.out).contains("四川省公安厅网安总队（示例） (510000)").doesNotContain("(330000)");
  }

  private record Run(int code, String out, String err) {}

  private static Run route(String lead, String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("lead", "route", lead, "--jdbc-url", db.jdbcUrl(), "--set", ANALYST));
    args.addAll(List.of(options));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private static Path write(String name, String... lines) throws java.io.IOException {
    return Files.write(work.resolve(name), List.of(lines), StandardCharsets.UTF_8);
  }
}
