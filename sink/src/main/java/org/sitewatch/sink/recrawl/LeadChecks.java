package org.sitewatch.sink.recrawl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Outcome;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.Priority;
import org.sitewatch.sink.store.LeadStoreException;
import org.sitewatch.sink.store.SqlErrors;
import org.sitewatch.sink.store.Transactions;

/**
 * The recrawl side of the lead store: claims the open leads whose check is due, records each
 * check's result, and reads them back. Safe from several threads and processes: a claim is one
 * {@code UPDATE ... WHERE next_check_at <= now ... FOR UPDATE SKIP LOCKED RETURNING}, so of two
 * schedulers exactly one gets each due lead; a check is inserted with {@code ON CONFLICT DO
 * NOTHING} on (lead, checked_at), (lead, crawl_id) and (lead, requested_at), so a replayed outcome
 * writes nothing, and neither does a second SITE_CRAWLED outcome for the same recrawl request (a
 * crawler killed after sending the outcome but before its checkpoint sends it again, with a later
 * time): it carries the same {@code crawlId}, and answers the same claim (the lead's {@code
 * check_requested_at}, the request's {@code requestedAt}) for outcomes without one.
 */
public final class LeadChecks {
  /** Priority of recrawl requests: below tips (5), above ordinary links (0). */
  public static final int RECRAWL_PRIORITY = 3;

  /** Statuses whose sites are re-checked: every status but CLOSED and DISMISSED. */
  public static final Set<LeadStatus> CHECKED_STATUSES =
      Set.of(LeadStatus.NEW, LeadStatus.TRIAGED, LeadStatus.CONFIRMED, LeadStatus.REFERRED);

  private static final String DUE =
      "status IN ('NEW', 'TRIAGED', 'CONFIRMED', 'REFERRED')"
          + " AND COALESCE(next_check_at, first_flagged_at + ? * interval '1 millisecond') <= ?";

  /**
   * Moves the due leads' next check one interval ahead and returns them with the URL to check:
   * the lead's best page (the verdict lists pages best first), else the site's root.
   */
  private static final String CLAIM =
      "UPDATE lead SET next_check_at = ?, check_requested_at = ?"
          + " WHERE id IN (SELECT id FROM lead WHERE " + DUE
          + "   ORDER BY COALESCE(next_check_at, first_flagged_at), id LIMIT ?"
          + "   FOR UPDATE SKIP LOCKED)"
          + " AND " + DUE
          + " RETURNING id, site, COALESCE(pages -> 0 ->> 'url', 'http://' || site || '/') AS seed";

  private static final String LOCK_LEAD =
      """
      SELECT id, (SELECT p ->> 'bodySha256' FROM jsonb_array_elements(pages) AS p
                   WHERE p ->> 'url' = ? OR p ->> 'url' = ? LIMIT 1) AS page_sha,
             check_requested_at
        FROM lead WHERE site = ? FOR UPDATE
      """;

  private static final String PREVIOUS_SHA =
      """
      SELECT seed_sha256 FROM lead_check
       WHERE lead_id = ? AND checked_at < ? AND seed_sha256 IS NOT NULL
       ORDER BY checked_at DESC LIMIT 1
      """;

  private static final String INSERT_CHECK =
      """
      INSERT INTO lead_check (lead_id, site, checked_at, state, http_status, reason, detail,
                              seed_url, seed_sha256, pages, recorded_at, requested_at, crawl_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING
      RETURNING id
      """;

  /** The newest check sets the lead's summary; GONE keeps an earlier gone_since. */
  private static final String SUMMARISE =
      """
      UPDATE lead
         SET last_check_at = ?, last_check_state = ?,
             gone_since = CASE ? WHEN 'GONE' THEN COALESCE(gone_since, ?)
                                 WHEN 'UNKNOWN' THEN gone_since
                                 ELSE NULL END
       WHERE id = ? AND (last_check_at IS NULL OR last_check_at < ?)
      """;

  private static final String CHECKS =
      """
      SELECT lead_id, site, checked_at, state, http_status, reason, detail, seed_url, seed_sha256,
             pages
        FROM lead_check WHERE lead_id = ? ORDER BY checked_at DESC, id DESC LIMIT ?
      """;

  private static final String SUMMARY =
      "SELECT next_check_at, last_check_at, last_check_state, gone_since FROM lead WHERE id = ?";

  private static final String GONE = "SELECT id FROM lead WHERE gone_since IS NOT NULL ORDER BY id";

  private static final String NOW =
      "UPDATE lead SET next_check_at = ? WHERE (?::text IS NULL OR site = ?)"
          + " AND status IN ('NEW', 'TRIAGED', 'CONFIRMED', 'REFERRED')";

  private final DataSource dataSource;
  private final Clock clock;

