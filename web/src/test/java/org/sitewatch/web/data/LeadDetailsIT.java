package org.sitewatch.web.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.Verdicts;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.LeadDetail.Source;
import org.sitewatch.web.data.LeadDetail.TimelineEntry;
import org.sitewatch.web.testing.Workbench;

class LeadDetailsIT {
  static Workbench workbench;
  static LeadDetails details;
  static LeadWorkflow workflow;

  static final Viewer BEIJING_ANALYST =
      new Viewer(1, "ana", Role.ANALYST, Set.of(Workbench.BEIJING));
  static final Viewer AUDITOR = new Viewer(2, "audrey", Role.AUDITOR, Set.of());

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    details = new LeadDetails(workbench.databases().analyst(), Clock.systemUTC());
    workflow = new LeadWorkflow(workbench.databases().analyst(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void anotherBureausLeadReadsAsMissing() {
    Lead shanghai = workbench.lead("other-bureau.test", 0.9, Workbench.SHANGHAI);
    assertThat(details.find(BEIJING_ANALYST, shanghai.id())).isEmpty();
    assertThat(details.visibleStatus(BEIJING_ANALYST, shanghai.id())).isEmpty();
    assertThat(details.find(BEIJING_ANALYST, 987_654_321L)).isEmpty();
  }

  @Test
  void aLeadRoutedToTwoBureausIsSeenByBoth() {
    Lead both = workbench.lead("two-bureaus.test", 0.9, Workbench.SHANGHAI, Workbench.BEIJING);
    assertThat(details.find(BEIJING_ANALYST, both.id())).isPresent();
  }

  @Test
  void anAuditorSeesTheLeadsOfEveryBureau() {
    Lead shanghai = workbench.lead("audited.test", 0.9, Workbench.SHANGHAI);
    LeadDetail d = details.find(AUDITOR, shanghai.id()).orElseThrow();
    assertThat(d.leadCase().lead().site()).isEqualTo("audited.test");
    assertThat(d.jurisdiction().routes())
        .extracting(LeadDetail.BureauRoute::regionCode)
        .containsExactly(Workbench.SHANGHAI);
  }

  @Test
  void theTimelineMergesVerdictsActionsAndCustodyNewestFirst() {
    Lead lead = workbench.lead(Verdicts.flagged("timeline.test", 1, 0.8), Workbench.BEIJING);
    workbench.lead(Verdicts.flagged("timeline.test", 2, 0.85), Workbench.BEIJING);
    workflow.perform(
        lead.id(),
        LeadAction.TRIAGE,
        ActionRequest.by("ana").withNote("looks like a shop").expecting(LeadStatus.NEW));
    new CustodyLog(workbench.databases().analyst(), Clock.systemUTC())
        .append(lead.id(), "ana", CustodyAction.EXPORTED, Map.of("files", 5));

    LeadDetail d = details.find(BEIJING_ANALYST, lead.id()).orElseThrow();
    List<TimelineEntry> t = d.timeline();

    assertThat(t)
        .extracting(TimelineEntry::source)
        .contains(Source.VERDICT, Source.ACTION, Source.CUSTODY);
    assertThat(t)
        .extracting(TimelineEntry::at)
        .isSortedAccordingTo(Comparator.<Instant>reverseOrder());
    assertThat(t.get(0).source()).isEqualTo(Source.CUSTODY);
    assertThat(t.get(0).kind()).isEqualTo("EXPORTED");
    TimelineEntry triage =
        t.stream().filter(e -> e.source() == Source.ACTION).findFirst().orElseThrow();
    assertThat(triage.kind()).isEqualTo("TRIAGED");
    assertThat(triage.actor()).isEqualTo("ana");
    assertThat(triage.note()).isEqualTo("looks like a shop");
    assertThat(triage.from()).contains(LeadStatus.NEW);
    assertThat(triage.to()).contains(LeadStatus.TRIAGED);
    List<String> verdicts =
        t.stream().filter(e -> e.source() == Source.VERDICT).map(TimelineEntry::kind).toList();
    assertThat(verdicts).containsExactly("UPDATED", "OPENED");
    assertThat(t.indexOf(triage))
        .isLessThan(
            t.indexOf(t.stream().filter(e -> e.source() == Source.VERDICT).findFirst().get()));
    assertThat(d.olderEntries()).isZero();
  }

  @Test
  void theTimelineShowsTheNewestEntriesAndCountsTheRest() throws SQLException {
    Lead lead = workbench.lead("long-history.test", 0.7, Workbench.BEIJING);
    try (Connection c = workbench.databases().admin().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO lead_action (lead_id, site, kind, actor, from_status, to_status, note, at)"
              + " SELECT "
              + lead.id()
              + ", 'long-history.test', 'NOTED', 'ana', 'NEW', 'NEW', 'note ' || n,"
              + " now() + n * interval '1 second' FROM generate_series(1, 600) AS n");
    }
    LeadDetail d = details.find(BEIJING_ANALYST, lead.id()).orElseThrow();
    assertThat(d.timeline()).hasSize(LeadDetails.TIMELINE_SHOWN);
    assertThat(d.timeline().get(0).note()).isEqualTo("note 600");
    // 600 notes, the opening verdict and its custody entry
    assertThat(d.olderEntries()).isEqualTo(600 + 2 - LeadDetails.TIMELINE_SHOWN);
  }

  @Test
  void recrawlChecksAreShownNewestFirstWithTheirSummary() throws SQLException {
    Lead lead = workbench.lead("rechecked.test", 0.8, Workbench.BEIJING);
    try (Connection c = workbench.databases().admin().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO lead_check (lead_id, site, checked_at, state, reason, recorded_at) VALUES ("
              + lead.id()
              + ", 'rechecked.test', now() - interval '2 days', 'ONLINE', 'HTTP 200', now()), ("
              + lead.id()
              + ", 'rechecked.test', now() - interval '1 day', 'GONE', 'HTTP 404', now())");
      s.executeUpdate(
          "UPDATE lead SET last_check_state = 'GONE', last_check_at = now() - interval '1 day',"
              + " gone_since = now() - interval '1 day' WHERE id = "
              + lead.id());
    }
    LeadDetail d = details.find(BEIJING_ANALYST, lead.id()).orElseThrow();
    assertThat(d.checks())
        .extracting(c -> c.state().name() + " " + c.reason())
        .containsExactly("GONE HTTP 404", "ONLINE HTTP 200");
    assertThat(d.checkSummary().orElseThrow().lastState())
        .contains(org.sitewatch.sink.recrawl.CheckState.GONE);
    assertThat(d.checkSummary().get().goneSince()).isPresent();
  }

  @Test
  void operationMembersAndRepeatLinksOfOtherBureausAreCountedNotShown() throws SQLException {
    Lead own = workbench.lead("network-own.test", 0.8, Workbench.BEIJING);
    Lead theirs = workbench.lead("network-theirs.test", 0.8, Workbench.SHANGHAI);
    long first = Math.min(own.id(), theirs.id());
    try (Connection c = workbench.databases().admin().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO lead_operation (lead_id, operation_id, computed_at) VALUES ("
              + own.id()
              + ", "
              + first
              + ", now()), ("
              + theirs.id()
              + ", "
              + first
              + ", now())");
      s.executeUpdate(
          "INSERT INTO lead_link (lead_id, related_lead_id, identifier_type, identifier_value,"
              + " found_at) VALUES ("
              + own.id()
              + ", "
              + theirs.id()
              + ", 'qq', '12345678', now())");
    }
    LeadDetail mine = details.find(BEIJING_ANALYST, own.id()).orElseThrow();
    assertThat(mine.operation().orElseThrow().size()).isEqualTo(2);
    assertThat(mine.operation().get().members())
        .extracting(LeadDetail.Member::site)
        .containsExactly("network-own.test");
    assertThat(mine.operation().get().hiddenMembers()).isEqualTo(1);
    assertThat(mine.repeatLinks()).isEmpty();
    assertThat(mine.hiddenRepeatLinks()).isEqualTo(1);
    assertThat(mine.leadCase().repeatOf()).isEmpty();

    LeadDetail audited = details.find(AUDITOR, own.id()).orElseThrow();
    assertThat(audited.operation().orElseThrow().members()).hasSize(2);
    assertThat(audited.repeatLinks())
        .extracting(l -> l.relatedSite())
        .containsExactly("network-theirs.test");
    assertThat(audited.leadCase().repeatOf()).containsExactly("network-theirs.test");
  }
}
