package org.sitewatch.sink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sitewatch.sink.Verdicts.flagged;
import static org.sitewatch.sink.Verdicts.unflagged;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.Verdicts;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.lead.LeadStatus;

class LeadStoreIT {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private static TestDatabase postgres;

  private DataSource dataSource;
  private MutableClock clock;
  private LeadStore store;
  private final List<Socket> reserved = new ArrayList<>();

  @BeforeAll
  static void startPostgres() {
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void freshDatabase() {
    dataSource = postgres.migratedDatabase();
    clock = new MutableClock(T0);
    store = new LeadStore(dataSource, clock);
  }

  @Test
  void firstFlaggedVerdictOpensLeadWithItsEvidence() {
    SiteVerdict verdict = flagged("vip-videos.example", 1, 0.82);

    assertThat(store.apply(verdict)).isEqualTo(ApplyResult.OPENED);

    Lead lead = store.findBySite("vip-videos.example").orElseThrow();
    assertThat(lead.status()).isEqualTo(LeadStatus.NEW);
    assertThat(lead.score()).isEqualTo(0.82);
    assertThat(lead.revision()).isEqualTo(1);
    assertThat(lead.categories()).containsExactly("explicit", "profit");
    assertThat(lead.signals()).isEqualTo(verdict.signals());
    assertThat(lead.signals()).extracting(SignalHit::snippet).contains("开通VIP会员 观看全部成人视频 (rev 1)");
    assertThat(lead.pages()).isEqualTo(verdict.pages());
    assertThat(lead.lexiconVersion()).isEqualTo("lex-1");
    assertThat(lead.firstFlaggedAt()).isEqualTo(T0);
    assertThat(lead.updatedAt()).isEqualTo(T0);
    assertThat(store.history("vip-videos.example"))
        .containsExactly(new LeadEvent("vip-videos.example", 1, LeadEvent.Kind.OPENED, 0.82, T0));
  }

  @Test
  void aLeadIsFoundByItsIdAsBySite() {
    store.apply(flagged("vip-videos.example", 1, 0.82));
    Lead bySite = store.findBySite("vip-videos.example").orElseThrow();

    assertThat(store.findById(bySite.id())).contains(bySite);
    assertThat(store.findById(bySite.id() + 1000)).isEmpty();
  }

  @Test
  void pagesKeepTheirWarcReferenceAndSimhash() {
    SiteVerdict v1 = flagged("vip-videos.example", 1, 0.8);
    var warc =
        new org.sitewatch.events.WarcRef(
            "sitewatch-20261121100000000-00001-w1.warc.gz",
            2048,
            700,
            "<urn:uuid:5f0c1d1e-0b7e-4c1a-9a55-3f2b7d1c0e42>",
            "sha256:" + "C".repeat(52),
            "sha256:" + "D".repeat(52));
    var page =
        new org.sitewatch.events.PageRef(
            "http://vip-videos.example/vip", 0.8, "ef".repeat(32), T0, "0123456789abcdef", warc);
    store.apply(
        new SiteVerdict(
            SiteVerdict.VERSION,
            v1.site(),
            1,
            true,
            0.8,
            1,
            v1.categories(),
            v1.signals(),
            List.of(page),
            "lex-1",
            v1.decidedAt(),
            List.of(),
            List.of(),
            List.of()));

    assertThat(store.findBySite("vip-videos.example").orElseThrow().pages()).containsExactly(page);
  }

  @Test
  void conductsIdentifiersAndFindingsOfAVersionTwoVerdictAreKeptAndReplacedByNewerOnes() {
    SiteVerdict v1 = flagged("vip-videos.example", 1, 0.8);
    var icp =
        new org.sitewatch.events.Identifier(
            "icp",
            "粤ICP备12345678号-1",
            "…粤ICP备12345678号-1…",
            "http://vip-videos.example/",
            java.util.Map.of("province", "广东", "consistent", "false"));
    var forged =
        new org.sitewatch.events.Finding(
            "forged-filing", "粤 vs 110105", "…", "http://vip-videos.example/");
    SiteVerdict v2 =
        new SiteVerdict(
            2,
            v1.site(),
            1,
            true,
            0.8,
            1,
            v1.categories(),
            v1.signals(),
            v1.pages(),
            "lex-1",
            v1.decidedAt(),
            java.util.List.of("for-profit"),
            java.util.List.of(icp),
            java.util.List.of(forged));
    store.apply(v2);
    Lead lead = store.findBySite("vip-videos.example").orElseThrow();
    assertThat(lead.conducts()).containsExactly("for-profit");
    assertThat(lead.identifiers()).containsExactly(icp);
    assertThat(lead.findings()).containsExactly(forged);

    store.apply(flagged("vip-videos.example", 2, 0.9));
    Lead updated = store.findBySite("vip-videos.example").orElseThrow();
    assertThat(updated.conducts()).as("a v1 verdict carries none").isEmpty();
    assertThat(updated.identifiers()).isEmpty();
  }

  @Test
  void theReasonsBehindEachConductAreKeptWithTheLeadAndAChangeInThemAloneUpdatesIt() {
    ConductReason price =
        new ConductReason(
            "for-profit", "membership-price", "开通VIP会员 30 元/月", "http://vip-videos.example/vip");
    ConductReason player =
        new ConductReason(
            "showing-audio-video", "video-player", "在线播放 成人视频", "http://vip-videos.example/play");
    SiteVerdict v1 = withReasons(flagged("vip-videos.example", 1, 0.8), List.of(price, player));
    store.apply(v1);
    Lead opened = store.findBySite("vip-videos.example").orElseThrow();
    assertThat(opened.conductReasons()).containsExactly(price, player);
    assertThat(new CustodyLog(dataSource, clock).entries(opened.id()).get(0).details())
        .contains("membership-price", "http://vip-videos.example/play");

    // the same evidence under a newer revision: a replay, the reasons stay, no history
    SiteVerdict replay = withRevision(v1, 2);
    assertThat(store.apply(replay)).isEqualTo(ApplyResult.UNCHANGED);
    // only the reasons differ: that is new evidence
    ConductReason qr =
        new ConductReason(
            "for-profit", "payment-method", "扫码支付 支付宝", "http://vip-videos.example/pay");
    assertThat(store.apply(withReasons(withRevision(v1, 3), List.of(price, player, qr))))
        .isEqualTo(ApplyResult.UPDATED);
    assertThat(store.findBySite("vip-videos.example").orElseThrow().conductReasons())
        .containsExactly(price, player, qr);
    assertThat(store.history("vip-videos.example"))
        .extracting(LeadEvent::revision)
        .containsExactly(1L, 3L);

    // a verdict of a classifier without reasons empties them, as it does the other evidence
    store.apply(flagged("vip-videos.example", 4, 0.9));
    assertThat(store.findBySite("vip-videos.example").orElseThrow().conductReasons()).isEmpty();
  }

  private static SiteVerdict withReasons(SiteVerdict v, List<ConductReason> reasons) {
    return copy(v, v.revision(), reasons);
  }

  private static SiteVerdict withRevision(SiteVerdict v, long revision) {
    return copy(v, revision, v.conductReasons());
  }

  private static SiteVerdict copy(SiteVerdict v, long revision, List<ConductReason> reasons) {
    return SiteVerdict.builder()
        .site(v.site())
        .revision(revision)
        .flagged(v.flagged())
        .score(v.score())
        .pagesScored(v.pagesScored())
        .categories(v.categories())
        .signals(v.signals())
        .pages(v.pages())
        .lexiconVersion(v.lexiconVersion())
        .decidedAt(v.decidedAt().plusSeconds(revision))
        .conducts(List.of("for-profit", "showing-audio-video"))
        .conductReasons(reasons)
        .build();
  }

  @Test
  void higherRevisionUpdatesTheLeadAndKeepsWhenItWasFirstFlagged() {
    store.apply(flagged("vip-videos.example", 1, 0.7));
    Instant later = clock.advance(Duration.ofMinutes(5));

    assertThat(store.apply(flagged("vip-videos.example", 2, 0.9))).isEqualTo(ApplyResult.UPDATED);

    Lead lead = store.findBySite("vip-videos.example").orElseThrow();
    assertThat(lead.revision()).isEqualTo(2);
    assertThat(lead.score()).isEqualTo(0.9);
    assertThat(lead.lexiconVersion()).isEqualTo("lex-2");
    assertThat(lead.signals()).extracting(SignalHit::snippet).contains("开通VIP会员 观看全部成人视频 (rev 2)");
    assertThat(lead.firstFlaggedAt()).isEqualTo(T0);
    assertThat(lead.updatedAt()).isEqualTo(later);
    assertThat(store.history("vip-videos.example"))
        .extracting(LeadEvent::revision, LeadEvent::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, LeadEvent.Kind.OPENED),
            org.assertj.core.groups.Tuple.tuple(2L, LeadEvent.Kind.UPDATED));
  }

