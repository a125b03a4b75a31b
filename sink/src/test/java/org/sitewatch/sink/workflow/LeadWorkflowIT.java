package org.sitewatch.sink.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.Verdicts;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.Severity;
import org.sitewatch.sink.stats.CampaignStats;
import org.sitewatch.sink.stats.LeadStats;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.workflow.ActionRefusedException.Refusal;

class LeadWorkflowIT {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  private static TestDatabase postgres;

  private DataSource dataSource;
  private MutableClock clock;
  private LeadStore store;
  private LeadWorkflow workflow;

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
    workflow = new LeadWorkflow(dataSource, clock);
  }

  @Test
  void analystsMoveALeadThroughItsLifecycleAndEveryStepIsInTheHistory() {
    long id = open("vip-videos.example", 1, explicit(1.8));

    clock.advance(Duration.ofMinutes(5));
    workflow.perform(id, LeadAction.ASSIGN, ActionRequest.by("li").withAssignee("wang"));
    workflow.perform(id, LeadAction.TRIAGE, ActionRequest.by("wang").withNote("membership page"));
    clock.advance(Duration.ofMinutes(30));
    workflow.perform(id, LeadAction.CONFIRM, ActionRequest.by("wang"));
    workflow.perform(id, LeadAction.REFER, ActionRequest.by("wang").withNote("to both bureaus"));
    LeadCase closed = workflow.perform(id, LeadAction.CLOSE, ActionRequest.by("zhao"));

    assertThat(closed.lead().status()).isEqualTo(LeadStatus.CLOSED);
    assertThat(closed.assignee()).contains("wang");
    assertThat(workflow.history(id))
        .extracting(HistoryEntry::kind, HistoryEntry::actor, HistoryEntry::from, HistoryEntry::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                HistoryEntry.Kind.ASSIGNED, "li", LeadStatus.NEW, LeadStatus.NEW),
            org.assertj.core.groups.Tuple.tuple(
                HistoryEntry.Kind.TRIAGED, "wang", LeadStatus.NEW, LeadStatus.TRIAGED),
            org.assertj.core.groups.Tuple.tuple(
                HistoryEntry.Kind.CONFIRMED, "wang", LeadStatus.TRIAGED, LeadStatus.CONFIRMED),
            org.assertj.core.groups.Tuple.tuple(
                HistoryEntry.Kind.REFERRED, "wang", LeadStatus.CONFIRMED, LeadStatus.REFERRED),
            org.assertj.core.groups.Tuple.tuple(
                HistoryEntry.Kind.CLOSED, "zhao", LeadStatus.REFERRED, LeadStatus.CLOSED));
    List<HistoryEntry> history = workflow.history(id);
    assertThat(history.get(0).assignee()).contains("wang");
    assertThat(history.get(1).note()).isEqualTo("membership page");
    assertThat(history.get(1).at()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(history.get(2).at()).isEqualTo(T0.plus(Duration.ofMinutes(35)));
  }

  @Test
  void everyReviewActionIsAppendedToTheCustodyLogInTheSameTransaction() {
    long id = open("vip-videos.example", 1, explicit(1.8));
    workflow.perform(id, LeadAction.TRIAGE, ActionRequest.by("wang").withNote("membership page"));
    assertThatThrownBy(() -> workflow.perform(id, LeadAction.REFER, ActionRequest.by("wang")))
        .isInstanceOf(ActionRefusedException.class);

    var custody = new org.sitewatch.sink.evidence.custody.CustodyLog(dataSource, clock);
    var entries = custody.entries(id);
    assertThat(entries).extracting(e -> e.action()).containsExactly("LEAD_OPENED", "REVIEWED");
    var reviewed = entries.get(1);
    assertThat(reviewed.actor()).isEqualTo("wang");
    assertThat(reviewed.details())
        .contains("\"action\":\"TRIAGE\"")
        .contains("\"to\":\"TRIAGED\"")
        .contains("\"note\":\"membership page\"");
    assertThat(custody.verify(id).problems()).isEmpty();
  }

  @Test
  void forbiddenTransitionIsRefusedAndWritesNothing() {
    long id = open("vip-videos.example", 1, explicit(1.8));

    assertThatThrownBy(() -> workflow.perform(id, LeadAction.REFER, ActionRequest.by("wang")))
        .isInstanceOf(ActionRefusedException.class)
        .hasMessageContaining("it is NEW")
        .extracting(e -> ((ActionRefusedException) e).refusal())
        .isEqualTo(Refusal.FORBIDDEN);
    assertThatThrownBy(() -> workflow.perform(id, LeadAction.DISMISS, ActionRequest.by("wang")))
        .extracting(e -> ((ActionRefusedException) e).refusal())
        .isEqualTo(Refusal.INCOMPLETE);
    assertThatThrownBy(() -> workflow.perform(999, LeadAction.TRIAGE, ActionRequest.by("wang")))
        .extracting(e -> ((ActionRefusedException) e).refusal())
        .isEqualTo(Refusal.NOT_FOUND);

    assertThat(workflow.find("vip-videos.example").orElseThrow().lead().status())
        .isEqualTo(LeadStatus.NEW);
    assertThat(workflow.history(id)).isEmpty();
  }

  @Test
  void ofConfirmAndDismissAtOnceExactlyOneWins() throws Exception {
    for (int round = 0; round < 5; round++) {
      long id = open("race-" + round + ".example", 1, explicit(1.8));
      workflow.perform(id, LeadAction.TRIAGE, ActionRequest.by("li"));
      CyclicBarrier start = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Callable<LeadStatus>> both =
            List.of(
                () -> {
                  start.await();
                  return workflow
                      .perform(
                          id,
                          LeadAction.CONFIRM,
                          ActionRequest.by("wang").expecting(LeadStatus.TRIAGED))
                      .lead()
                      .status();
                },
                () -> {
                  start.await();
                  return workflow
                      .perform(
                          id,
                          LeadAction.DISMISS,
                          ActionRequest.by("zhao")
                              .withReason(DismissReason.FALSE_POSITIVE)
                              .expecting(LeadStatus.TRIAGED))
                      .lead()
                      .status();
                });
        List<Future<LeadStatus>> futures = new ArrayList<>();
        for (Callable<LeadStatus> task : both) {
          futures.add(pool.submit(task));
        }
        List<LeadStatus> won = new ArrayList<>();
        List<Refusal> lost = new ArrayList<>();
        for (Future<LeadStatus> f : futures) {
          try {
            won.add(f.get());
          } catch (java.util.concurrent.ExecutionException e) {
            lost.add(((ActionRefusedException) e.getCause()).refusal());
          }
        }

        assertThat(won).hasSize(1);
        assertThat(lost).containsExactly(Refusal.CONFLICT);
        LeadCase lead = workflow.find(Long.toString(id)).orElseThrow();
        assertThat(lead.lead().status()).isEqualTo(won.get(0));
        assertThat(workflow.history(id))
            .hasSize(2)
            .last()
            .extracting(HistoryEntry::to)
            .isEqualTo(won.get(0));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void newEvidenceIsShownAsNewUntilAcknowledged() {
    long id = open("vip-videos.example", 1, explicit(1.8));
    assertThat(workflow.find("vip-videos.example").orElseThrow().hasNewEvidence()).isTrue();

    workflow.perform(id, LeadAction.TRIAGE, ActionRequest.by("wang"));
    assertThat(workflow.find("vip-videos.example").orElseThrow().hasNewEvidence()).isFalse();

    clock.advance(Duration.ofHours(1));
    store.apply(verdict("vip-videos.example", 2, 0.95, List.of(explicit(1.8)), List.of()));
    LeadCase updated = workflow.find("vip-videos.example").orElseThrow();
    assertThat(updated.hasNewEvidence()).isTrue();
    assertThat(updated.lead().updatedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));

    workflow.perform(id, LeadAction.ACK, ActionRequest.by("wang"));
    assertThat(workflow.find("vip-videos.example").orElseThrow().hasNewEvidence()).isFalse();
  }

  @Test
  void dismissedLeadReopensOnANewHeavySignalButNotOnLightOrKnownOnes() {
    long id = open("vip-videos.example", 1, explicit(1.8));
    workflow.perform(
        id, LeadAction.DISMISS, ActionRequest.by("wang").withReason(DismissReason.FALSE_POSITIVE));

    // the same heavy signal again, and a new light one: stays dismissed
    store.apply(
        verdict(
            "vip-videos.example",
            2,
            0.8,
            List.of(
                explicit(1.8),
                new SignalHit("kw.zh.jiqing", "explicit", 0.8, 1, "激情", url("vip-videos.example"))),
            List.of()));
    assertThat(workflow.find("vip-videos.example").orElseThrow().lead().status())
        .isEqualTo(LeadStatus.DISMISSED);

    clock.advance(Duration.ofDays(2));
    SiteVerdict heavier =
        verdict(
            "vip-videos.example",
            3,
            0.95,
            List.of(
                explicit(1.8),
                new SignalHit(
                    "kw.zh.huangpian", "explicit", 1.8, 2, "黄片 在线", url("vip-videos.example"))),
            List.of());
    store.apply(heavier);
    store.apply(heavier); // a replay writes nothing more

    LeadCase reopened = workflow.find("vip-videos.example").orElseThrow();
    assertThat(reopened.lead().status()).isEqualTo(LeadStatus.NEW);
    assertThat(reopened.dismissReason()).isEmpty();
    assertThat(workflow.history(id))
        .hasSize(2)
        .last()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(HistoryEntry.Kind.REOPENED);
              assertThat(e.actor()).isEqualTo("sink");
              assertThat(e.from()).isEqualTo(LeadStatus.DISMISSED);
              assertThat(e.signalIds()).containsExactly("kw.zh.huangpian");
              assertThat(e.at()).isEqualTo(T0.plus(Duration.ofDays(2)));
            });
  }

  @Test
  void aKnownSiteListMatchOrADiscountedSignalDoesNotReopenADismissedLead() {
    long id = open("vip-videos.example", 1, explicit(1.8));
    workflow.perform(
        id, LeadAction.DISMISS, ActionRequest.by("wang").withReason(DismissReason.FALSE_POSITIVE));

    // a list naming the site was imported: the list signal weighs 2.0 but is no new page evidence
    clock.advance(Duration.ofDays(2));
    store.apply(
        verdict(
            "vip-videos.example",
            2,
            0.95,
            List.of(
                explicit(1.8),
                new SignalHit(
                    "url.list:police-2026", "known-site", 2.0, 1, "", url("vip-videos.example")),
                new SignalHit("kw.zh.free", "discounted", 1.6, 1, "", url("vip-videos.example"))),
            List.of()));

    assertThat(workflow.find("vip-videos.example").orElseThrow().lead().status())
        .isEqualTo(LeadStatus.DISMISSED);
    assertThat(workflow.history(id)).hasSize(1);
  }

  @Test
  void minorsAndEducationHostRaisePriorityAndTheQueueIsInPriorityOrder() {
    open("plain.example", 1, explicit(1.8));
    open("videos.school-a.edu.cn", 1, explicit(1.8));
    open(
        "minors.example",
        1,
        new SignalHit("kw.zh.luoli", "minors", 2.0, 1, "snippet", url("minors.example")));

    List<LeadCase> queue = workflow.queue(Optional.empty());

    assertThat(queue)
        .extracting(c -> c.lead().site())
        .containsExactly("minors.example", "videos.school-a.edu.cn", "plain.example");
    assertThat(queue.get(0).priority().flags()).containsExactly(PriorityFlag.MINORS);
    assertThat(queue.get(0).priority().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(queue.get(1).priority().flags()).containsExactly(PriorityFlag.EDUCATION_NETWORK);
    assertThat(queue.get(2).priority().flags()).isEmpty();
    assertThat(store.findAll())
        .extracting(Lead::site)
        .containsExactly("minors.example", "videos.school-a.edu.cn", "plain.example");
  }

  @Test
  void sharingAStrongIdentifierWithAConfirmedLeadMakesARepeatOffender() {
    Identifier qq =
        new Identifier("qq", "12345678", "客服QQ 12345678", url("first.example"), Map.of());
    Identifier cdn = new Identifier("server-ip", "203.0.113.7", "", url("first.example"), Map.of());
    long first =
        id(
            store.apply(verdict("first.example", 1, 0.9, List.of(explicit(1.8)), List.of(qq, cdn))),
            "first.example");
    store.apply(verdict("second.example", 1, 0.9, List.of(explicit(1.8)), List.of(qq)));
    store.apply(verdict("third.example", 1, 0.9, List.of(explicit(1.8)), List.of(cdn)));
    assertThat(workflow.find("second.example").orElseThrow().priority().flags()).isEmpty();

    // confirming the first lead makes the second one (same QQ) a repeat offender at once
    workflow.perform(first, LeadAction.TRIAGE, ActionRequest.by("wang"));
    workflow.perform(first, LeadAction.CONFIRM, ActionRequest.by("wang"));

    LeadCase second = workflow.find("second.example").orElseThrow();
    assertThat(second.priority().flags()).containsExactly(PriorityFlag.REPEAT_OFFENDER);
    assertThat(second.priority().severity()).isIn(Severity.HIGH, Severity.CRITICAL);
    assertThat(second.repeatOf()).containsExactly("first.example");
    assertThat(workflow.find("third.example").orElseThrow().priority().flags())
        .as("a shared server address is not a strong identifier")
        .isEmpty();
    assertThat(workflow.find("first.example").orElseThrow().priority().flags())
        .as("the second lead is not confirmed")
        .isEmpty();

    // a new site with the same QQ is flagged as it opens
    store.apply(verdict("fourth.example", 1, 0.9, List.of(explicit(1.8)), List.of(qq)));
    assertThat(workflow.find("fourth.example").orElseThrow().repeatOf())
        .containsExactly("first.example");
  }

  @Test
  void historyIsAppendOnly() throws Exception {
    long id = open("vip-videos.example", 1, explicit(1.8));
    workflow.perform(id, LeadAction.NOTE, ActionRequest.by("wang").withNote("looked at it"));

    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE lead_action SET actor = 'someone'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM lead_action"))
          .hasMessageContaining("append-only");
    }
    assertThat(workflow.history(id)).extracting(HistoryEntry::actor).containsExactly("wang");
  }

  @Test
  void statsCountLeadsAndTimeToConfirmation() {
    long a = open("a.example", 1, explicit(1.8));
    long b = open("b.example", 1, explicit(1.8));
    long c =
        open(
            "c.example",
            1,
            new SignalHit("kw.zh.luoli", "minors", 2.0, 1, "snippet", url("c.example")));
    open("d.example", 1, explicit(1.8));
    clock.advance(Duration.ofHours(1));
    confirm(a);
    clock.advance(Duration.ofHours(2));
    confirm(c);
    workflow.perform(
        b, LeadAction.DISMISS, ActionRequest.by("li").withReason(DismissReason.OUT_OF_SCOPE));
    workflow.perform(b, LeadAction.REOPEN, ActionRequest.by("li").withNote("new owner"));

    CampaignStats stats = new LeadStats(dataSource).compute();

    assertThat(stats.leads()).isEqualTo(4);
    assertThat(stats.byStatus())
        .containsEntry("NEW", 2L)
        .containsEntry("CONFIRMED", 2L)
        .containsEntry("DISMISSED", 0L);
    assertThat(stats.byConduct()).containsEntry("for-profit", 4L);
    assertThat(stats.byFlag()).containsEntry("minors", 1L).containsEntry("repeat-offender", 0L);
    assertThat(stats.bySeverity()).containsEntry("CRITICAL", 1L);
    assertThat(stats.confirmed()).isEqualTo(2);
    assertThat(stats.toConfirmationMedian()).contains(Duration.ofHours(2));
    assertThat(stats.toConfirmationP90()).contains(Duration.ofMinutes(168));
    assertThat(stats.reopenedLeads()).isEqualTo(1);
    assertThat(stats.reopenings()).isEqualTo(1);
    assertThat(stats.toJson()).contains("\"medianSeconds\":7200", "\"reopenedLeads\":1");
    assertThat(stats.toText()).contains("median 2h 0m, p90 2h 48m (2 confirmed)");
  }

  private void confirm(long id) {
    workflow.perform(id, LeadAction.TRIAGE, ActionRequest.by("wang"));
    workflow.perform(id, LeadAction.CONFIRM, ActionRequest.by("wang"));
  }

  private long open(String site, long revision, SignalHit signal) {
    store.apply(verdict(site, revision, 0.9, List.of(signal), List.of()));
    return workflow.find(site).orElseThrow().lead().id();
  }

  private long id(ApplyResult result, String site) {
    assertThat(result).isEqualTo(ApplyResult.OPENED);
    return workflow.find(site).orElseThrow().lead().id();
  }

  private static SignalHit explicit(double weight) {
    return new SignalHit("kw.zh.seqing", "explicit", weight, 3, "免费在线 色情 视频", "");
  }

  private static String url(String site) {
    return "https://" + site + "/vip";
  }

  private static SiteVerdict verdict(
      String site,
      long revision,
      double score,
      List<SignalHit> signals,
      List<Identifier> identifiers) {
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        revision,
        true,
        score,
        3,
        signals.stream().map(SignalHit::category).distinct().toList(),
        signals,
        List.of(new PageRef(url(site), score, "ab".repeat(32), Verdicts.DECIDED)),
        "lex-1",
        Verdicts.DECIDED.plusSeconds(revision),
        List.of("for-profit"),
        identifiers,
        List.of());
  }
}
