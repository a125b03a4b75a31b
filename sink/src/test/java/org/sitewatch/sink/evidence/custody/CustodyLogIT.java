package org.sitewatch.sink.evidence.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.store.LeadStore;

/** The custody log on a real PostgreSQL: chains, the append-only trigger, tampering, races. */
class CustodyLogIT {
  private static org.sitewatch.sink.TestDatabase database;
  private DataSource dataSource;
  private LeadStore leads;
  private CustodyLog custody;

  @BeforeAll
  static void startDatabase() {
    database = org.sitewatch.sink.TestDatabase.start();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    database.close();
  }

  @BeforeEach
  void freshDatabase() {
    dataSource = database.migratedDatabase();
    leads = new LeadStore(dataSource, EvidenceFixtures.CLOCK);
    custody = new CustodyLog(dataSource, EvidenceFixtures.CLOCK);
  }

  @Test
  void openingAndUpdatingALeadAppendLinkedEntriesWithTheVerdictFacts() {
    assertThat(leads.apply(EvidenceFixtures.verdict("example.cn", 1)))
        .isEqualTo(ApplyResult.OPENED);
    assertThat(leads.apply(EvidenceFixtures.verdict("example.cn", 2)))
        .isEqualTo(ApplyResult.UPDATED);
    long id = leads.findBySite("example.cn").orElseThrow().id();

    List<CustodyEntry> entries = custody.entries(id);
    assertThat(entries)
        .extracting(CustodyEntry::action)
        .containsExactly("LEAD_OPENED", "LEAD_UPDATED");
    assertThat(entries).extracting(CustodyEntry::actor).containsOnly("sink");
    assertThat(entries.get(0).prevHash()).isEqualTo(CustodyEntry.GENESIS);
    assertThat(entries.get(1).prevHash()).isEqualTo(entries.get(0).hash());
    var opened = entries.get(0).detailsNode();
    assertThat(opened.get("revision").asLong()).isEqualTo(1);
    assertThat(opened.get("score").asDouble()).isEqualTo(0.8);
    assertThat(opened.get("lexicon_version").asText()).isEqualTo("lex-1");
    assertThat(opened.get("pages").get(0).get("body_sha256").asText()).isEqualTo("ab".repeat(32));
    assertThat(custody.verify(id).ok()).isTrue();
  }

  @Test
  void replayedVerdictsAppendNothing() {
    leads.apply(EvidenceFixtures.verdict("example.cn", 1));
    assertThat(leads.apply(EvidenceFixtures.verdict("example.cn", 1)))
        .isEqualTo(ApplyResult.UNCHANGED);
    long id = leads.findBySite("example.cn").orElseThrow().id();

    assertThat(custody.entries(id)).hasSize(1);
  }

  @Test
  void appendContinuesTheChainAndVerifyAcceptsIt() {
    long id = openLead("example.cn");
    CustodyEntry reviewed =
        custody.append(id, "analyst-li", CustodyAction.REVIEWED, Map.of("note", "looked at it"));

    assertThat(reviewed.seq()).isEqualTo(2);
    assertThat(reviewed.at())
        .isEqualTo(
            EvidenceFixtures.CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    assertThat(custody.entries(id)).last().isEqualTo(reviewed);
    ChainVerification verification = custody.verify(id);
    assertThat(verification.ok()).isTrue();
    assertThat(verification.entries()).isEqualTo(2);
  }

  @Test
  void appendToAMissingLeadIsRefused() {
    assertThatThrownBy(() -> custody.append(404, "analyst-li", CustodyAction.REVIEWED, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no lead 404");
  }

  @Test
  void theDatabaseRefusesToRewriteOrEraseEntries() {
    long id = openLead("example.cn");

    assertThatThrownBy(
            () -> execute("UPDATE custody_entry SET actor = 'someone' WHERE lead_id = " + id))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> execute("DELETE FROM custody_entry WHERE lead_id = " + id))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> execute("TRUNCATE custody_entry")).hasMessageContaining("append-only");
    assertThat(custody.verify(id).ok()).isTrue();
  }

  @Test
  void rewrittenDetailsBehindTheTriggerAreFoundAndNamed() throws SQLException {
    long id = openLead("example.cn");
    custody.append(id, "analyst-li", CustodyAction.REVIEWED, Map.of("decision", "confirm"));
    custody.append(id, "analyst-li", CustodyAction.REVIEWED, Map.of("note", "referred"));

    behindTheTrigger(
        "UPDATE custody_entry SET details = '{\"decision\":\"dismiss\"}' WHERE lead_id = "
            + id
            + " AND seq = 2");

    ChainVerification verification = custody.verify(id);
    assertThat(verification.ok()).isFalse();
    assertThat(verification.firstBrokenSeq()).hasValue(2);
    assertThat(verification.problems())
        .singleElement()
        .asString()
        .contains("seq 2")
        .contains("REVIEWED entry altered");
  }

  @Test
  void aDeletedEntryBehindTheTriggerIsFound() throws SQLException {
    long id = openLead("example.cn");
    custody.append(id, "analyst-li", CustodyAction.REVIEWED, Map.of("n", 1));
    custody.append(id, "analyst-li", CustodyAction.REVIEWED, Map.of("n", 2));

    behindTheTrigger("DELETE FROM custody_entry WHERE lead_id = " + id + " AND seq = 2");

    ChainVerification verification = custody.verify(id);
    assertThat(verification.firstBrokenSeq()).hasValue(3);
    assertThat(verification.problems())
        .anySatisfy(p -> assertThat(p).contains("seq 3 where 2 was expected"));
  }

  @Test
  void concurrentAppendsKeepOneValidChain() throws Exception {
    long id = openLead("example.cn");
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> new Thread(r, "custody-appender"));
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      for (String actor : List.of("analyst-a", "analyst-b")) {
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    custody.append(id, actor, CustodyAction.REVIEWED, Map.of("i", i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> w : writers) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(custody.entries(id)).hasSize(1 + 2 * perThread);
    assertThat(custody.verify(id).problems()).isEmpty();
  }

  private long openLead(String site) {
    leads.apply(EvidenceFixtures.verdict(site, 1));
    return leads.findBySite(site).orElseThrow().id();
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** What only a superuser can do: switch the append-only trigger off for one statement. */
  private void behindTheTrigger(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("ALTER TABLE custody_entry DISABLE TRIGGER custody_entry_no_rewrite");
      s.execute(sql);
      s.execute("ALTER TABLE custody_entry ENABLE TRIGGER custody_entry_no_rewrite");
      c.commit();
    }
  }
}
