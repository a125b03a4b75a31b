package org.sitewatch.sink.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.evidence.custody.ChainVerification;
import org.sitewatch.sink.evidence.custody.CustodyLog;

/**
 * The restore drill of docs/backup.md: leads with custody chains in one database, a backup, a
 * restore into a freshly migrated database, and every chain still verifies there.
 */
class BackupRestoreDrillIT {
  private static TestDatabase database;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    database = TestDatabase.start();
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
  }

  @Test
  void restoredDatabaseHoldsTheSameLeadsHistoryAndVerifyingCustodyChainsAndTakesNewLeads()
      throws Exception {
    DataSource source = database.migratedDatabase();
    LeadStore leads = new LeadStore(source, EvidenceFixtures.CLOCK);
    for (String site : List.of("a.example.cn", "b.example.cn", "c.example.cn")) {
      leads.apply(EvidenceFixtures.verdict(site, 1));
      leads.apply(EvidenceFixtures.verdict(site, 2));
    }
    Path backup = dir.resolve("backup");

    DatabaseBackup.Manifest manifest = DatabaseBackup.backup(source, backup);
    DataSource fresh = database.migratedDatabase();
    DatabaseBackup.restore(fresh, backup);

    assertThat(manifest.rows("lead")).isEqualTo(3);
    for (String table : List.of("lead", "lead_event", "custody_entry")) {
      assertThat(count(fresh, table)).as(table).isEqualTo(count(source, table));
    }
    CustodyLog before = new CustodyLog(source, EvidenceFixtures.CLOCK);
    CustodyLog after = new CustodyLog(fresh, EvidenceFixtures.CLOCK);
    for (long id : ids(source)) {
      ChainVerification restored = after.verify(id);
      assertThat(restored.problems()).as("lead %d", id).isEmpty();
      assertThat(after.entries(id)).isEqualTo(before.entries(id)).isNotEmpty();
    }
    // identity sequences moved past the restored ids: a new lead and its chain start cleanly
    new LeadStore(fresh, EvidenceFixtures.CLOCK).apply(EvidenceFixtures.verdict("d.example.cn", 1));
    long newest = ids(fresh).get(ids(fresh).size() - 1);
    assertThat(newest).isGreaterThan(ids(source).get(2));
    assertThat(after.verify(newest).problems()).isEmpty();
  }

  @Test
  void restoreRefusesAnAlteredFileAndADatabaseThatIsNotFresh() throws Exception {
    DataSource source = database.migratedDatabase();
    new LeadStore(source, EvidenceFixtures.CLOCK)
        .apply(EvidenceFixtures.verdict("a.example.cn", 1));
    Path backup = dir.resolve("backup");
    DatabaseBackup.backup(source, backup);

    assertThatThrownBy(() -> DatabaseBackup.restore(source, backup))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not empty");

    Path custody = backup.resolve("custody_entry.copy");
    Files.writeString(
        custody, Files.readString(custody).replaceFirst("LEAD_OPENED", "LEAD_0PENED"));
    DataSource fresh = database.migratedDatabase();
    assertThatThrownBy(() -> DatabaseBackup.restore(fresh, backup))
        .hasMessageContaining("custody_entry.copy was altered");
    assertThat(count(fresh, "lead")).isZero();
  }

  private static long count(DataSource db, String table) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Long> ids(DataSource db) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM lead ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }
}