  @Test
  void replaysAndOlderRevisionsChangeNothing() {
    store.apply(flagged("vip-videos.example", 1, 0.7));
    store.apply(flagged("vip-videos.example", 3, 0.9));
    Lead before = store.findBySite("vip-videos.example").orElseThrow();
    clock.advance(Duration.ofHours(1));

    assertThat(store.apply(flagged("vip-videos.example", 1, 0.7))).isEqualTo(ApplyResult.UNCHANGED);
    assertThat(store.apply(flagged("vip-videos.example", 3, 0.9))).isEqualTo(ApplyResult.UNCHANGED);
    assertThat(store.apply(flagged("vip-videos.example", 2, 0.8))).isEqualTo(ApplyResult.UNCHANGED);
    assertThat(store.apply(unflagged("vip-videos.example", 2, 0.1)))
        .isEqualTo(ApplyResult.UNCHANGED);

    assertThat(store.findBySite("vip-videos.example")).contains(before);
    assertThat(store.history("vip-videos.example"))
        .extracting(LeadEvent::revision)
        .containsExactly(1L, 3L);
  }

  @Test
  void unflaggedVerdictForSiteWithoutLeadIsIgnored() {
    assertThat(store.apply(unflagged("news-about-the-campaign.example", 1, 0.2)))
        .isEqualTo(ApplyResult.IGNORED);

    assertThat(store.findBySite("news-about-the-campaign.example")).isEmpty();
    assertThat(store.history("news-about-the-campaign.example")).isEmpty();
    assertThat(store.findAll()).isEmpty();
  }

