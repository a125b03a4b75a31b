package org.sitewatch.sink.store;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Creates the roles of {@link DatabaseRoles} and gives the sink and analyst exactly what their code
 * needs. Grants are reset and given again on every migration, so a table added by a new migration
 * is covered and nothing granted by hand survives. History and custody tables get SELECT and INSERT
 * only; TRUNCATE, and any DDL, are granted to nobody but the owner (whose TRUNCATE the append-only
 * triggers refuse).
 */
final class RoleGrants {
  /** Append-only: rows are added, never changed (triggers refuse UPDATE, DELETE and TRUNCATE). */
  static final List<String> HISTORY =
      List.of(
          "lead_event",
          "lead_action",
          "custody_entry",
          "lead_check",
          "identifier_ignore_log",
          "workbench_account_log",
          "tip_event");

  /** The workbench's accounts: the analyst role (the workbench's login) keeps them. */
  private static final List<String> ACCOUNTS =
      List.of("workbench_account", "workbench_account_bureau", "workbench_token");

  /** The workbench's record of sites analysts sent to be crawled: added and read, never changed. */
  private static final List<String> WORKBENCH_RECORDS = List.of("workbench_crawl_request");

  /** Derived from the leads and rewritten as they change. */
  private static final List<String> DERIVED =
      List.of(
          "lead_identifier",
          "lead_page_simhash",
          "lead_operation",
          "lead_link",
          "lead_route",
          "lead_jurisdiction");

  /** What an analyst's decisions change on a lead; never its evidence. */
  private static final String ANALYST_LEAD_COLUMNS =
      "status, dismiss_reason, dismissed_signal_ids,"
          + " assignee, seen_revision, seen_epoch, priority, severity, flags, next_check_at";

  private RoleGrants() {}

  /** Creates the missing roles (run by an account that may create roles). */
  static void createRoles(Handle h, DatabaseRoles roles) {
    create(h, roles.owner(), "NOLOGIN");
    create(h, roles.sink(), "LOGIN NOINHERIT");
    create(h, roles.analyst(), "LOGIN NOINHERIT");
    create(h, roles.tips(), "LOGIN NOINHERIT");
    if (!isSuperuser(h) && !currentUser(h).equals(roles.owner())) {
      h.execute("GRANT " + roles.owner() + " TO CURRENT_USER");
    }
    h.execute("GRANT USAGE, CREATE ON SCHEMA public TO " + roles.owner());
    // nobody else creates objects in the schema (PostgreSQL before 15 let PUBLIC do so)
    h.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    h.execute(
        "DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO "
            + roles.sink()
            + ", "
            + roles.analyst()
            + ", "
            + roles.tips()
            + "', current_database()); END $$");
  }

