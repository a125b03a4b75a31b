package org.sitewatch.sink.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.sink.Verdicts.flagged;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStore;

class TipStatsIT {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

  private static TestDatabase postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void noTipsGiveZerosForEveryChannelAndStatus() {
    TipStats stats = new LeadStats(postgres.roleDatabases().sink()).tips();

    assertThat(stats.reports()).isZero();
    assertThat(stats.byChannel()).containsEntry("WEB", 0L).containsEntry("HOTLINE", 0L);
    assertThat(stats.byStatus())
        .containsOnlyKeys("RECEIVED", "REVIEWING", "ACTION_TAKEN", "NOT_ACTIONABLE");
    assertThat(stats.tipToLead().count()).isZero();
    assertThat(stats.tipToLead().median()).isEmpty();
    assertThat(stats.topSites()).isEmpty();
    assertThat(stats.leadShare()).isZero();
  }

  @Test
  void tipFiguresCountReportsTipsLeadsAndTheTimeFromTipToLead() {
    TestDatabase.RoleDatabases db = postgres.roleDatabases();
    MutableClock clock = new MutableClock(T0);
    TipStore web = new TipStore(db.tips(), clock, new Receipts(), Duration.ofDays(30));
    TipStore hotline = new TipStore(db.analyst(), clock, new Receipts(), Duration.ofDays(30));
    LeadStore leads = new LeadStore(db.sink(), clock);

    leads.apply(flagged("delta-films.example", 1, 0.7)); // a lead before any tip
    web.record(report(TipChannel.WEB, "alpha-films.example"));
    clock.advance(Duration.ofMinutes(10));
    hotline.record(report(TipChannel.HOTLINE, "beta-films.example", "gamma-films.example"));
    clock.advance(Duration.ofMinutes(20));
    leads.apply(flagged("alpha-films.example", 1, 0.8)); // 30 minutes after the first tip
    clock.advance(Duration.ofMinutes(30));
    web.record(report(TipChannel.WEB, "alpha-films.example"));
    clock.advance(Duration.ofHours(1));
    web.record(report(TipChannel.WEB, "delta-films.example"));

    TipStats stats = new LeadStats(db.sink()).tips();

    assertThat(stats.reports()).isEqualTo(4);
    assertThat(stats.byChannel()).containsEntry("WEB", 3L).containsEntry("HOTLINE", 1L);
    assertThat(stats.tips()).isEqualTo(5);
    assertThat(stats.byStatus())
        .containsEntry("RECEIVED", 5L)
        .containsEntry("ACTION_TAKEN", 0L)
        .containsEntry("NOT_ACTIONABLE", 0L);
    assertThat(stats.becameLeads()).isEqualTo(3);
    assertThat(stats.leadShare()).isEqualTo(0.6);
    // 30 minutes, and twice zero (the lead was there before the tip)
    assertThat(stats.tipToLead().count()).isEqualTo(3);
    assertThat(stats.tipToLead().median()).contains(Duration.ZERO);
    assertThat(stats.tipToLead().p90()).contains(Duration.ofMinutes(24));
    assertThat(stats.topSites())
        .containsExactly(
            new TipStats.ReportedSite("alpha-films.example", 2, "NEW"),
            new TipStats.ReportedSite("beta-films.example", 1, ""),
            new TipStats.ReportedSite("delta-films.example", 1, "NEW"),
            new TipStats.ReportedSite("gamma-films.example", 1, ""));
  }

  private static NewReport report(TipChannel channel, String... sites) {
    List<ReportedUrls.Url> urls =
        Arrays.stream(sites)
            .map(s -> new ReportedUrls.Url("http://www." + s + "/", s, "www." + s, "www." + s))
            .toList();
    return new NewReport(
        urls,
        channel,
        TipCategory.EXPLICIT,
        "",
        Optional.empty(),
        Optional.empty(),
        channel == TipChannel.HOTLINE ? Optional.of("hotline-zhao") : Optional.empty());
  }
}
