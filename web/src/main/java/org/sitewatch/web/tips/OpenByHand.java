package org.sitewatch.web.tips;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.sitewatch.sink.store.Database;

/**
 * "Open a lead by hand" from the tips on a site that was not flagged (docs/tips.md). The workbench
 * never writes a lead (its database role cannot): in one transaction it sets the site's tips that
 * are not actionable or under review to {@code ACTION_TAKEN} with reason {@value #REASON} (lead
 * none yet) and appends a {@code tip_event} for each, naming the signed-in account. The sink's
 * {@code TipFollower} then opens the lead from the site's kept verdict ({@code tip_verdict}) and
 * links the tips to it. Only a site with a kept verdict and no lead qualifies; the conditions are
 * part of the update itself, so two analysts asking at once open it once.
 */
final class OpenByHand {
  /** The {@code status_reason} and {@code tip_event.reason} of a lead asked for by hand. */
  static final String REASON = "opened-by-hand";

  private static final String MARK =
      """
      UPDATE tip SET status = 'ACTION_TAKEN', status_reason = '%s', status_at = :now,
                     lead_id = NULL
       WHERE site = :site AND status IN ('NOT_ACTIONABLE', 'REVIEWING')
         AND EXISTS (SELECT 1 FROM tip_verdict v WHERE v.site = :site)
         AND NOT EXISTS (SELECT 1 FROM lead l WHERE l.site = :site)
      RETURNING id
      """
          .formatted(REASON);

  private static final String EVENTS =
      """
      INSERT INTO tip_event (tip_id, status, reason, actor, at)
      SELECT id, 'ACTION_TAKEN', '%s', :actor, :now FROM unnest(CAST(:ids AS bigint[])) AS ids(id)
      """
          .formatted(REASON);

  private static final String WHY_NOT =
      """
      SELECT EXISTS (SELECT 1 FROM lead l WHERE l.site = :site) AS has_lead,
             EXISTS (SELECT 1 FROM tip_verdict v WHERE v.site = :site) AS has_verdict
      """;

  /** What came of the request. */
  enum Outcome {
    /** The tips were marked: the sink will open the lead. */
    ASKED,
    /** The site already has a lead (of any bureau). */
    HAS_LEAD,
    /** The sink kept no verdict for the site (not crawled yet, or judged with a lead). */
    NO_VERDICT,
    /** No tip on the site is not actionable or under review (someone asked already). */
    NOTHING_TO_OPEN
  }

  /** The outcome and the tips marked. */
  record Result(Outcome outcome, List<Long> tips) {
    Result {
      tips = List.copyOf(tips);
    }
  }

  private final Database db;
  private final Clock clock;

  OpenByHand(DataSource dataSource, Clock clock) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Asks for a lead on {@code site} in the name of {@code actor} (the signed-in account).
   *
   * @throws org.sitewatch.sink.store.LeadStoreException if the database refuses or is unavailable
   */
  Result open(String site, String actor) {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(actor, "actor");
    Instant now = clock.instant();
    return db.inTransaction(
        "cannot ask for a lead on " + site,
        h -> {
          List<Long> ids =
              h.createQuery(MARK).bind("site", site).bind("now", now).mapTo(Long.class).list();
          if (!ids.isEmpty()) {
            h.createUpdate(EVENTS)
                .bindArray("ids", Long.class, ids.toArray())
                .bind("actor", actor)
                .bind("now", now)
                .execute();
            return new Result(Outcome.ASKED, ids);
          }
          Outcome why =
              h.createQuery(WHY_NOT)
                  .bind("site", site)
                  .map(
                      (rs, ctx) ->
                          rs.getBoolean("has_lead")
                              ? Outcome.HAS_LEAD
                              : rs.getBoolean("has_verdict")
                                  ? Outcome.NOTHING_TO_OPEN
                                  : Outcome.NO_VERDICT)
                  .one();
          return new Result(why, List.of());
        });
  }
}
