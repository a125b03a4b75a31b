package org.sitewatch.sink.tips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;

class TipStoreIT {
  private static TestDatabase postgres;
  private TestDatabase.RoleDatabases db;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
  private TipStore store;

  @BeforeAll
  static void startPostgres() {
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void newDatabase() {
    db = postgres.roleDatabases();
    store = new TipStore(db.tips(), clock, new Receipts(), Duration.ofDays(180));
  }

  private static NewReport web(String... urls) {
    ReportedUrls.Result checked = ReportedUrls.check(List.of(urls), false);
    assertThat(checked.problems()).isEmpty();
    return new NewReport(
        checked.urls(),
        TipChannel.WEB,
        TipCategory.EXPLICIT,
        "adult videos for money",
        Optional.of("reporter@example.org"),
        Optional.of("0123456789abcdef"),
        Optional.empty());
  }

  @Test
  void theTipsRoleRecordsAReportOneTipPerSiteAndReadsItsStatusByReceipt() {
    TipStore.Recorded r =
        store.record(web("http://www.a.example.cn/x", "a.example.cn/y", "https://b.example.com/"));

    assertThat(r.tips())
        .extracting(TipStore.Tip::site)
        .containsExactly("example.cn", "example.com");
    assertThat(r.tips().get(0).urls())
        .containsExactly("http://www.a.example.cn/x", "http://a.example.cn/y");
    CrawlRequest request = r.tips().get(0).crawlRequest();
    assertThat(request.source()).isEqualTo(CrawlRequest.Source.TIP);
    assertThat(request.priority()).isEqualTo(CrawlRequest.TIP_PRIORITY);

    TipStore.ReportStatus status =
        store.status(r.receipt().toLowerCase().replace("-", " ")).orElseThrow();
    assertThat(status.sites())
        .extracting(TipStore.SiteStatus::status)
        .containsExactly(TipStatus.RECEIVED, TipStatus.RECEIVED);
    assertThat(store.status("0000-0000-0000-0000")).isEmpty();
    assertThat(store.status("not a code")).isEmpty();
  }

  @Test
  void eachFurtherTipOnASiteRaisesItsCrawlPriorityUpToTheMost() {
    int last = 0;
    for (int i = 0; i < 7; i++) {
      last = store.record(web("http://shop.example.cn/")).tips().get(0).priority();
    }
    assertThat(last).isEqualTo(CrawlRequest.MAX_PRIORITY);
  }

  @Test
  void onlyTheReceiptsHashAndTheContactApartAreStored() throws Exception {
    TipStore.Recorded r = store.record(web("http://shop.example.cn/"));
    store.markSent(r.tips().stream().map(TipStore.Tip::id).toList());
    try (Connection c = db.admin().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT r.receipt_hash, t.crawl_sent_at, c.contact FROM tip_report r"
                    + " JOIN tip t ON t.report_id = r.id JOIN tip_contact c ON c.report_id = r.id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).hasSize(64).doesNotContain(r.receipt().replace("-", ""));
      assertThat(rs.getTimestamp(2)).isNotNull();
      assertThat(rs.getString(3)).isEqualTo("reporter@example.org");
    }
  }

  @Test
  void thePublicSideCanFileNeitherAHotlineTipNorAChosenId() throws Exception {
    store.record(web("http://shop.example.cn/"));
    String columns = "INSERT INTO tip_report (receipt_hash, channel, category, received_at";
    List<String> refused =
        List.of(
            // in an analyst's name
            columns
                + ", entered_by) VALUES (repeat('b', 64), 'HOTLINE', 'explicit', now(),"
                + " 'analyst-li')",
            // a hotline tip needs an author (constraint), and the author is not the public's
            columns + ") VALUES (repeat('c', 64), 'HOTLINE', 'explicit', now())",
            // a report id of its choosing
            "INSERT INTO tip_report (id, receipt_hash, channel, category, received_at)"
                + " OVERRIDING SYSTEM VALUE VALUES (999, repeat('d', 64), 'WEB', 'explicit', now())");
    for (String sql : refused) {
      assertThatThrownBy(
              () -> {
                try (Connection c = db.tips().getConnection();
                    Statement s = c.createStatement()) {
                  s.execute(sql);
                }
              })
          .as(sql)
          .isInstanceOf(SQLException.class)
          .hasMessageMatching("(?s).*(permission denied|tip_report_hotline_has_author).*");
    }
    try (Connection c = db.admin().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*), min(channel) FROM tip_report")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
      assertThat(rs.getString(2)).isEqualTo("WEB");
    }
  }
}