  @Test
  void unflaggedVerdictForSiteWithLeadUpdatesEvidenceButKeepsTheLead() {
    store.apply(flagged("vip-videos.example", 1, 0.8));

    assertThat(store.apply(unflagged("vip-videos.example", 2, 0.3))).isEqualTo(ApplyResult.UPDATED);

    Lead lead = store.findBySite("vip-videos.example").orElseThrow();
    assertThat(lead.status()).isEqualTo(LeadStatus.NEW);
    assertThat(lead.score()).isEqualTo(0.3);
    assertThat(lead.revision()).isEqualTo(2);
    assertThat(store.history("vip-videos.example"))
        .extracting(LeadEvent::kind)
        .containsExactly(LeadEvent.Kind.OPENED, LeadEvent.Kind.UPDATED);
  }

  @Test
  void findAllListsStrongestLeadsFirstThenBySite() {
    store.apply(flagged("b-site.example", 1, 0.7));
    store.apply(flagged("c-site.example", 1, 0.95));
    store.apply(flagged("a-site.example", 1, 0.7));

    assertThat(store.findAll())
        .extracting(Lead::site)
        .containsExactly("c-site.example", "a-site.example", "b-site.example");
  }

  @Test
  void historyCannotBeRewritten() throws SQLException {
    store.apply(flagged("vip-videos.example", 1, 0.8));

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM lead_event"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("UPDATE lead_event SET score = 0"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
    assertThat(store.history("vip-videos.example")).hasSize(1);
  }

  @Test
  void verdictTheDatabaseRejectsFailsAloneAndIsNotTransient() throws SQLException {
    SiteVerdict good = flagged("vip-videos.example", 1, 0.8);
    SiteVerdict bad = flagged("bad\u0000bytes.example", 1, 0.8);

    assertThatThrownBy(() -> store.apply(bad))
        .isInstanceOfSatisfying(
            LeadStoreException.class, e -> assertThat(e.isTransient()).isFalse());

    List<LeadStore.Applied> applied = store.applyAll(List.of(bad, good));
    assertThat(applied.get(0).failure()).isNotNull();
    assertThat(applied.get(1).result()).isEqualTo(ApplyResult.OPENED);
    assertThat(store.findAll()).extracting(Lead::site).containsExactly("vip-videos.example");
  }

