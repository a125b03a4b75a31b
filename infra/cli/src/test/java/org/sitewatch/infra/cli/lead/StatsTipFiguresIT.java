package org.sitewatch.infra.cli.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Json;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStore;

/**
 * {@code sitewatch stats} shows the tip figures, as text and as the JSON member {@code tips}: zeros
 * for every channel and status before the first tip, then the reports recorded through {@link
 * TipStore} as the public site (tips role) and the hotline (analyst role) record them.
 */
class StatsTipFiguresIT {
  private TestDatabase databases;
  private Database db;

  @BeforeEach
  void database() {
    databases = TestDatabase.start();
    db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
  }

  @AfterEach
  void stop() {
    db.close();
    databases.close();
  }

  @Test
  void beforeTheFirstTipEveryChannelAndStatusCountsZero() throws Exception {
    Result text = run("stats", "--jdbc-url", db.jdbcUrl());
    assertThat(text.code).as(text.err).isZero();
    assertThat(text.out)
        .contains("tip-off reports: 0")
        .containsPattern("(?m)^  WEB +0$")
        .containsPattern("(?m)^  HOTLINE +0$")
        .containsPattern("(?m)^  RECEIVED +0$")
        .containsPattern("(?m)^  NOT_ACTIONABLE +0$")
        .contains("tips that became leads: 0 (0.0%)")
        .contains("tip to lead: none yet");

    JsonNode tips = json().get("tips");
    assertThat(tips.get("reports").asLong()).isZero();
    assertThat(tips.get("byChannel").get("WEB").asLong()).isZero();
    assertThat(tips.get("byChannel").get("HOTLINE").asLong()).isZero();
    assertThat(tips.get("byStatus").size()).isEqualTo(4);
    assertThat(tips.get("byStatus").get("ACTION_TAKEN").asLong()).isZero();
    assertThat(tips.get("tipToLead").get("count").asLong()).isZero();
    assertThat(tips.get("topSites")).isEmpty();
  }

  @Test
  void countsReportsByChannelTipsByStatusAndTheMostReportedSites() throws Exception {
    try (Database tipsRole = Database.external(db.jdbcUrl(), DatabaseRoles.DEFAULTS.tips(), "");
        Database analyst = Database.external(db.jdbcUrl(), DatabaseRoles.DEFAULTS.analyst(), "")) {
      TipStore site = store(tipsRole);
      site.record(report(TipChannel.WEB, "http://cheap-videos.example.cn/vip"));
      site.record(
          report(
              TipChannel.WEB, "http://www.cheap-videos.example.cn/", "https://live.example.com/"));
      store(analyst).record(report(TipChannel.HOTLINE, "http://cheap-videos.example.cn/pay"));
    }

    JsonNode tips = json().get("tips");
    assertThat(tips.get("reports").asLong()).isEqualTo(3);
    assertThat(tips.get("byChannel").get("WEB").asLong()).isEqualTo(2);
    assertThat(tips.get("byChannel").get("HOTLINE").asLong()).isEqualTo(1);
    assertThat(tips.get("tips").asLong()).isEqualTo(4);
    assertThat(tips.get("byStatus").get("RECEIVED").asLong()).isEqualTo(4);
    assertThat(tips.get("becameLeads").asLong()).isZero();
    assertThat(tips.get("topSites").get(0).get("site").asText()).isEqualTo("example.cn");
    assertThat(tips.get("topSites").get(0).get("tips").asLong()).isEqualTo(3);

    Result text = run("stats", "--jdbc-url", db.jdbcUrl());
    assertThat(text.out)
        .contains("tip-off reports: 3", "tips (one per reported site): 4")
        .containsPattern("(?m)^  RECEIVED +4$")
        .containsPattern("(?m)^  example\\.cn +3  no lead$");
  }

  private static TipStore store(Database as) {
    return new TipStore(as.dataSource(), Clock.systemUTC(), new Receipts(), Duration.ofDays(180));
  }

  private static NewReport report(TipChannel channel, String... urls) {
    ReportedUrls.Result checked = ReportedUrls.check(List.of(urls), false);
    assertThat(checked.problems()).isEmpty();
    return new NewReport(
        checked.urls(),
        channel,
        TipCategory.PAID_CONTENT,
        "a members' area sold by the month",
        Optional.empty(),
        channel == TipChannel.WEB ? Optional.of("0123456789abcdef") : Optional.empty(),
        channel == TipChannel.HOTLINE ? Optional.of("hotline-li") : Optional.empty());
  }

  private JsonNode json() throws Exception {
    Result r = run("stats", "--json", "--jdbc-url", db.jdbcUrl());
    assertThat(r.code).as(r.err).isZero();
    return Json.mapper().readTree(r.out);
  }

  private record Result(int code, String out, String err) {}

  /** Runs the command line as the analyst role. */
  private static Result run(String... given) {
    String[] args =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(given),
                java.util.stream.Stream.of(
                    "--set", "db.username=" + DatabaseRoles.DEFAULTS.analyst()))
            .toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
