package org.sitewatch.sink.recrawl;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.sitewatch.events.Outcome;
import org.sitewatch.sink.recrawl.LeadChecks.Recorded;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;

/**
 * Writes recrawl outcomes as {@code lead_check} rows. A check is inserted with {@code ON CONFLICT
 * DO NOTHING} on (lead, checked_at), (lead, crawl_id) and (lead, requested_at), so a replayed
 * outcome writes nothing, and neither does a second SITE_CRAWLED outcome for the same recrawl
 * request (a crawler killed after sending the outcome but before its checkpoint sends it again,
 * with a later time): it carries the same {@code crawlId}, and answers the same claim (the lead's
 * {@code check_requested_at}, the request's {@code requestedAt}) for outcomes without one. The
 * newest check sets the lead's summary.
 */
final class CheckWriter {
  private static final String LOCK_LEAD =
      """
      SELECT id, (SELECT p ->> 'bodySha256' FROM jsonb_array_elements(pages) AS p
                   WHERE p ->> 'url' = :url OR p ->> 'url' = :seedUrl LIMIT 1) AS page_sha,
             check_requested_at
        FROM lead WHERE site = :site FOR UPDATE
      """;

  private static final String PREVIOUS_SHA =
      """
      SELECT seed_sha256 FROM lead_check
       WHERE lead_id = :leadId AND checked_at < :checkedAt AND seed_sha256 IS NOT NULL
       ORDER BY checked_at DESC LIMIT 1
      """;

  private static final String INSERT_CHECK =
      """
      INSERT INTO lead_check (lead_id, site, checked_at, state, http_status, reason, detail,
                              seed_url, seed_sha256, pages, recorded_at, requested_at, crawl_id)
      VALUES (:leadId, :site, :checkedAt, :state, :httpStatus, :reason, :detail, :seedUrl,
              :seedSha256, :pages, :now, :requestedAt, :crawlId)
      ON CONFLICT DO NOTHING
      RETURNING id
      """;

  /** The newest check sets the lead's summary; GONE keeps an earlier gone_since. */
  private static final String SUMMARISE =
      """
      UPDATE lead
         SET last_check_at = :checkedAt, last_check_state = :state,
             gone_since = CASE :state WHEN 'GONE' THEN COALESCE(gone_since, :checkedAt)
                                      WHEN 'UNKNOWN' THEN gone_since
                                      ELSE NULL END
       WHERE id = :leadId AND (last_check_at IS NULL OR last_check_at < :checkedAt)
      """;

  /** Outcomes are recorded oldest first per site. */
  private static final Comparator<Outcome> ORDER =
      Comparator.comparing(Outcome::site).thenComparing(Outcome::at);

  private final Database db;
  private final Clock clock;

  CheckWriter(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** See {@link LeadChecks#recordAll}. */
  List<Recorded> recordAll(List<Outcome> outcomes) throws SQLException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return db.eachInSavepoint(
        outcomes,
        ORDER,
        (h, outcome) ->
            new Recorded(
                outcome,
                CheckJudge.isRecrawl(outcome) ? recordOne(h, outcome, now) : Optional.empty(),
                null),
        (outcome, failure) -> new Recorded(outcome, Optional.empty(), failure),
        h -> {});
  }

  /** The lead a recrawl outcome is about, locked. */
  private record Locked(long leadId, String pageSha, Instant claimed) {}

  private Optional<LeadCheck> recordOne(Handle h, Outcome outcome, Instant now) {
    Instant checkedAt = outcome.at().truncatedTo(ChronoUnit.MICROS);
    Optional<Locked> locked =
        h.createQuery(LOCK_LEAD)
            .bind("url", outcome.url() == null ? "" : outcome.url())
            .bind("seedUrl", CheckJudge.seedUrl(outcome))
            .bind("site", outcome.site())
            .map(
                (rs, ctx) ->
                    new Locked(
                        rs.getLong("id"),
                        rs.getString("page_sha"),
                        Rows.optionalInstant(rs, "check_requested_at").orElse(null)))
            .findOne();
    if (locked.isEmpty()) {
      return Optional.empty(); // a recrawl of a site without a lead: nothing to record
    }
    long leadId = locked.get().leadId();
    Instant claimed = locked.get().claimed();
    // with a crawl id the outcome names its own request; the lead's latest claim may belong to a
    // later request (recrawl now while a check is under way) and must not stand in
    Instant requestedAt =
        requestOf(
            outcome, claimed == null || crawlIdOf(outcome) != null ? null : claimed, checkedAt);
    String baseline =
        h.createQuery(PREVIOUS_SHA)
            .bind("leadId", leadId)
            .bind("checkedAt", checkedAt)
            .mapTo(String.class)
            .findOne()
            .orElse(locked.get().pageSha());
    CheckJudge.Judgement j = CheckJudge.judge(outcome, baseline);
    LeadCheck check =
        new LeadCheck(
            leadId,
            outcome.site(),
            checkedAt,
            j.state(),
            j.httpStatus(),
            j.reason(),
            j.detail(),
            j.seedUrl(),
            j.seedSha256(),
            j.pages());
    boolean inserted =
        h.createQuery(INSERT_CHECK)
            .bind("leadId", leadId)
            .bind("site", check.site())
            .bind("checkedAt", checkedAt)
            .bind("state", check.state().name())
            .bind(
                "httpStatus",
                check.httpStatus().isPresent()
                    ? Integer.valueOf(check.httpStatus().getAsInt())
                    : null)
            .bind("reason", check.reason())
            .bind("detail", check.detail())
            .bind("seedUrl", check.seedUrl().orElse(null))
            .bind("seedSha256", check.seedSha256().orElse(null))
            .bind("pages", check.pages())
            .bind("now", now)
            .bindByType("requestedAt", requestedAt, Instant.class)
            .bind("crawlId", crawlIdOf(outcome))
            .mapTo(Long.class)
            .findOne()
            .isPresent();
    if (!inserted) {
      return Optional.empty(); // replayed: recorded before
    }
    h.createUpdate(SUMMARISE)
        .bind("checkedAt", checkedAt)
        .bind("state", check.state().name())
        .bind("leadId", leadId)
        .execute();
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
      } catch (DateTimeParseException e) {
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
}
