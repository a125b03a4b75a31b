package org.sitewatch.sink.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the roles of {@link DatabaseRoles} and gives the sink and analyst exactly what their
 * code needs. Grants are reset and given again on every migration, so a table added by a new
 * migration is covered and nothing granted by hand survives. History and custody tables get
 * SELECT and INSERT only; TRUNCATE, and any DDL, are granted to nobody but the owner (whose
 * TRUNCATE the append-only triggers refuse).
 */
final class RoleGrants {
  /** Append-only: rows are added, never changed (triggers refuse UPDATE, DELETE and TRUNCATE). */
  static final List<String> HISTORY =
      List.of("lead_event", "lead_action", "custody_entry", "lead_check", "identifier_ignore_log");

  /** Derived from the leads and rewritten as they change. */
  private static final List<String> DERIVED = List.of("lead_identifier", "lead_page_simhash",
      "lead_operation", "lead_link", "lead_route", "lead_jurisdiction");

  /** What an analyst's decisions change on a lead; never its evidence. */
  private static final String ANALYST_LEAD_COLUMNS = "status, dismiss_reason, dismissed_signal_ids,"
      + " assignee, seen_revision, seen_epoch, priority, severity, flags, next_check_at";

  private RoleGrants() {}

  /** Creates the missing roles (run by an account that may create roles). */
  static void createRoles(Connection c, DatabaseRoles roles) throws SQLException {
    create(c, roles.owner(), "NOLOGIN");
    create(c, roles.sink(), "LOGIN NOINHERIT");
    create(c, roles.analyst(), "LOGIN NOINHERIT");
    try (Statement s = c.createStatement()) {
      if (!isSuperuser(c) && !currentUser(c).equals(roles.owner())) {
        s.execute("GRANT " + roles.owner() + " TO CURRENT_USER");
      }
      s.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + roles.owner());
      // nobody else creates objects in the schema (PostgreSQL before 15 let PUBLIC do so)
      s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      s.execute("DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO " + roles.sink()
          + ", " + roles.analyst() + "', current_database()); END $$");
    }
  }

  private static void create(Connection c, String role, String options) throws SQLException {
    if (exists(c, role)) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + role + " " + options
          + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
    }
  }

  static boolean exists(Connection c, String role) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      ps.setString(1, role);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Resets and gives the sink's and analyst's grants; run as the owner, after migrating. */
  static void grant(Connection c, DatabaseRoles roles) throws SQLException {
    String sink = roles.sink();
    String analyst = roles.analyst();
    String both = sink + ", " + analyst;
    try (Statement s = c.createStatement()) {
      s.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + both);
      s.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM " + both);
      s.execute("GRANT USAGE ON SCHEMA public TO " + both);
      s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + both);
      s.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + both);

      s.execute("GRANT INSERT, UPDATE ON lead TO " + sink);
      s.execute("GRANT INSERT ON " + String.join(", ", HISTORY) + " TO " + sink);
      s.execute("GRANT INSERT, UPDATE, DELETE ON " + String.join(", ", DERIVED) + " TO " + both);

      s.execute("GRANT UPDATE (" + ANALYST_LEAD_COLUMNS + ") ON lead TO " + analyst);
      s.execute("GRANT INSERT ON lead_action, custody_entry, identifier_ignore_log TO " + analyst);
      s.execute("GRANT INSERT, DELETE ON identifier_ignore TO " + analyst);
    }
  }

  static boolean isSuperuser(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  static String currentUser(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
