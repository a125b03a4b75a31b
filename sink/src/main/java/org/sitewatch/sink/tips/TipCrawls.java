package org.sitewatch.sink.tips;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.Outcome;
import org.sitewatch.sink.store.Database;

/**
 * What the end of a reported site's crawl does to its open tips (docs/tips.md): read from the
 * site-level outcome ({@link #of}), applied to the site's tips received before it ({@link
 * #applyAll}). A crawl that fetched something moves them to REVIEWING (their verdict is awaited);
 * an unreachable site is retried {@link TipSettings#retryInterval()} later until {@link
 * TipSettings#maxCrawlAttempts()} crawls failed, then its tips are NOT_ACTIONABLE; a seed refused
 * by the crawler's address guard makes them NOT_ACTIONABLE at once. An outcome no newer than a
 * tip's last crawl end ({@code crawled_at}) changes nothing, so a replayed outcome is harmless, and
 * neither does a second outcome of the crawl the tip took last (same {@code crawlId}, later time).
 */
final class TipCrawls {
  /** How a reported site's crawl ended, as far as its tips are concerned. */
  enum End {
    /** At least one page was fetched. */
    OK,
    /** Nothing could be fetched. */
    UNREACHABLE,
    /** The seed was refused before connecting. */
    REFUSED,
    /** Not crawled because the crawler crawled the site a short while ago (its verdict stands). */
    CRAWLED_RECENTLY
  }

  /**
   * A site's crawl end; {@code crawlId} is the crawler's id of the crawl ({@link Outcome#CRAWL_ID},
   * the same on every outcome of one crawl request), null when the outcome has none.
   */
  record SiteCrawl(String site, Instant at, End end, String crawlId) {
    SiteCrawl {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(end, "end");
      at = at.truncatedTo(ChronoUnit.MICROS);
    }

    SiteCrawl(String site, Instant at, End end) {
      this(site, at, end, null);
    }
  }

  /**
   * Tips whose last crawl end was not this crawl: a second outcome of one crawl (the crawler may
   * publish a request's SITE_CRAWLED again, later, after its partition moved) is no further crawl.
   */
  private static final String NOT_THIS_CRAWL =
      " AND (CAST(:crawlId AS text) IS NULL OR t.crawl_id IS DISTINCT FROM CAST(:crawlId AS text))";

  private static final String SET_CRAWL_ID = ", crawl_id = CAST(:crawlId AS text)";

  /**
   * The reason of the crawler's site-level SKIPPED outcome for a site it crawled a short while ago
   * (crawler.worker.RecentCrawls), and for one it is crawling right now (crawler.worker
   * .RequestIntake): the latter changes nothing, the running crawl ends in its own SITE_CRAWLED.
   */
  static final String CRAWLED_RECENTLY_REASON = "site was crawled by this worker";

  private static final String CRAWLED =
      TipMoves.move(
          "'REVIEWING'",
          "'crawled'",
          ", crawled_at = :at, crawl_result = :result, retry_at = NULL" + SET_CRAWL_ID,
          "",
          """
          t.site = :site AND t.status IN ('RECEIVED', 'REVIEWING') AND t.received_at < :at
          AND (t.crawled_at IS NULL OR t.crawled_at < :at)
          """
              + NOT_THIS_CRAWL);

  private static final String UNREACHABLE =
      TipMoves.move(
          "CASE WHEN t.crawl_attempts + 1 < :maxAttempts THEN 'REVIEWING' ELSE 'NOT_ACTIONABLE' END",
          "CASE WHEN t.crawl_attempts + 1 < :maxAttempts THEN 'unreachable-retrying'"
              + " ELSE 'unreachable' END",
          """
          , crawled_at = :at, crawl_result = 'unreachable', crawl_attempts = t.crawl_attempts + 1,
            retry_at = CASE WHEN t.crawl_attempts + 1 < :maxAttempts THEN :retryAt END
          """
              + SET_CRAWL_ID,
          "",
          """
          t.site = :site AND t.status IN ('RECEIVED', 'REVIEWING') AND t.received_at < :at
          AND (t.crawled_at IS NULL OR t.crawled_at < :at)
          """
              + NOT_THIS_CRAWL);

  private static final String REFUSED =
      TipMoves.move(
          "'NOT_ACTIONABLE'",
          "'refused'",
          ", crawled_at = :at, crawl_result = 'refused', retry_at = NULL" + SET_CRAWL_ID,
          "",
          """
          t.site = :site AND t.status IN ('RECEIVED', 'REVIEWING') AND t.received_at < :at
          AND (t.crawled_at IS NULL OR t.crawled_at < :at)
          """
              + NOT_THIS_CRAWL);

