package org.sitewatch.sink.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.Verdicts;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.recrawl.LeadChecks;
import org.sitewatch.sink.recrawl.LeadChecksIT;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;

/** The follow-up campaign figures over a hand-built set of leads, with a clock moved by hand. */
class FollowUpStatsIT {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration H = Duration.ofHours(1);

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
  void computesBureausTimeToLeadTimeToTakedownAndCheckStates() throws Exception {
    DataSource db = postgres.migratedDatabase();
    MutableClock clock = new MutableClock(T0);
    LeadStore store = new LeadStore(db, clock);
    LeadChecks checks = new LeadChecks(db, clock);
    LeadWorkflow workflow = new LeadWorkflow(db, clock);

    // opened at T0; earliest page fetched 1 h, 2 h, 3 h and 10 h before
    long a = open(store, "a.example", T0.minus(H), T0.minus(H.dividedBy(2)));
    long b = open(store, "b.example", T0.minus(H.multipliedBy(2)));
    long c = open(store, "c.example", T0.minus(H.multipliedBy(3)));
    long d = open(store, "d.example", T0.minus(H.multipliedBy(10)));
    route(db, a, "Bureau North");
    route(db, b, "Bureau North");
    route(db, b, "Bureau South");

    Instant confirmed = clock.advance(H);
    for (long id : List.of(a, b, c)) {
      workflow.perform(id, LeadAction.TRIAGE, ActionRequest.by("ana").expecting(LeadStatus.NEW));
      workflow.perform(
          id, LeadAction.CONFIRM, ActionRequest.by("ana").expecting(LeadStatus.TRIAGED));
    }
    checks.record(LeadChecksIT.online("a.example", confirmed.plus(H), "ab".repeat(32)));
    checks.record(
        LeadChecksIT.failed("a.example", confirmed.plus(H.multipliedBy(24)), "404", "HTTP 404"));
    checks.record(
        LeadChecksIT.failed(
            "b.example",
            confirmed.plus(H.multipliedBy(72)),
            null,
            "DNS lookup failed for b.example"));
    checks.record(
        LeadChecksIT.online("c.example", confirmed.plus(H.multipliedBy(24)), "ab".repeat(32)));
    checks.record(
        LeadChecksIT.failed("d.example", confirmed.plus(H.multipliedBy(24)), "503", "HTTP 503"));

    CampaignStats stats = new LeadStats(db).compute();
    FollowUpStats f = stats.followUp();

    assertThat(f.byBureau())
        .containsExactly(Map.entry("Bureau North", 2L), Map.entry("Bureau South", 1L));
    assertThat(f.unrouted()).isEqualTo(2);
    assertThat(f.firstFetchToLead().count()).isEqualTo(4);
    assertThat(f.firstFetchToLead().median()).contains(Duration.ofMinutes(150));
    assertThat(f.firstFetchToLead().p90()).contains(Duration.ofMinutes(474)); // 3 h + 0.7 x 7 h
    assertThat(f.confirmationToTakedown().count()).isEqualTo(2);
    assertThat(f.confirmationToTakedown().median()).contains(H.multipliedBy(48));
    assertThat(f.confirmationToTakedown().p90()).contains(Duration.ofMinutes(4032)); // 67.2 h
    assertThat(f.stillOnline()).isEqualTo(1);
    assertThat(f.goneBeforeConfirmation()).isZero();
    assertThat(f.byCheckState())
        .containsExactly(
            Map.entry("ONLINE", 1L),
            Map.entry("CHANGED", 0L),
            Map.entry("GONE", 3L),
            Map.entry("UNKNOWN", 0L),
            Map.entry("UNCHECKED", 0L));

    JsonNode json = Json.mapper().readTree(stats.toJson());
    assertThat(json.get("leads").asLong()).isEqualTo(4); // the earlier figures are still there
    assertThat(json.get("firstFlagToConfirmation").get("confirmed").asLong()).isEqualTo(3);
    assertThat(json.get("byBureau").get("Bureau North").asLong()).isEqualTo(2);
    assertThat(json.get("firstFetchToLead").get("medianSeconds").asLong()).isEqualTo(9000);
    assertThat(json.get("confirmationToTakedown").get("medianSeconds").asLong())
        .isEqualTo(48 * 3600);
    assertThat(json.get("confirmationToTakedown").get("stillOnline").asLong()).isEqualTo(1);
    assertThat(json.get("byCheckState").get("GONE").asLong()).isEqualTo(3);
    assertThat(stats.toText())
        .contains("by bureau:")
        .contains("(no bureau)")
        .contains("first fetch to lead: median 2h 30m, p90 7h 54m (4 lead(s))")
        .contains(
            "confirmation to takedown: median 48h 0m, p90 67h 12m (2 taken down),"
                + " 1 confirmed still online")
        .contains("by last recrawl check:");
  }

  @Test
  void anEmptyDatabaseHasNoTimesAndEveryStateAtZero() {
    CampaignStats stats = new LeadStats(postgres.migratedDatabase()).compute();
    assertThat(stats.followUp().firstFetchToLead()).isEqualTo(FollowUpStats.Times.NONE);
    assertThat(stats.followUp().confirmationToTakedown()).isEqualTo(FollowUpStats.Times.NONE);
    assertThat(stats.followUp().byCheckState()).containsValues(0L).hasSize(5);
    assertThat(stats.toText()).contains("first fetch to lead: none yet");
  }

  private static long open(LeadStore store, String site, Instant... fetched) {
    SiteVerdict base = Verdicts.flagged(site, 1, 0.8);
    List<PageRef> pages =
        java.util.Arrays.stream(fetched)
            .map(
                t ->
                    new PageRef(
                        "https://" + site + "/p" + t.getEpochSecond(), 0.8, "ab".repeat(32), t))
            .toList();
    store.apply(
        new SiteVerdict(
            base.v(),
            site,
            1,
            true,
            0.8,
            base.pagesScored(),
            base.categories(),
            base.signals(),
            pages,
            base.lexiconVersion(),
            base.decidedAt()));
    return store.findBySite(site).orElseThrow().id();
  }

  private static void route(DataSource db, long leadId, String bureau) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO lead_route (lead_id, bureau, region_code, bases, evidence, computed_at)"
                    + " VALUES (?, ?, '110000', '{HOSTING}', '[]'::jsonb, ?)")) {
      ps.setLong(1, leadId);
      ps.setString(2, bureau);
      ps.setObject(3, OffsetDateTime.ofInstant(T0, ZoneOffset.UTC));
      ps.executeUpdate();
    }
  }
}
