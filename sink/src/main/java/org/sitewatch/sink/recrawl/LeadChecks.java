package org.sitewatch.sink.recrawl;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Outcome;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.LeadStoreException;
import org.sitewatch.sink.store.Rows;

/**
 * The recrawl side of the lead store: claims the open leads whose check is due, records each
 * check's result ({@link CheckWriter}), and reads them back. Safe from several threads and
 * processes: a claim is one {@code UPDATE ... WHERE next_check_at <= now ... FOR UPDATE SKIP LOCKED
 * RETURNING}, so of two schedulers exactly one gets each due lead.
 */
public final class LeadChecks {
  /** Priority of recrawl requests: below tips (5), above ordinary links (0). */
  public static final int RECRAWL_PRIORITY = 3;

  /** Statuses whose sites are re-checked: every status but CLOSED and DISMISSED. */
  public static final Set<LeadStatus> CHECKED_STATUSES =
      Set.of(LeadStatus.NEW, LeadStatus.TRIAGED, LeadStatus.CONFIRMED, LeadStatus.REFERRED);

  private static final String DUE =
      "status IN ('NEW', 'TRIAGED', 'CONFIRMED', 'REFERRED')"
          + " AND COALESCE(next_check_at, first_flagged_at + :intervalMillis"
          + " * interval '1 millisecond') <= :now";

  /**
   * Moves the due leads' next check one interval ahead and returns them with the URL to check: the
   * lead's best page (the verdict lists pages best first), else the site's root.
   */
  private static final String CLAIM =
      "UPDATE lead SET next_check_at = :next, check_requested_at = :now"
          + " WHERE id IN (SELECT id FROM lead WHERE "
          + DUE
          + "   ORDER BY COALESCE(next_check_at, first_flagged_at), id LIMIT :limit"
          + "   FOR UPDATE SKIP LOCKED)"
          + " AND "
          + DUE
          + " RETURNING id, site, COALESCE(pages -> 0 ->> 'url', 'http://' || site || '/') AS seed";

  private static final String CHECKS =
      """
      SELECT lead_id, site, checked_at, state, http_status, reason, detail, seed_url, seed_sha256,
             pages
        FROM lead_check WHERE lead_id = :leadId ORDER BY checked_at DESC, id DESC LIMIT :limit
      """;

  private static final String SUMMARY =
      """
      SELECT next_check_at, last_check_at, last_check_state, gone_since
        FROM lead WHERE id = :leadId
      """;

  private static final String GONE = "SELECT id FROM lead WHERE gone_since IS NOT NULL ORDER BY id";

  private static final String NOW =
      "UPDATE lead SET next_check_at = :now WHERE (CAST(:site AS text) IS NULL OR site = :site)"
          + " AND status IN ('NEW', 'TRIAGED', 'CONFIRMED', 'REFERRED')";

  private final Database db;
  private final Clock clock;
  private final CheckWriter writer;

