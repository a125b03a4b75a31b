package org.sitewatch.web.testing;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.Verdicts;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.web.WorkbenchServer;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.PasswordHasher;
import org.sitewatch.web.account.Role;

/**
 * A running workbench for tests: a database of its own on the test JVM's embedded PostgreSQL
 * (shared with the other classes, see {@link TestDatabase}), migrated with the roles, the server on
 * a free loopback port connected as the analyst role, and helpers to add accounts and leads routed
 * to bureaus. Close it after the class: that stops the server and drops the database.
 */
public final class Workbench implements AutoCloseable {
  public static final String PASSWORD = "correct horse 1";
  public static final String BEIJING = "110000";
  public static final String SHANGHAI = "310000";

  private static final PasswordHasher CHEAP_HASHES = new PasswordHasher(64, 1);

  private final TestDatabase postgres;
  private final TestDatabase.RoleDatabases db;
  private final WorkbenchServer server;
  private final Accounts accounts;
  private final LeadStore leads;

  private Workbench(
      WorkbenchServer.Builder builder, TestDatabase postgres, TestDatabase.RoleDatabases db) {
    this.postgres = postgres;
    this.db = db;
    // cheap hashes (64 KiB, one pass: a millisecond instead of about a second under load) for the
    // accounts made here and the passwords the server sets (admin page, settings) or checks for an
    // unknown name; a stored hash is verified with its own parameters
    this.server = builder.passwordHasher(CHEAP_HASHES).build().start();
    this.accounts = new Accounts(db.analyst(), Clock.systemUTC(), CHEAP_HASHES);
    this.leads = new LeadStore(db.sink(), Clock.systemUTC());
  }

  /** A workbench on a fresh database, with the builder's defaults. */
  public static Workbench start() {
    return start(b -> b);
  }

  /** A workbench on a fresh database; {@code customize} adds to the server's builder. */
  public static Workbench start(
      java.util.function.UnaryOperator<WorkbenchServer.Builder> customize) {
    TestDatabase postgres = TestDatabase.start();
    TestDatabase.RoleDatabases db = postgres.roleDatabases();
    WorkbenchServer.Builder b = WorkbenchServer.builder(db.analyst()).port(0);
    return new Workbench(customize.apply(b), postgres, db);
  }

  public URI url() {
    return server.url();
  }

  public String url(String path) {
    return server.url().resolve(path).toString();
  }

  /** The running server (its routes, its address). */
  public WorkbenchServer server() {
    return server;
  }

  public TestDatabase.RoleDatabases databases() {
    return db;
  }

  public Accounts accounts() {
    return accounts;
  }

  /** Adds an account with {@link #PASSWORD}. */
  public void account(String name, Role role, String... bureaus) {
    accounts.add(name, role, Set.of(bureaus), Optional.of(PASSWORD.toCharArray()), "test");
  }

  /** Opens a lead for {@code site} (a flagged verdict) routed to {@code bureaus}; returns it. */
  public Lead lead(String site, double score, String... bureaus) {
    return lead(Verdicts.flagged(site, 1, score), bureaus);
  }

  /** Applies {@code verdict} and routes its lead to {@code bureaus}; returns the lead. */
  public Lead lead(SiteVerdict verdict, String... bureaus) {
    leads.apply(verdict);
    Lead lead = leads.findBySite(verdict.site()).orElseThrow();
    try (Connection c = db.admin().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO lead_route (lead_id, bureau, region_code, bases, evidence,"
                    + " computed_at) VALUES (?, ?, ?, ARRAY['ICP_PROVINCE'], '[]', ?)"
                    + " ON CONFLICT DO NOTHING")) {
      for (String b : bureaus) {
        s.setLong(1, lead.id());
        s.setString(2, "bureau " + b);
        s.setString(3, b);
        s.setObject(4, java.sql.Timestamp.from(Instant.now()));
        s.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return lead;
  }

  @Override
  public void close() throws IOException {
    server.close();
    postgres.close();
  }
}
