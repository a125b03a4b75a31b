package org.sitewatch.infra.cli.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.LeadStore;

/**
 * The lead actions of {@code sitewatch lead} that {@link LeadCommandIT} leaves out ({@code assign},
 * {@code note}, {@code ack}, {@code dismiss}, {@code close}, {@code reopen}) change the lead as
 * their descriptions say, and a refused action (a status that forbids it, a missing note, a lead
 * changed by someone else meanwhile) exits 1 with one line naming the refusal and writes nothing.
 * The commands run in-process through the real entry point, as the analyst role, on an embedded
 * PostgreSQL.
 */
class LeadActionsCommandIT {
  private static final String ANALYST = "db.username=" + DatabaseRoles.DEFAULTS.analyst();
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  private static TestDatabase databases;
  private static Database db;

  @BeforeAll
  static void leads() {
    databases = TestDatabase.start();
    db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
    LeadStore store = new LeadStore(db.dataSource(), Clock.systemUTC());
    for (String site :
        List.of(
            "lifecycle-videos.example",
            "forbidden-videos.example",
            "incomplete-videos.example",
            "raced-videos.example")) {
      store.apply(verdict(site));
    }
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
    if (databases != null) {
      databases.close();
    }
  }

  @Test
  void eachActionChangesTheLeadAsItsDescriptionSays() throws Exception {
    String lead = "lifecycle-videos.example";
    assertThat(show(lead).get("hasNewEvidence").asBoolean()).isTrue();

    assertThat(act(lead, "assign", "--to", "li").out).contains("NEW -> NEW");
    assertThat(show(lead).get("assignee").asText()).isEqualTo("li");

    act(lead, "note", "--note", "hosting company asked for its records");
    act(lead, "ack");
    assertThat(show(lead).get("hasNewEvidence").asBoolean()).as("acknowledged").isFalse();

    assertThat(act(lead, "dismiss", "--reason", "OUT_OF_SCOPE").out).contains("NEW -> DISMISSED");
    JsonNode dismissed = show(lead);
    assertThat(dismissed.get("status").asText()).isEqualTo("DISMISSED");
    assertThat(dismissed.get("dismissReason").asText()).isEqualTo("OUT_OF_SCOPE");

    assertThat(act(lead, "reopen").out).contains("DISMISSED -> NEW");
    act(lead, "triage");
    act(lead, "confirm");
    assertThat(act(lead, "close").out).contains("CONFIRMED -> CLOSED");
    assertThat(show(lead).get("status").asText()).isEqualTo("CLOSED");
    assertThat(act(lead, "reopen").out).contains("CLOSED -> NEW");

    JsonNode shown = show(lead);
    assertThat(shown.get("status").asText()).isEqualTo("NEW");
    assertThat(shown.get("assignee").asText()).as("kept through the lifecycle").isEqualTo("li");
    List<String> kinds = new ArrayList<>();
    shown.get("history").forEach(h -> kinds.add(h.get("kind").asText()));
    assertThat(kinds)
        .containsExactly(
            "ASSIGNED",
            "NOTED",
            "ACKNOWLEDGED",
            "DISMISSED",
            "REOPENED",
            "TRIAGED",
            "CONFIRMED",
            "CLOSED",
            "REOPENED");
    JsonNode history = shown.get("history");
    assertThat(history.get(0).get("assignee").asText()).isEqualTo("li");
    assertThat(history.get(1).get("note").asText())
        .isEqualTo("hosting company asked for its records");
    assertThat(history.get(3).get("reason").asText()).isEqualTo("OUT_OF_SCOPE");
    assertThat(history).allSatisfy(h -> assertThat(h.get("actor").asText()).isEqualTo("wang"));
  }

  @Test
  void anActionTheStatusForbidsExitsOneAndChangesNothing() throws Exception {
    String lead = "forbidden-videos.example";
    Result close = run(lead, "close");
    assertThat(close.code).isEqualTo(1);
    assertThat(close.err)
        .contains("sitewatch lead close: refused (FORBIDDEN)")
        .contains("it is NEW")
        .contains("allowed only from");
    Result reopen = run(lead, "reopen");
    assertThat(reopen.code).isEqualTo(1);
    assertThat(reopen.err).contains("sitewatch lead reopen: refused (FORBIDDEN)");
    assertThat(close.out + reopen.out).isEmpty();

    JsonNode shown = show(lead);
    assertThat(shown.get("status").asText()).isEqualTo("NEW");
    assertThat(shown.get("history")).isEmpty();
  }