  /**
   * A site crawled a short while ago: tips with no crawl yet are crawled (that crawl's verdict
   * stands); see {@link #CRAWLED}, with crawl_result {@code skipped}.
   */
  private static final String CRAWLED_RECENTLY =
      TipMoves.move(
          "'REVIEWING'",
          "'crawled'",
          ", crawled_at = :at, crawl_result = 'skipped'",
          "",
          """
          t.site = :site AND t.status IN ('RECEIVED', 'REVIEWING') AND t.received_at < :at
          AND t.crawled_at IS NULL
          """);

  /**
   * A retry of an unreachable site skipped because the crawler crawled it a short while ago: the
   * retry is due again later (that crawl's own outcome counted as an attempt when it came).
   */
  private static final String RETRY_AGAIN =
      """
      UPDATE tip SET retry_at = :retryAt
       WHERE site = :site AND status = 'REVIEWING' AND crawl_result = 'unreachable'
         AND retry_at IS NULL AND received_at < :at AND crawled_at < :at
      """;

  private static final Comparator<SiteCrawl> ORDER =
      Comparator.comparing(SiteCrawl::site).thenComparing(SiteCrawl::at);

  private final Database db;
  private final Clock clock;
  private final TipSettings settings;

  TipCrawls(DataSource dataSource, Clock clock, TipSettings settings) {
    this.db = Database.of(dataSource);
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * What a site-level outcome says: a {@code SITE_CRAWLED} of any source with a known result, or
   * the crawler's SKIPPED for a site it crawled a short while ago; empty for every other outcome.
   */
  static Optional<SiteCrawl> of(Outcome o) {
    if (o.stage() != Outcome.Stage.CRAWLER) {
      return Optional.empty();
    }
    if (o.kind() == Outcome.Kind.SKIPPED && o.reason().startsWith(CRAWLED_RECENTLY_REASON)) {
      return Optional.of(new SiteCrawl(o.site(), o.at(), End.CRAWLED_RECENTLY));
    }
    if (o.kind() != Outcome.Kind.SITE_CRAWLED) {
      return Optional.empty();
    }
    Optional<CrawlResult> result = o.crawlResult();
    if (result.isEmpty()) {
      return Optional.empty();
    }
    String id = o.details().get(Outcome.CRAWL_ID);
    String crawlId = id == null || id.isBlank() ? null : id;
    return switch (result.get()) {
      case OK -> Optional.of(new SiteCrawl(o.site(), o.at(), End.OK, crawlId));
      case UNREACHABLE -> Optional.of(new SiteCrawl(o.site(), o.at(), End.UNREACHABLE, crawlId));
      case REFUSED -> Optional.of(new SiteCrawl(o.site(), o.at(), End.REFUSED, crawlId));
      case OTHER -> Optional.empty();
    };
  }

  /** What applying one crawl end did: tip events appended, or the failure the database gave. */
  record Applied(SiteCrawl crawl, int events, Exception failure) {}

  /**
   * Applies crawl ends in one transaction, each in a savepoint (one the database rejects is
   * reported, the others apply).
   *
   * @throws SQLException if the database is unavailable: nothing was written, retry the batch
   */
  List<Applied> applyAll(List<SiteCrawl> crawls) throws SQLException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return db.eachInSavepoint(
        crawls,
        ORDER,
        (h, c) -> new Applied(c, apply(h, c, now), null),
        (c, e) -> new Applied(c, 0, e),
        h -> {});
  }

  private int apply(Handle h, SiteCrawl c, Instant now) {
    Instant retryAt = c.at().plus(settings.retryInterval());
    return switch (c.end()) {
      case OK -> crawled(h, CRAWLED, c, now).bind("result", "ok").execute();
      case REFUSED -> crawled(h, REFUSED, c, now).execute();
      case UNREACHABLE ->
          crawled(h, UNREACHABLE, c, now)
              .bind("maxAttempts", settings.maxCrawlAttempts())
              .bind("retryAt", retryAt)
              .execute();
      case CRAWLED_RECENTLY -> {
        h.createUpdate(RETRY_AGAIN)
            .bind("site", c.site())
            .bind("at", c.at())
            .bind("retryAt", retryAt)
            .execute();
        yield crawled(h, CRAWLED_RECENTLY, c, now).execute();
      }
    };
  }

  private static org.jdbi.v3.core.statement.Update crawled(
      Handle h, String sql, SiteCrawl c, Instant now) {
    var update = h.createUpdate(sql).bind("site", c.site()).bind("at", c.at()).bind("now", now);
    return sql.contains(":crawlId") ? update.bind("crawlId", c.crawlId()) : update;
  }
}