  @Test
  void unreachableDatabaseIsReportedAsTransient() throws Exception {
    LeadStore unreachable = new LeadStore(unreachableDataSource(), clock);

    assertThatThrownBy(() -> unreachable.apply(flagged("vip-videos.example", 1, 0.8)))
        .isInstanceOfSatisfying(
            LeadStoreException.class, e -> assertThat(e.isTransient()).isTrue());
  }

  @Test
  void aReadFromAnUnreachableDatabaseIsTransientAndNamesNoStatement() throws Exception {
    LeadStore unreachable = new LeadStore(unreachableDataSource(), clock);

    assertThatThrownBy(() -> unreachable.findBySite("vip-videos.example"))
        .isInstanceOfSatisfying(
            LeadStoreException.class,
            e -> {
              assertThat(e.isTransient()).isTrue();
              assertThat(e.getCause()).isInstanceOf(SQLException.class);
              assertThat(e.getMessage()).startsWith("cannot read the lead of vip-videos.example: ");
            });
  }

  /**
   * Migrating and checking the schema say the same plain words for a database that refuses
   * connections, the start-up line's ("cannot connect to the lead database"), with the driver's
   * reason, which names the host and port; the check does not claim to migrate.
   */
  @Test
  void migrationAndSchemaCheckSayPlainlyThatTheDatabaseCannotBeReached() throws Exception {
    DataSource unreachable = unreachableDataSource();
    int port = ((PGSimpleDataSource) unreachable).getPortNumbers()[0];
    String expected = "cannot connect to the lead database: Connection to 127.0.0.1:" + port;

    assertThatThrownBy(() -> Migrations.migrate(unreachable))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(expected)
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> Migrations.requireCurrent(unreachable))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(expected)
        .hasMessageContaining("refused");
  }

  @Test
  void migratingAgainChangesNothing() {
    store.apply(flagged("vip-videos.example", 1, 0.8));

    Migrations.migrate(dataSource);

    assertThat(store.findAll()).hasSize(1);
  }

  @Test
  void concurrentStoresApplyingTheSameVerdictsNeverDuplicateLeadsOrHistory() throws Exception {
    List<SiteVerdict> verdicts = new ArrayList<>();
    for (int revision = 1; revision <= 4; revision++) {
      for (int i = 0; i < 50; i++) {
        // every 5th site is never flagged; the next one is flagged from revision 2 on
        boolean flagged = i % 5 != 0 && !(i % 5 == 1 && revision == 1);
        verdicts.add(
            Verdicts.verdict("site-" + i + ".example", revision, flagged, 0.5 + revision / 10.0));
      }
    }
    assertThat(verdicts).hasSize(200);

    Map<ApplyResult, Integer> totals = new EnumMap<>(ApplyResult.class);
    try (HikariDataSource pool1 = pool();
        HikariDataSource pool2 = pool()) {
      List<LeadStore> stores = List.of(new LeadStore(pool1, clock), new LeadStore(pool2, clock));
      CyclicBarrier start = new CyclicBarrier(stores.size());
      ExecutorService threads = Executors.newFixedThreadPool(stores.size());
      try {
        List<Future<Map<ApplyResult, Integer>>> runs = new ArrayList<>();
        for (LeadStore s : stores) {
          runs.add(
              threads.submit(
                  () -> {
                    Map<ApplyResult, Integer> counts = new EnumMap<>(ApplyResult.class);
                    start.await();
                    for (SiteVerdict v : verdicts) {
                      counts.merge(s.apply(v), 1, Integer::sum);
                    }
                    return counts;
                  }));
        }
        for (Future<Map<ApplyResult, Integer>> run : runs) {
          run.get().forEach((k, v) -> totals.merge(k, v, Integer::sum));
        }
      } finally {
        threads.shutdownNow();
      }
    }

    int flaggedSites = 40;
    int historyRows = 30 * 4 + 10 * 3; // always-flagged sites: revisions 1-4; late ones: 2-4
    assertThat(totals.getOrDefault(ApplyResult.OPENED, 0)).isEqualTo(flaggedSites);
    assertThat(totals.getOrDefault(ApplyResult.UPDATED, 0)).isEqualTo(historyRows - flaggedSites);
    // the rest are replays; a late site's unflagged revision 1 is IGNORED or, if the other thread
    // has already opened its lead, UNCHANGED
    assertThat(
            totals.getOrDefault(ApplyResult.IGNORED, 0)
                + totals.getOrDefault(ApplyResult.UNCHANGED, 0))
        .isEqualTo(400 - historyRows);
    assertThat(totals.getOrDefault(ApplyResult.IGNORED, 0)).isGreaterThanOrEqualTo(2 * 10 * 4);
    assertThat(store.findAll())
        .hasSize(flaggedSites)
        .allSatisfy(l -> assertThat(l.revision()).isEqualTo(4));
    assertThat(count("SELECT count(*) FROM lead_event")).isEqualTo(historyRows);
    assertThat(count("SELECT count(DISTINCT (site, revision)) FROM lead_event"))
        .isEqualTo(historyRows);
  }

  @Test
  void concurrentStoresApplyingReplaysAndSameEvidenceRevisionsWriteOneHistoryAndCustodyRowEach()
      throws Exception {
    // what an at-least-once classifier and a crawler's handover produce: each verdict twice, and a
    // later revision with the same evidence and an inflated page count; then real news
    List<SiteVerdict> verdicts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      SiteVerdict first = Verdicts.flagged("replayed-" + i + ".example", 1, 0.8);
      SiteVerdict sameEvidence = withPosition(first, 2, 3 * first.pagesScored());
      SiteVerdict news = Verdicts.flagged("replayed-" + i + ".example", 3, 0.9);
      verdicts.addAll(List.of(first, first, sameEvidence, sameEvidence, news, news));
    }

    try (HikariDataSource pool1 = pool();
        HikariDataSource pool2 = pool()) {
      List<LeadStore> stores = List.of(new LeadStore(pool1, clock), new LeadStore(pool2, clock));
      CyclicBarrier start = new CyclicBarrier(stores.size());
      ExecutorService threads = Executors.newFixedThreadPool(stores.size());
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (LeadStore s : stores) {
          runs.add(
              threads.submit(
                  () -> {
                    start.await();
                    for (SiteVerdict v : verdicts) {
                      s.apply(v);
                    }
                    return null;
                  }));
        }
        for (Future<?> run : runs) {
          run.get();
        }
      } finally {
        threads.shutdownNow();
      }
    }

    // per site: opened at revision 1, updated at revision 3; the replays and revision 2 wrote
    // nothing
    assertThat(count("SELECT count(*) FROM lead_event")).isEqualTo(30 * 2);
    assertThat(count("SELECT count(*) FROM lead_event WHERE revision = 2")).isZero();
    assertThat(count("SELECT count(*) FROM custody_entry WHERE action = 'LEAD_OPENED'"))
        .isEqualTo(30);
    assertThat(count("SELECT count(*) FROM custody_entry WHERE action = 'LEAD_UPDATED'"))
        .isEqualTo(30);
    assertThat(store.findAll()).hasSize(30).allSatisfy(l -> assertThat(l.revision()).isEqualTo(3));
    assertThat(count("SELECT max(pages_scored) FROM lead"))
        .isEqualTo(Verdicts.flagged("any.example", 3, 0.9).pagesScored());
  }

  /** {@code v} under another revision and page count, its evidence unchanged. */
  private static SiteVerdict withPosition(SiteVerdict v, long revision, int pagesScored) {
    return new SiteVerdict(
        v.v(),
        v.site(),
        revision,
        v.flagged(),
        v.score(),
        pagesScored,
        v.categories(),
        v.signals(),
        v.pages(),
        v.lexiconVersion(),
        v.decidedAt().plusSeconds(5),
        v.conducts(),
        v.identifiers(),
        v.findings(),
        v.epoch());
  }

  private long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(2);
    return new HikariDataSource(config);
  }

  /**
   * A data source for a loopback port that refuses connections: bound by a socket of this test that
   * does not listen, and kept bound until the test ends, so that no other process (the module's
   * other test JVM starting a server, say) can listen there meanwhile.
   */
  private DataSource unreachableDataSource() throws Exception {
    Socket reservation = new Socket();
    reserved.add(reservation);
    reservation.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {reservation.getLocalPort()});
    ds.setDatabaseName("postgres");
    ds.setUser("postgres");
    ds.setConnectTimeout(2);
    return ds;
  }

  @AfterEach
  void releaseReservedPorts() throws Exception {
    for (Socket s : reserved) {
      s.close();
    }
    reserved.clear();
  }
}