  public LeadChecks(DataSource dataSource, Clock clock) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writer = new CheckWriter(db, clock);
  }

  /**
   * Claims up to {@code limit} due leads and hands their recrawl requests to {@code publish} inside
   * the claiming transaction: if publishing throws, the claim is rolled back and the leads stay
   * due. A lead is due when its {@code next_check_at} (or, never scheduled, its opening plus one
   * interval) has passed; claiming moves it one interval ahead.
   *
   * @return the requests published
   * @throws LeadStoreException if the database fails (nothing was claimed)
   */
  public List<CrawlRequest> claimDue(
      Duration interval, int limit, Consumer<List<CrawlRequest>> publish) {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(publish, "publish");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // the requests are published inside the claiming transaction: a failed publish leaves the
    // leads due
    return db.inTransaction(
        "cannot claim due recrawls",
        h -> {
          List<CrawlRequest> requests =
              h.createQuery(CLAIM)
                  .bind("next", now.plus(interval))
                  .bind("now", now)
                  .bind("intervalMillis", interval.toMillis())
                  .bind("limit", limit)
                  .map((rs, ctx) -> request(rs.getString("site"), rs.getString("seed"), now))
                  .list();
          if (!requests.isEmpty()) {
            publish.accept(List.copyOf(requests));
          }
          return requests;
        });
  }

  private static CrawlRequest request(String site, String seed, Instant now) {
    return new CrawlRequest(
        CrawlRequest.VERSION,
        seed,
        site,
        CrawlRequest.Source.RECRAWL,
        0,
        null,
        now,
        RECRAWL_PRIORITY,
        null,
        CrawlRequest.newTraceId());
  }

  /**
   * Makes the checks of open leads (of one site, or all) due now: the running scheduler sends them
   * on its next look.
   *
   * @return how many leads were rescheduled
   */
  public int scheduleNow(Optional<String> site) {
    Objects.requireNonNull(site, "site");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return db.withHandle(
        "cannot schedule recrawls",
        h -> h.createUpdate(NOW).bind("now", now).bind("site", site.orElse(null)).execute());
  }

  /** What recording one outcome did: the check written, none (replay, not a lead), or a failure. */
  public record Recorded(Outcome outcome, Optional<LeadCheck> check, Exception failure) {}

  /** Records one recrawl outcome in its own transaction; empty if replayed or not about a lead. */
  public Optional<LeadCheck> record(Outcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    List<Recorded> recorded;
    try {
      recorded = recordAll(List.of(outcome));
    } catch (SQLException e) {
      throw new LeadStoreException("cannot record the check of " + outcome.site(), e);
    }
    Recorded one = recorded.get(0);
    if (one.failure() != null) {
      throw new LeadStoreException("check of " + outcome.site() + " rejected", one.failure());
    }
    return one.check();
  }

  /**
   * Records recrawl outcomes (others are ignored) in one transaction, oldest first per site, with a
   * savepoint each: an outcome whose data the database rejects is reported as failed and the others
   * still commit.
   *
   * @throws SQLException if the database is unavailable: nothing was written, retry the whole list
   */
  public List<Recorded> recordAll(List<Outcome> outcomes) throws SQLException {
    return writer.recordAll(outcomes);
  }

  /** The checks of a lead, newest first, at most {@code limit}. */
  public List<LeadCheck> checks(long leadId, int limit) {
    return db.withHandle("cannot read the checks of lead " + leadId, h -> checks(h, leadId, limit));
  }

  /** The same on the caller's handle (e.g. inside a page's one connection). */
  public static List<LeadCheck> checks(Handle h, long leadId, int limit) {
    return h.createQuery(CHECKS)
        .bind("leadId", leadId)
        .bind("limit", Math.max(0, limit))
        .map(
            (rs, ctx) ->
                new LeadCheck(
                    rs.getLong("lead_id"),
                    rs.getString("site"),
                    Rows.instant(rs, "checked_at"),
                    CheckState.valueOf(rs.getString("state")),
                    Rows.optionalInt(rs, "http_status"),
                    rs.getString("reason"),
                    rs.getString("detail"),
                    Optional.ofNullable(rs.getString("seed_url")),
                    Optional.ofNullable(rs.getString("seed_sha256")),
                    rs.getInt("pages")))
        .list();
  }

  /**
   * Where a lead's checks stand.
   *
   * @param nextCheckAt when it is next due, if scheduled yet (else one interval after opening)
   * @param lastCheckAt when it was last checked
   * @param lastState what the last check found
   * @param goneSince since when the site is gone (the first GONE check after it was online)
   */
  public record Summary(
      Optional<Instant> nextCheckAt,
      Optional<Instant> lastCheckAt,
      Optional<CheckState> lastState,
      Optional<Instant> goneSince) {}

  /** The check summary of a lead, if it exists. */
  public Optional<Summary> summary(long leadId) {
    return db.withHandle(
        "cannot read the check summary of lead " + leadId,
        h ->
            h.createQuery(SUMMARY)
                .bind("leadId", leadId)
                .map(
                    (rs, ctx) ->
                        new Summary(
                            Rows.optionalInstant(rs, "next_check_at"),
                            Rows.optionalInstant(rs, "last_check_at"),
                            Optional.ofNullable(rs.getString("last_check_state"))
                                .map(CheckState::valueOf),
                            Rows.optionalInstant(rs, "gone_since")))
                .findOne());
  }

  /** Ids of the leads whose site is gone (their newest decisive check was GONE). */
  public Set<Long> goneLeads() {
    return db.withHandle(
        "cannot list gone leads",
        h -> new LinkedHashSet<>(h.createQuery(GONE).mapTo(Long.class).list()));
  }
}