  @Test
  void anIncompleteActionOrAnUnknownLeadExitsOne() throws Exception {
    String lead = "incomplete-videos.example";
    Result note = run(lead, "note");
    assertThat(note.code).isEqualTo(1);
    assertThat(note.err).contains("sitewatch lead note: refused (INCOMPLETE): a note needs text");
    assertThat(show(lead).get("history")).isEmpty();

    Result unknown = run("nowhere.example", "assign", "--to", "li");
    assertThat(unknown.code).isEqualTo(1);
    assertThat(unknown.err).contains("sitewatch lead assign: no lead nowhere.example");
  }

  /**
   * The command acts on the status it read; when another analyst changes the lead between that read
   * and the update, the update finds the lead in another status: a CONFLICT, exit 1, nothing
   * written. The race is made certain, not timed: the test holds the lead's row lock, waits until
   * the command's update waits for it, then changes the status and lets go.
   */
  @Test
  void aLeadChangedByAnotherAnalystMeanwhileIsAConflictAndExitsOne() throws Exception {
    String lead = "raced-videos.example";
    long id = show(lead).get("id").asLong();
    try (Connection other = db.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("SELECT status FROM lead WHERE id = ? FOR UPDATE")) {
        lock.setLong(1, id);
        try (ResultSet rs = lock.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("NEW");
        }
      }
      CompletableFuture<Result> triage = CompletableFuture.supplyAsync(() -> run(lead, "triage"));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> triage.isDone() || waitingForALock(other));
      assertThat(triage).as("the command waits for the row lock").isNotDone();
      try (PreparedStatement change =
          other.prepareStatement("UPDATE lead SET status = 'TRIAGED' WHERE id = ?")) {
        change.setLong(1, id);
        assertThat(change.executeUpdate()).isEqualTo(1);
      }
      other.commit();

      Result raced = triage.get(60, TimeUnit.SECONDS);
      assertThat(raced.code).isEqualTo(1);
      assertThat(raced.err)
          .contains("sitewatch lead triage: refused (CONFLICT)")
          .contains("it was NEW but is now TRIAGED")
          .contains("look at it again");
      assertThat(raced.out).isEmpty();
    }
    JsonNode shown = show(lead);
    assertThat(shown.get("status").asText()).isEqualTo("TRIAGED");
    assertThat(shown.get("history")).as("no history entry for the refused triage").isEmpty();
  }

  /** Whether some session waits for a lock another holds (the command's update, here). */
  private static boolean waitingForALock(Connection c) throws Exception {
    try (PreparedStatement q =
            c.prepareStatement(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()");
        ResultSet rs = q.executeQuery()) {
      rs.next();
      return rs.getLong(1) > 0;
    }
  }

  private record Result(int code, String out, String err) {}

  /** {@code sitewatch lead ACTION LEAD ... --actor wang}; asserts exit 0. */
  private static Result act(String lead, String action, String... more) {
    Result r = run(lead, action, more);
    assertThat(r.code).as("lead %s %s: %s", action, lead, r.err).isZero();
    return r;
  }

  private static Result run(String lead, String action, String... more) {
    List<String> args = new ArrayList<>(List.of("lead", action, lead, "--actor", "wang"));
    args.addAll(List.of(more));
    return execute(args);
  }

  private static JsonNode show(String lead) throws Exception {
    Result r = execute(new ArrayList<>(List.of("lead", "show", lead, "--json")));
    assertThat(r.code).as(r.err).isZero();
    return Json.mapper().readTree(r.out);
  }

  private static Result execute(List<String> args) {
    args.addAll(List.of("--jdbc-url", db.jdbcUrl(), "--set", ANALYST));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private static SiteVerdict verdict(String site) {
    String page = "https://" + site + "/vip";
    return SiteVerdict.builder()
        .site(site)
        .revision(1)
        .flagged(true)
        .score(0.9)
        .pagesScored(3)
        .categories(List.of("explicit"))
        .signals(List.of(new SignalHit("kw.zh.seqing", "explicit", 1.8, 2, "成人视频", page)))
        .pages(List.of(new PageRef(page, 0.9, "ab".repeat(32), T)))
        .lexiconVersion("lex-1")
        .decidedAt(T)
        .build();
  }
}