  private static void create(Handle h, String role, String options) {
    if (exists(h, role)) {
      return;
    }
    h.execute(
        "CREATE ROLE "
            + role
            + " "
            + options
            + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
  }

  static boolean exists(Handle h, String role) {
    return h.createQuery("SELECT 1 FROM pg_roles WHERE rolname = :role")
        .bind("role", role)
        .mapTo(Integer.class)
        .findOne()
        .isPresent();
  }

  /** Resets and gives the sink's and analyst's grants; run as the owner, after migrating. */
  static void grant(Handle h, DatabaseRoles roles) {
    String sink = roles.sink();
    String analyst = roles.analyst();
    String both = sink + ", " + analyst;
    h.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + both);
    h.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM " + both);
    h.execute("GRANT USAGE ON SCHEMA public TO " + both);
    h.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + both);
    h.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + both);

    h.execute("GRANT INSERT, UPDATE ON lead TO " + sink);
    h.execute("GRANT INSERT ON " + String.join(", ", HISTORY) + " TO " + sink);
    h.execute("GRANT INSERT, UPDATE, DELETE ON " + String.join(", ", DERIVED) + " TO " + both);

    h.execute("GRANT UPDATE (" + ANALYST_LEAD_COLUMNS + ") ON lead TO " + analyst);
    h.execute("GRANT INSERT ON lead_action, custody_entry, identifier_ignore_log TO " + analyst);
    h.execute("GRANT INSERT, DELETE ON identifier_ignore TO " + analyst);

    // the sink never reads password or token hashes
    h.execute(
        "REVOKE ALL ON " + String.join(", ", ACCOUNTS) + ", workbench_account_log FROM " + sink);
    h.execute("GRANT INSERT, UPDATE, DELETE ON " + String.join(", ", ACCOUNTS) + " TO " + analyst);
    h.execute("GRANT INSERT ON workbench_account_log TO " + analyst);
    h.execute("GRANT INSERT ON " + String.join(", ", WORKBENCH_RECORDS) + " TO " + analyst);
    grantTips(h, roles);
  }

  /**
   * Tips (docs/tips.md): the public site's role adds reports and reads their status, nothing else;
   * the sink follows them, erases contact data it cannot read, and opens the leads analysts ask
   * for; the analyst role enters hotline tips and asks for a lead from a tip by setting its status
   * (it never writes a lead's evidence: only the sink does, from a verdict).
   */
  private static void grantTips(Handle h, DatabaseRoles roles) {
    String sink = roles.sink();
    String analyst = roles.analyst();
    String tips = roles.tips();
    h.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM " + tips);
    h.execute("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM " + tips);
    h.execute("GRANT USAGE ON SCHEMA public TO " + tips);
    h.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + tips);
    // only what a new public tip carries: its status, reason, lead, crawl columns and its first
    // event take their defaults (RECEIVED, by 'public'), so the public side can neither claim a
    // tip was acted on nor write an event in an analyst's name
    // not id (so no OVERRIDING SYSTEM VALUE) and not entered_by, which a hotline report must
    // have: the public side can file neither a chosen id nor a tip in an analyst's name
    h.execute(
        "GRANT INSERT (receipt_hash, channel, category, description, received_at, client_hash)"
            + " ON tip_report TO "
            + tips);
    h.execute("GRANT INSERT ON tip_contact TO " + tips);
    h.execute(
        "GRANT INSERT (report_id, site, urls, priority, received_at, status_at) ON tip TO " + tips);
    h.execute("GRANT INSERT (tip_id, at) ON tip_event TO " + tips);
    h.execute(
        "GRANT SELECT (id, receipt_hash, channel, received_at, client_hash) ON tip_report TO "
            + tips);
    h.execute(
        "GRANT SELECT (id, report_id, site, urls, priority, received_at, status, status_at,"
            + " crawl_sent_at) ON tip TO "
            + tips);
    h.execute("GRANT UPDATE (crawl_sent_at) ON tip TO " + tips);
    // what 'is the schema current?' reads (Migrations.requireCurrent), nothing of the leads
    h.execute("GRANT SELECT ON flyway_schema_history TO " + tips);

    // the reporter's contact is for supervisors (the workbench shows it to them only)
    h.execute("REVOKE ALL ON tip_contact FROM " + sink);
    h.execute("GRANT SELECT (report_id, erase_after), DELETE ON tip_contact TO " + sink);
    h.execute(
        "GRANT UPDATE (status, status_reason, status_at, lead_id, crawl_sent_at, crawl_attempts,"
            + " crawled_at, crawl_result, crawl_id, retry_at) ON tip TO "
            + sink);
    h.execute("GRANT INSERT, UPDATE, DELETE ON tip_verdict TO " + sink);

    // only what the workbench writes: a hotline tip (TipStore, as TipsFeature calls it) and the
    // event of a lead asked for by hand (OpenByHand); a tip's status, lead and crawl columns take
    // their defaults, so an analyst session cannot enter a tip that claims a lead or a crawl.
    // The table-wide INSERT given before is taken away by the REVOKE ALL at the top of grant()
    // (revoking a table privilege revokes its column privileges too)
    h.execute(
        "GRANT INSERT (receipt_hash, channel, category, description, received_at, client_hash,"
            + " entered_by) ON tip_report TO "
            + analyst);
    h.execute(
        "GRANT INSERT (report_id, site, urls, priority, received_at, status_at) ON tip TO "
            + analyst);
    h.execute("GRANT INSERT (report_id, contact, erase_after) ON tip_contact TO " + analyst);
    h.execute("GRANT INSERT (tip_id, status, reason, actor, at) ON tip_event TO " + analyst);
    h.execute(
        "GRANT UPDATE (status, status_reason, status_at, lead_id, crawl_sent_at) ON tip TO "
            + analyst);
  }

  static boolean isSuperuser(Handle h) {
    return h.createQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        .mapTo(Boolean.class)
        .findOne()
        .orElse(false);
  }

  static String currentUser(Handle h) {
    return h.createQuery("SELECT current_user").mapTo(String.class).one();
  }
}
