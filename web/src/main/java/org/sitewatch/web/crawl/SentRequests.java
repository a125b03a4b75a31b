package org.sitewatch.web.crawl;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.Visibility;

/**
 * The workbench's record of the sites analysts sent to be crawled ({@code workbench_crawl_request})
 * and what the lead database says became of each.
 *
 * <p>What can be known: the crawler's and classifier's progress is not in the database, only the
 * sink's result. A verdict for a site updates its lead's {@code decided_at} whatever it says, so a
 * visible lead decided at or after the request means a verdict came: {@link State#FLAGGED} if it
 * flagged the site, {@link State#NOT_FLAGGED} if not. A site without a lead leaves no trace when
 * its verdict does not flag it, so it stays {@link State#WAITING} ("no lead yet") whether it is
 * still being crawled or was found clean. A lead of another bureau reads as no lead (the bureau
 * rule). The classifier's clock stamps {@code decided_at} and the workbench's {@code requested_at}:
 * clocks far apart blur the line.
 */
public final class SentRequests {
  /** Where a request stands, as far as the lead database tells. */
  public enum State {
    /** No verdict seen since the request: no lead yet, or a lead whose last verdict is older. */
    WAITING,
    /** A verdict since the request flagged the site: its lead is there to look at. */
    FLAGGED,
    /** A verdict since the request did not flag the site (a lead the site already had). */
    NOT_FLAGGED;

    public boolean done() {
      return this != WAITING;
    }
  }

  /**
   * One request and its progress.
   *
   * @param leadId the site's lead if the viewer may see it, else 0
   * @param leadStatus that lead's status, or empty
   */
  public record Sent(
      long id,
      String url,
      String site,
      Instant requestedAt,
      State state,
      long leadId,
      String leadStatus) {}

  /** How many of a viewer's requests are shown. */
  static final int SHOWN = 50;

  private static final String INSERT =
      """
      INSERT INTO workbench_crawl_request (url, site, requested_by, requested_at)
      VALUES (:url, :site, :by, :at)
      """;

  private static final String MINE =
      "SELECT r.id, r.url, r.site, r.requested_at, lead.id AS lead_id, lead.status,"
          + " lead.flagged, lead.decided_at"
          + " FROM workbench_crawl_request r LEFT JOIN lead ON lead.site = r.site AND "
          + Visibility.LEAD
          + " WHERE r.requested_by = :by ORDER BY r.requested_at DESC, r.id DESC LIMIT "
          + SHOWN;

  private final Database db;

  SentRequests(DataSource dataSource) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Records the request and runs {@code send} in the same transaction: a request the broker did not
   * take is not recorded, and one that could not be recorded is not sent.
   */
  void record(CrawlRequest request, String by, Runnable send) {
    db.inTransaction(
        "cannot record the crawl request for " + request.site(),
        h -> {
          h.createUpdate(INSERT)
              .bind("url", request.url())
              .bind("site", request.site())
              .bind("by", by)
              .bind("at", request.requestedAt())
              .execute();
          send.run();
          return null;
        });
  }

  /** The viewer's newest requests with their progress. */
  List<Sent> mine(Viewer viewer) {
    return db.withHandle(
        "cannot read the crawl requests of " + viewer.name(),
        h ->
            Visibility.bind(h.createQuery(MINE).bind("by", viewer.name()), viewer)
                .map(
                    (rs, ctx) -> {
                      Instant at = Rows.instant(rs, "requested_at");
                      long leadId = rs.getLong("lead_id");
                      State state = State.WAITING;
                      if (leadId != 0) {
                        Instant decided = Rows.instant(rs, "decided_at");
                        if (!decided.isBefore(at)) {
                          state = rs.getBoolean("flagged") ? State.FLAGGED : State.NOT_FLAGGED;
                        }
                      }
                      return new Sent(
                          rs.getLong("id"),
                          rs.getString("url"),
                          rs.getString("site"),
                          at,
                          state,
                          leadId,
                          leadId == 0 ? "" : rs.getString("status"));
                    })
                .list());
  }
}
