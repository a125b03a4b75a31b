package org.sitewatch.sink.recrawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sitewatch.sink.Verdicts.flagged;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Outcome;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.LeadStore;

/** Scheduling and recording of recrawl checks against a real PostgreSQL. */
public class LeadChecksIT {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration DAY = Duration.ofHours(24);
  private static final String PAGE_SHA = "ab".repeat(32); // the Verdicts fixture's page hash
  private static final String OTHER_SHA = "cd".repeat(32);

  private static TestDatabase postgres;
  private DataSource dataSource;
  private MutableClock clock;
  private LeadStore store;
  private LeadChecks checks;

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
    checks = new LeadChecks(dataSource, clock);
  }

  @Test
  void twoRecrawlersSchedulingAtOnceClaimEachDueLeadOnce() throws Exception {
    List<String> sites = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      sites.add("vip-videos-" + i + ".example");
      store.apply(flagged(sites.get(i), 1, 0.8));
    }
    clock.advance(DAY.plusMinutes(1));
    List<CrawlRequest> published = Collections.synchronizedList(new ArrayList<>());
    RecrawlSettings settings = new RecrawlSettings(DAY, Duration.ofMinutes(10));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Recrawler one =
            new Recrawler(
                settings,
                dataSource,
                clock,
                batch -> {
                  published.addAll(batch);
                });
        Recrawler two =
            new Recrawler(
                settings,
                dataSource,
                clock,
                batch -> {
                  published.addAll(batch);
                })) {
      Future<Integer> a = pool.submit(one::runOnce);
      Future<Integer> b = pool.submit(two::runOnce);
      assertThat(a.get() + b.get()).isEqualTo(30);
      // nothing is due any more, for either of them
      assertThat(one.runOnce() + two.runOnce()).isZero();
    } finally {
      pool.shutdownNow();
    }
    assertThat(published).extracting(CrawlRequest::site).containsExactlyInAnyOrderElementsOf(sites);
    assertThat(published)
        .allSatisfy(
            r -> {
              assertThat(r.source()).isEqualTo(CrawlRequest.Source.RECRAWL);
              assertThat(r.priority()).isEqualTo(LeadChecks.RECRAWL_PRIORITY);
              assertThat(r.url()).isEqualTo("https://" + r.site() + "/vip"); // the lead's best page
            });
  }

  @Test
  void schedulesOpenLeadsOneIntervalApartAndNeverClosedOrDismissedOnes() {
    store.apply(flagged("open.example", 1, 0.8));
    long closed = openAndGet("closed.example");
    long dismissed = openAndGet("dismissed.example");
    setStatus(closed, "CLOSED", null);
    setStatus(dismissed, "DISMISSED", "FALSE_POSITIVE");
    List<CrawlRequest> published = new ArrayList<>();

    assertThat(checks.claimDue(DAY, 100, published::addAll)).isEmpty(); // opened just now
    clock.advance(DAY);
    assertThat(checks.claimDue(DAY, 100, published::addAll))
        .extracting(CrawlRequest::site)
        .containsExactly("open.example");
    clock.advance(DAY.minusMinutes(1));
    assertThat(checks.claimDue(DAY, 100, published::addAll)).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(checks.claimDue(DAY, 100, published::addAll)).hasSize(1);
    assertThat(checks.scheduleNow(Optional.of("open.example"))).isEqualTo(1);
    assertThat(checks.scheduleNow(Optional.of("closed.example"))).isZero();
    assertThat(checks.claimDue(DAY, 100, published::addAll)).hasSize(1);
    assertThat(published).hasSize(3);
  }

  @Test
  void aFailedPublishLeavesTheLeadDue() {
    store.apply(flagged("vip.example", 1, 0.8));
    clock.advance(DAY);
    assertThatThrownBy(
            () ->
                checks.claimDue(
                    DAY,
                    100,
                    batch -> {
                      throw new IllegalStateException("broker unavailable");
                    }))
        .hasMessageContaining("broker unavailable");
    assertThat(checks.claimDue(DAY, 100, batch -> {})).hasSize(1);
  }

  @Test
  void recordsOnlineChangedAndGoneAndKeepsTheTimeTheSiteWentAway() {
    long lead = openAndGet("vip.example");
    Instant t1 = clock.advance(DAY);
    assertThat(checks.record(online("vip.example", t1, PAGE_SHA)).orElseThrow().state())
        .isEqualTo(CheckState.ONLINE);
    Instant t2 = t1.plus(DAY);
    assertThat(checks.record(online("vip.example", t2, OTHER_SHA)).orElseThrow().state())
        .isEqualTo(CheckState.CHANGED);
    Instant t3 = t2.plus(DAY);
    LeadCheck notFound = checks.record(failed("vip.example", t3, "404", "HTTP 404")).orElseThrow();
    assertThat(notFound.state()).isEqualTo(CheckState.GONE);
    assertThat(notFound.reason()).isEqualTo("HTTP 404");
    assertThat(notFound.httpStatus()).hasValue(404);
    assertThat(checks.summary(lead).orElseThrow().goneSince()).contains(t3);

    Instant t4 = t3.plus(DAY);
    checks.record(failed("vip.example", t4, null, "DNS lookup failed for vip.example: gone"));
    LeadChecks.Summary stillGone = checks.summary(lead).orElseThrow();
    assertThat(stillGone.goneSince()).contains(t3); // the first GONE check after online
    assertThat(stillGone.lastCheckAt()).contains(t4);
    assertThat(checks.goneLeads()).containsExactly(lead);

    Instant t5 = t4.plus(DAY);
    assertThat(checks.record(online("vip.example", t5, OTHER_SHA)).orElseThrow().state())
        .isEqualTo(CheckState.ONLINE); // same as the last page seen (t2)
    LeadChecks.Summary back = checks.summary(lead).orElseThrow();
    assertThat(back.goneSince()).isEmpty();
    assertThat(back.lastState()).contains(CheckState.ONLINE);
    assertThat(checks.goneLeads()).isEmpty();

    assertThat(checks.checks(lead, 10))
        .extracting(LeadCheck::checkedAt, LeadCheck::state, LeadCheck::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(t5, CheckState.ONLINE, "HTTP 200"),
            org.assertj.core.groups.Tuple.tuple(t4, CheckState.GONE, "DNS lookup failed"),
            org.assertj.core.groups.Tuple.tuple(t3, CheckState.GONE, "HTTP 404"),
            org.assertj.core.groups.Tuple.tuple(t2, CheckState.CHANGED, "HTTP 200"),
            org.assertj.core.groups.Tuple.tuple(t1, CheckState.ONLINE, "HTTP 200"));
    assertThat(checks.checks(lead, 2)).hasSize(2);
  }

  @Test
  void replayedOutcomesAndOldCopiesChangeNothing() throws Exception {
    long lead = openAndGet("vip.example");
    Instant t1 = clock.advance(DAY);
    Instant t2 = t1.plus(DAY);
    Outcome gone = failed("vip.example", t2, "410", "HTTP 410 Gone");
    assertThat(checks.record(online("vip.example", t1, PAGE_SHA))).isPresent();
    assertThat(checks.record(gone)).isPresent();

    assertThat(checks.record(gone)).isEmpty();
    assertThat(checks.record(online("vip.example", t1, PAGE_SHA))).isEmpty();
    List<LeadChecks.Recorded> batch = checks.recordAll(List.of(gone, gone));
    assertThat(batch).allSatisfy(r -> assertThat(r.check()).isEmpty());

    assertThat(checks.checks(lead, 10)).hasSize(2);
    assertThat(checks.summary(lead).orElseThrow().goneSince()).contains(t2);
    assertThat(checks.summary(lead).orElseThrow().lastCheckAt()).contains(t2);
  }

  @Test
  void ignoresOutcomesOfSitesWithoutALeadAndOfOtherRequests() {
    assertThat(checks.record(online("no-lead.example", T0, PAGE_SHA))).isEmpty();
    long lead = openAndGet("vip.example");
    Outcome seedCrawl =
        new Outcome(
            Outcome.VERSION,
            "vip.example",
            null,
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            "",
            T0,
            Map.of("source", "SEED", "seedStatus", "404"));
    assertThat(checks.record(seedCrawl)).isEmpty();
    assertThat(checks.checks(lead, 10)).isEmpty();
  }

  @Test
  void checkHistoryIsAppendOnly() throws Exception {
    openAndGet("vip.example");
    checks.record(online("vip.example", clock.advance(DAY), PAGE_SHA));
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE lead_check SET state = 'GONE'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM lead_check"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
  }

  private long openAndGet(String site) {
    store.apply(flagged(site, 1, 0.8));
    return store.findBySite(site).orElseThrow().id();
  }

  private void setStatus(long id, String status, String reason) {
    try (Connection c = dataSource.getConnection();
        var ps =
            c.prepareStatement("UPDATE lead SET status = ?, dismiss_reason = ? WHERE id = ?")) {
      ps.setString(1, status);
      ps.setString(2, reason);
      ps.setLong(3, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Outcome online(String site, Instant at, String sha) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("result", "ok");
    d.put("pages", "3");
    d.put("source", "RECRAWL");
    d.put("seedStatus", "200");
    d.put("seedSha256", sha);
    d.put("seedUrl", "https://" + site + "/vip");
    return new Outcome(
        Outcome.VERSION,
        site,
        "https://" + site + "/vip",
        Outcome.Stage.CRAWLER,
        Outcome.Kind.SITE_CRAWLED,
        "crawled 3 page(s), 0 failure(s)",
        at,
        d);
  }

  @Test
  void twoSiteCrawledOutcomesWithTheSameCrawlIdRecordOneCheck() {
    store.apply(flagged("vip-videos.example", 1, 0.8));
    long lead = store.findBySite("vip-videos.example").orElseThrow().id();
    // no claim on record (the fallback key is empty): only the crawler's crawlId tells them apart
    Outcome first =
        withCrawlId(
            failed("vip-videos.example", T0.plusSeconds(60), "404", "HTTP 404"),
            "sitewatch.crawl-requests:2:117");
    Outcome again =
        withCrawlId(
            failed("vip-videos.example", T0.plusSeconds(900), "404", "HTTP 404"),
            "sitewatch.crawl-requests:2:117");
    Outcome next =
        withCrawlId(
            failed("vip-videos.example", T0.plusSeconds(2000), "404", "HTTP 404"),
            "sitewatch.crawl-requests:2:240");

    assertThat(checks.record(first)).isPresent();
    assertThat(checks.record(again)).isEmpty();
    assertThat(checks.record(next)).isPresent();
    assertThat(checks.checks(lead, 10))
        .extracting(LeadCheck::checkedAt)
        .containsExactly(T0.plusSeconds(2000), T0.plusSeconds(60));
  }

  @Test
  void aCheckAnsweredAfterALaterClaimIsStillRecordedBesideTheLaterOne() {
    store.apply(flagged("vip-videos.example", 1, 0.8));
    long lead = store.findBySite("vip-videos.example").orElseThrow().id();
    clock.advance(DAY.plusMinutes(1));
    assertThat(checks.claimDue(DAY, 100, batch -> {})).hasSize(1); // the scheduler's request R1
    clock.advance(Duration.ofMinutes(5));
    assertThat(checks.scheduleNow(Optional.of("vip-videos.example"))).isEqualTo(1);
    assertThat(checks.claimDue(DAY, 100, batch -> {})).hasSize(1); // recrawl now: R2, a later claim
    clock.advance(Duration.ofMinutes(5));
    // R1's answer arrives after R2 was claimed, then R2's: two requests, two checks
    Outcome first =
        withCrawlId(
            failed("vip-videos.example", clock.instant(), "404", "HTTP 404"),
            "sitewatch.crawl-requests:0:5:1000");
    Outcome second =
        withCrawlId(
            failed("vip-videos.example", clock.instant().plusSeconds(30), "404", "HTTP 404"),
            "sitewatch.crawl-requests:0:6:2000");

    assertThat(checks.record(first)).isPresent();
    assertThat(checks.record(second)).isPresent();
    assertThat(checks.checks(lead, 10)).hasSize(2);
  }

  private static Outcome withCrawlId(Outcome o, String crawlId) {
    Map<String, String> d = new LinkedHashMap<>(o.details());
    d.put(Outcome.CRAWL_ID, crawlId);
    return new Outcome(o.v(), o.site(), o.url(), o.stage(), o.kind(), o.reason(), o.at(), d);
  }

  public static Outcome failed(String site, Instant at, String status, String error) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("result", "unreachable");
    d.put("pages", "0");
    d.put("source", "RECRAWL");
    if (status != null) {
      d.put("seedStatus", status);
    }
    d.put("seedError", error);
    return new Outcome(
        Outcome.VERSION,
        site,
        "https://" + site + "/vip",
        Outcome.Stage.CRAWLER,
        Outcome.Kind.SITE_CRAWLED,
        "no page could be fetched (1 failure(s))",
        at,
        d);
  }
}