  public LeadChecks(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Claims up to {@code limit} due leads and hands their recrawl requests to {@code publish}
   * inside the claiming transaction: if publishing throws, the claim is rolled back and the leads
   * stay due. A lead is due when its {@code next_check_at} (or, never scheduled, its opening plus
   * one interval) has passed; claiming moves it one interval ahead.
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
    return Transactions.inTransaction(dataSource, "cannot claim due recrawls", c -> {
      List<CrawlRequest> requests = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
        int p = 0;
        setInstant(ps, ++p, now.plus(interval));
        setInstant(ps, ++p, now);
        ps.setLong(++p, interval.toMillis());
        setInstant(ps, ++p, now);
        ps.setInt(++p, limit);
        ps.setLong(++p, interval.toMillis());
        setInstant(ps, ++p, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            requests.add(request(rs.getString("site"), rs.getString("seed"), now));
          }
        }
      }
      if (!requests.isEmpty()) {
        publish.accept(List.copyOf(requests));
      }
      return requests;
    });
  }

  private static CrawlRequest request(String site, String seed, Instant now) {
    return new CrawlRequest(CrawlRequest.VERSION, seed, site, CrawlRequest.Source.RECRAWL, 0, null,
        now, RECRAWL_PRIORITY, null);
  }

  /**
   * Makes the checks of open leads (of one site, or all) due now: the running scheduler sends
   * them on its next look.
   *
   * @return how many leads were rescheduled
   */
  public int scheduleNow(Optional<String> site) {
    Objects.requireNonNull(site, "site");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(NOW)) {
      setInstant(ps, 1, clock.instant().truncatedTo(ChronoUnit.MICROS));
      ps.setString(2, site.orElse(null));
      ps.setString(3, site.orElse(null));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new LeadStoreException("cannot schedule recrawls", e);
    }
  }

  /** What recording one outcome did: the check written, none (replay, not a lead), or a failure. */
  record Recorded(Outcome outcome, Optional<LeadCheck> check, Exception failure) {}

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
   * savepoint each: an outcome whose data the database rejects is reported as failed and the
   * others still commit.
   *
   * @throws SQLException if the database is unavailable: nothing was written, retry the whole list
   */
  List<Recorded> recordAll(List<Outcome> outcomes) throws SQLException {
    Integer[] order = new Integer[outcomes.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing((Integer i) -> outcomes.get(i).site())
        .thenComparing(i -> outcomes.get(i).at()));
    Recorded[] results = new Recorded[outcomes.size()];
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (int i : order) {
          Outcome outcome = outcomes.get(i);
          if (!CheckJudge.isRecrawl(outcome)) {
            results[i] = new Recorded(outcome, Optional.empty(), null);
            continue;
          }
          Savepoint savepoint = c.setSavepoint();
          try {
            results[i] = new Recorded(outcome, recordOne(c, outcome, now), null);
            c.releaseSavepoint(savepoint);
          } catch (SQLException e) {
            if (SqlErrors.isTransient(e)) {
              throw e;
            }
            c.rollback(savepoint);
            results[i] = new Recorded(outcome, Optional.empty(), e);
          } catch (RuntimeException e) {
            c.rollback(savepoint);
            results[i] = new Recorded(outcome, Optional.empty(), e);
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        try {
          if (!c.isClosed()) {
            c.setAutoCommit(true);
          }
        } catch (SQLException e) {
          // broken connection: the pool discards it
        }
      }
    }
    return List.of(results);
  }

  private Optional<LeadCheck> recordOne(Connection c, Outcome outcome, Instant now)
      throws SQLException {
    Instant checkedAt = outcome.at().truncatedTo(ChronoUnit.MICROS);
    String seedUrl = outcome.details().getOrDefault("seedUrl", "");
    long leadId;
    String pageSha;
    Instant requestedAt;
    try (PreparedStatement ps = c.prepareStatement(LOCK_LEAD)) {
      ps.setString(1, outcome.url() == null ? "" : outcome.url());
      ps.setString(2, seedUrl);
      ps.setString(3, outcome.site());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty(); // a recrawl of a site without a lead: nothing to record
        }
        leadId = rs.getLong("id");
        pageSha = rs.getString("page_sha");
        OffsetDateTime claimed = rs.getObject("check_requested_at", OffsetDateTime.class);
        // with a crawl id the outcome names its own request; the lead's latest claim may belong
        // to a later request (recrawl now while a check is under way) and must not stand in
        requestedAt = requestOf(outcome,
            claimed == null || crawlIdOf(outcome) != null ? null : claimed.toInstant(), checkedAt);
      }
    }
    String baseline = pageSha;
    try (PreparedStatement ps = c.prepareStatement(PREVIOUS_SHA)) {
      ps.setLong(1, leadId);
      setInstant(ps, 2, checkedAt);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          baseline = rs.getString(1);
        }
      }
    }
    CheckJudge.Judgement j = CheckJudge.judge(outcome, baseline);
    LeadCheck check = new LeadCheck(leadId, outcome.site(), checkedAt, j.state(), j.httpStatus(),
        j.reason(), j.detail(), j.seedUrl(), j.seedSha256(), j.pages());
    try (PreparedStatement ps = c.prepareStatement(INSERT_CHECK)) {
      int p = 0;
      ps.setLong(++p, leadId);
      ps.setString(++p, check.site());
      setInstant(ps, ++p, checkedAt);
      ps.setString(++p, check.state().name());
      if (check.httpStatus().isPresent()) {
        ps.setInt(++p, check.httpStatus().getAsInt());
      } else {
        ps.setNull(++p, Types.INTEGER);
      }
      ps.setString(++p, check.reason());
      ps.setString(++p, check.detail());
      ps.setString(++p, check.seedUrl().orElse(null));
      ps.setString(++p, check.seedSha256().orElse(null));
      ps.setInt(++p, check.pages());
      setInstant(ps, ++p, now);
      if (requestedAt == null) {
        ps.setNull(++p, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        setInstant(ps, ++p, requestedAt);
      }
      ps.setString(++p, crawlIdOf(outcome));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty(); // replayed: recorded before
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(SUMMARISE)) {
      setInstant(ps, 1, checkedAt);
      ps.setString(2, check.state().name());
      ps.setString(3, check.state().name());
      setInstant(ps, 4, checkedAt);
      ps.setLong(5, leadId);
      setInstant(ps, 6, checkedAt);
      ps.executeUpdate();
    }
    return Optional.of(check);
  }

  /**
   * The recrawl request an outcome answers: its own {@code requestedAt} detail when it has one,
   * else the lead's latest claim if that came before the check finished; {@code null} if unknown.
   */
  static Instant requestOf(Outcome outcome, Instant claimed, Instant checkedAt) {
    String named = outcome.details().get("requestedAt");
    if (named != null) {
      try {
        return Instant.parse(named).truncatedTo(ChronoUnit.MICROS);
      } catch (java.time.format.DateTimeParseException e) {
        // not a time: fall back to the claim
      }
    }
    return claimed != null && !claimed.isAfter(checkedAt) ? claimed : null;
  }

  /**
   * The crawler's id of the crawl an outcome ends ({@link Outcome#CRAWL_ID}, the same on every
   * attempt of one request); {@code null} if absent or implausibly long.
   */
  static String crawlIdOf(Outcome outcome) {
    String id = outcome.details().get(Outcome.CRAWL_ID);
    return id == null || id.isBlank() || id.length() > 256 ? null : id;
  }

  /** The checks of a lead, newest first, at most {@code limit}. */
  public List<LeadCheck> checks(long leadId, int limit) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(CHECKS)) {
      ps.setLong(1, leadId);
      ps.setInt(2, Math.max(0, limit));
      List<LeadCheck> checks = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int code = rs.getInt("http_status");
          OptionalInt status = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(code);
          checks.add(new LeadCheck(rs.getLong("lead_id"), rs.getString("site"),
              instant(rs, "checked_at").orElseThrow(), CheckState.valueOf(rs.getString("state")),
              status, rs.getString("reason"),
              rs.getString("detail"), Optional.ofNullable(rs.getString("seed_url")),
              Optional.ofNullable(rs.getString("seed_sha256")), rs.getInt("pages")));
        }
      }
      return checks;
    } catch (SQLException e) {
      throw new LeadStoreException("cannot read the checks of lead " + leadId, e);
    }
  }

  /**
   * Where a lead's checks stand.
   *
   * @param nextCheckAt when it is next due, if scheduled yet (else one interval after opening)
   * @param lastCheckAt when it was last checked
   * @param lastState what the last check found
   * @param goneSince since when the site is gone (the first GONE check after it was online)
   */
  public record Summary(Optional<Instant> nextCheckAt, Optional<Instant> lastCheckAt,
      Optional<CheckState> lastState, Optional<Instant> goneSince) {}

  /** The check summary of a lead, if it exists. */
  public Optional<Summary> summary(long leadId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SUMMARY)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Summary(instant(rs, "next_check_at"), instant(rs, "last_check_at"),
            Optional.ofNullable(rs.getString("last_check_state")).map(CheckState::valueOf),
            instant(rs, "gone_since")));
      }
    } catch (SQLException e) {
      throw new LeadStoreException("cannot read the check summary of lead " + leadId, e);
    }
  }

  /** Ids of the leads whose site is gone (their newest decisive check was GONE). */
  public Set<Long> goneLeads() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(GONE);
        ResultSet rs = ps.executeQuery()) {
      Set<Long> ids = new LinkedHashSet<>();
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
      return ids;
    } catch (SQLException e) {
      throw new LeadStoreException("cannot list gone leads", e);
    }
  }

  private static void setInstant(PreparedStatement ps, int index, Instant instant)
      throws SQLException {
    ps.setObject(
        index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
  }

  private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? Optional.empty() : Optional.of(t.toInstant());
  }
}
