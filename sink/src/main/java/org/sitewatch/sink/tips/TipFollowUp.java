package org.sitewatch.sink.tips;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.sink.workflow.LeadUpkeep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One follow-up pass over the tips (docs/tips.md, "Following tips"): each step one set-based
 * statement in its own transaction, every status change appended to {@code tip_event}.
 *
 * <p>Which sites a pass looks at: the sites named by rows added since the last pass to the three
 * append-only logs that say something changed for a tip, {@code lead_event} (a lead opened or
 * updated), {@code lead_action} (dismissed, reopened, ...) and {@code tip_event} (a tip received,
 * opened by hand), restricted to sites that tips name. A log is read from a watermark kept in
 * memory that passes only rows older than {@link #SETTLED} (a row of a transaction still running
 * when a later row was read is not skipped); the first pass after start reads the logs whole, a
 * full reconciliation. The other steps use the partial indexes of V13 (tip_open, tip_unsent,
 * tip_retry_due, tip_contact_erase), so a pass never reads all tips.
 */
final class TipFollowUp {
  private static final Logger log = LoggerFactory.getLogger(TipFollowUp.class);

  /** Log rows younger than this stay behind the watermark (see the class comment). */
  static final Duration SETTLED = Duration.ofMinutes(1);

  /** Crawl requests sent per transaction; a pass sends batches until none is left. */
  static final int SEND_BATCH = 200;

  /** The sites in the log since {@code :from} that tips name, and the next watermark. */
  private static final String CHANGED_SITES =
      """
      SELECT COALESCE(array_agg(DISTINCT x.site) FILTER (WHERE x.tipped), '{}') AS sites,
             COALESCE(min(x.id) FILTER (WHERE x.at >= :settled) - 1, max(x.id), :from) AS next
        FROM (SELECT e.id, e.site, e.at,
                     EXISTS (SELECT 1 FROM tip t WHERE t.site = e.site) AS tipped
                FROM %s e WHERE e.id > :from) AS x
      """;

  private static final String TIP_EVENT_SITES =
      """
      SELECT COALESCE(array_agg(DISTINCT t.site), '{}') AS sites,
             COALESCE(min(e.id) FILTER (WHERE e.at >= :settled) - 1, max(e.id), :from) AS next
        FROM tip_event e JOIN tip t ON t.id = e.tip_id
       WHERE e.id > :from
      """;

  /**
   * Tips an analyst asked a lead for, on sites without a lead; the analyst from the tip's log: the
   * event that asked (which only the analyst role can write: the tips role writes defaults only).
   */
  private static final String ASKED_BY_HAND =
      """
      SELECT DISTINCT ON (t.site) t.site,
             (SELECT e.actor FROM tip_event e
               WHERE e.tip_id = t.id AND e.status = 'ACTION_TAKEN' AND e.reason = 'opened-by-hand'
                 AND e.actor NOT IN ('public', 'sink')
               ORDER BY e.id DESC LIMIT 1) AS actor
        FROM tip t
       WHERE t.site = ANY(:sites) AND t.status = 'ACTION_TAKEN' AND t.lead_id IS NULL
         AND t.status_reason = 'opened-by-hand'
         AND NOT EXISTS (SELECT 1 FROM lead l WHERE l.site = t.site)
       ORDER BY t.site, t.status_at DESC, t.id DESC
      """;

  private static final String TIP_VERDICT =
      "SELECT verdict::text FROM tip_verdict WHERE site = :site";

  /**
   * (a) A site with a lead that is not dismissed: its tips are ACTION_TAKEN with the lead (also
   * from NOT_ACTIONABLE), once the tip's own crawl has ended (a tip still RECEIVED waits: else a
   * site's operator could report the site and learn at once from the status page whether it is
   * under investigation). A tip opened by hand is linked to its site's lead whatever that lead's
   * status: if the lead is dismissed, {@link #DISMISSED} then says so.
   */
  private static final String LEAD =
      TipMoves.move(
          "'ACTION_TAKEN'",
          "CASE WHEN t.status = 'ACTION_TAKEN' THEN t.status_reason ELSE 'lead' END",
          ", lead_id = l.id, retry_at = NULL",
          "JOIN lead l ON l.site = o.site",
          """
          t.site = ANY(:sites) AND t.status <> 'RECEIVED'
          AND ((l.status <> 'DISMISSED'
                AND (t.status <> 'ACTION_TAKEN' OR t.lead_id IS DISTINCT FROM l.id))
               OR (t.status = 'ACTION_TAKEN' AND t.lead_id IS NULL))
          """);

  /** (a) Tips whose lead was dismissed: NOT_ACTIONABLE. */
  private static final String DISMISSED =
      TipMoves.move(
          "'NOT_ACTIONABLE'",
          "'lead-dismissed'",
          "",
          "JOIN lead l ON l.id = o.lead_id",
          "t.site = ANY(:sites) AND t.status = 'ACTION_TAKEN' AND l.status = 'DISMISSED'");

  /**
   * (b) Crawled, the grace for a flagging verdict over, and no lead: NOT_ACTIONABLE. Index tip_open
   * (status REVIEWING).
   */
  private static final String NOT_FLAGGED =
      TipMoves.move(
          "'NOT_ACTIONABLE'",
          "CASE WHEN EXISTS (SELECT 1 FROM lead d WHERE d.site = t.site) THEN 'lead-dismissed'"
              + " ELSE 'not-flagged' END",
          "",
          "",
          """
          t.status = 'REVIEWING' AND t.crawl_result IN ('ok', 'skipped')
          AND t.crawled_at <= :graceOver
          AND NOT EXISTS (SELECT 1 FROM lead l WHERE l.site = t.site AND l.status <> 'DISMISSED')
          """);

  /** (d) lead.tips for the sites' leads whose count changed; returns the leads. */
  private static final String COUNT_TIPS =
      """
      UPDATE lead l SET tips = c.n
        FROM (SELECT site, count(*)::int AS n FROM tip WHERE site = ANY(:sites) GROUP BY site) c
       WHERE l.site = c.site AND l.tips <> c.n
      RETURNING l.id
      """;

  /** (e) Tips whose crawl request the receiving process did not send. Index tip_unsent. */
  private static final String UNSENT =
      """
      SELECT id, site, urls[1] AS url, priority FROM tip
       WHERE crawl_sent_at IS NULL AND received_at <= :before
       ORDER BY received_at LIMIT :limit
         FOR UPDATE SKIP LOCKED
      """;

  /** (e) Tips whose unreachable site is due to be tried again. Index tip_retry_due. */
  private static final String RETRY_DUE =
      """
      SELECT id, site, urls[1] AS url, priority FROM tip
       WHERE retry_at <= :now
       ORDER BY retry_at LIMIT :limit
         FOR UPDATE SKIP LOCKED
      """;

  /**
   * (e) Tips sent long ago whose site's crawl never ended (the request was lost, or refused as a
   * bad record by an older crawler): sent again, each time one attempt. Index tip_open (RECEIVED).
   */
  private static final String STALE =
      """
      SELECT id, site, urls[1] AS url, priority FROM tip
       WHERE status = 'RECEIVED' AND crawl_sent_at <= :stale AND crawl_attempts < :max
       ORDER BY crawl_sent_at LIMIT :limit
         FOR UPDATE SKIP LOCKED
      """;

  /** (e) Stale tips whose attempts are used up: NOT_ACTIONABLE. Index tip_open (RECEIVED). */
  private static final String NEVER_CRAWLED =
      TipMoves.move(
          "'NOT_ACTIONABLE'",
          "'no-crawl'",
          "",
          "",
          "t.status = 'RECEIVED' AND t.crawl_sent_at <= :stale AND t.crawl_attempts >= :max");

  private static final String MARK_SENT =
      "UPDATE tip SET crawl_sent_at = :now, retry_at = NULL WHERE id = ANY(:ids)";

  private static final String MARK_RESENT =
      """
      UPDATE tip SET crawl_sent_at = :now, crawl_attempts = crawl_attempts + 1
       WHERE id = ANY(:ids)
      """;

  /** (f) Contact data past its retention. Index tip_contact_erase. */
  private static final String ERASE_CONTACTS = "DELETE FROM tip_contact WHERE erase_after <= :now";

  /** What a pass did. */
  record Pass(
      int sites,
      int openedByHand,
      int events,
      int leadsCounted,
      int requestsSent,
      int retriesSent,
      int contactsErased) {}

  private final Database db;
  private final Clock clock;
  private final TipSettings settings;
  private final LeadStore leads;
  private final LeadUpkeep upkeep;
  private final Consumer<List<CrawlRequest>> publisher;
  private long leadEventMark;
  private long leadActionMark;
  private long tipEventMark;

  TipFollowUp(
      DataSource dataSource,
      Clock clock,
      TipSettings settings,
      LeadStore leads,
      LeadUpkeep upkeep,
      Consumer<List<CrawlRequest>> publisher) {
    this.db = Database.of(dataSource);
    this.clock = clock;
    this.settings = settings;
    this.leads = leads;
    this.upkeep = upkeep;
    this.publisher = publisher;
  }

  /**
   * One pass. The watermarks move once the steps that read them succeeded (before the sends, which
   * fail while the broker is away); a pass that failed before that is repeated whole.
   *
   * @throws org.sitewatch.sink.store.LeadStoreException or a Kafka exception if a step fails
   */
  synchronized Pass run() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant settled = now.minus(SETTLED);
    long[] marks = new long[3];
    String[] sites =
        db.withHandle(
            "cannot read what changed for tips",
            h -> {
              java.util.TreeSet<String> all = new java.util.TreeSet<>();
              marks[0] =
                  changed(h, CHANGED_SITES.formatted("lead_event"), leadEventMark, settled, all);
              marks[1] =
                  changed(h, CHANGED_SITES.formatted("lead_action"), leadActionMark, settled, all);
              marks[2] = changed(h, TIP_EVENT_SITES, tipEventMark, settled, all);
              return all.toArray(String[]::new);
            });
    int opened = 0;
    int events = 0;
    int counted = 0;
    if (sites.length > 0) {
      opened = openAskedByHand(sites);
      events +=
          db.inTransaction(
              "cannot follow tips to their leads",
              h ->
                  h.createUpdate(LEAD)
                          .bindArray("sites", String.class, (Object[]) sites)
                          .bind("now", now)
                          .execute()
                      + h.createUpdate(DISMISSED)
                          .bindArray("sites", String.class, (Object[]) sites)
                          .bind("now", now)
                          .execute());
    }
    events +=
        db.inTransaction(
            "cannot close tips whose site was not flagged",
            h ->
                h.createUpdate(NOT_FLAGGED)
                    .bind("graceOver", now.minus(settings.verdictGrace()))
                    .bind("now", now)
                    .execute());
    if (sites.length > 0) {
      counted =
          db.inTransaction(
              "cannot count the tips of leads",
              h -> {
                List<Long> changed =
                    h.createQuery(COUNT_TIPS)
                        .bindArray("sites", String.class, (Object[]) sites)
                        .mapTo(Long.class)
                        .list();
                for (long lead : changed) {
                  upkeep.recompute(h, lead, now);
                }
                return changed.size();
              });
    }
    // before sending, which fails while the broker is away: erasure keeps its date and the next
    // pass does not read the logs again
    int erased =
        db.inTransaction(
            "cannot erase contact data",
            h -> h.createUpdate(ERASE_CONTACTS).bind("now", now).execute());
    leadEventMark = marks[0];
    leadActionMark = marks[1];
    tipEventMark = marks[2];
    Instant stale = now.minus(settings.retryInterval());
    events +=
        db.inTransaction(
            "cannot close tips whose site was never crawled",
            h ->
                h.createUpdate(NEVER_CRAWLED)
                    .bind("stale", stale)
                    .bind("max", settings.maxCrawlAttempts())
                    .bind("now", now)
                    .execute());
    int sent =
        send(UNSENT, MARK_SENT, now, q -> q.bind("before", now.minus(settings.unsentAfter())));
    int retried = send(RETRY_DUE, MARK_SENT, now, q -> q.bind("now", now));
    retried +=
        send(
            STALE,
            MARK_RESENT,
            now,
            q -> q.bind("stale", stale).bind("max", settings.maxCrawlAttempts()));
    return new Pass(sites.length, opened, events, counted, sent, retried, erased);
  }

  private static long changed(
      Handle h, String sql, long from, Instant settled, java.util.Set<String> sites) {
    return h.createQuery(sql)
        .bind("from", from)
        .bind("settled", settled)
        .map(
            (rs, ctx) -> {
              sites.addAll(Rows.texts(rs, "sites"));
              return rs.getLong("next");
            })
        .one();
  }

  /**
   * (c) Opens the leads analysts asked for, from the sites' stored verdicts; one transaction each.
   */
  private int openAskedByHand(String[] sites) {
    record Asked(String site, String actor) {}
    List<Asked> asked =
        db.withHandle(
            "cannot read the tips opened by hand",
            h ->
                h.createQuery(ASKED_BY_HAND)
                    .bindArray("sites", String.class, (Object[]) sites)
                    .map((rs, ctx) -> new Asked(rs.getString("site"), rs.getString("actor")))
                    .list());
    int opened = 0;
    for (Asked a : asked) {
      boolean done =
          db.inTransaction(
              "cannot open the lead asked for on " + a.site(),
              h -> {
                Optional<String> json =
                    h.createQuery(TIP_VERDICT).bind("site", a.site()).mapTo(String.class).findOne();
                if (json.isEmpty()) {
                  log.warn(
                      "a lead was asked for by hand on {} by {}, but no verdict of the site is kept;"
                          + " the tip waits for one",
                      a.site(),
                      a.actor());
                  return false;
                }
                SiteVerdict verdict =
                    Rows.fromJson(json.get(), new TypeReference<SiteVerdict>() {});
                return leads.openByHand(h, verdict, a.actor()).isPresent();
              });
      if (done) {
        opened++;
        log.info("opened a lead on {} by hand, asked for by {}", a.site(), a.actor());
      }
    }
    return opened;
  }

  /**
   * (e) Sends the selected tips' crawl requests, batch by batch, each marked in its transaction.
   */
  private int send(
      String select,
      String mark,
      Instant now,
      java.util.function.UnaryOperator<org.jdbi.v3.core.statement.Query> bind) {
    int total = 0;
    while (!Thread.currentThread().isInterrupted()) {
      int n =
          db.inTransaction(
              "cannot send the crawl requests of tips",
              h -> {
                record Row(long id, CrawlRequest request) {}
                List<Row> rows =
                    bind.apply(h.createQuery(select))
                        .bind("limit", SEND_BATCH)
                        .map(
                            (rs, ctx) ->
                                new Row(
                                    rs.getLong("id"),
                                    new CrawlRequest(
                                        CrawlRequest.VERSION,
                                        rs.getString("url"),
                                        rs.getString("site"),
                                        CrawlRequest.Source.TIP,
                                        0,
                                        null,
                                        now,
                                        rs.getInt("priority"),
                                        null,
                                        CrawlRequest.newTraceId())))
                        .list();
                if (rows.isEmpty()) {
                  return 0;
                }
                // inside the transaction: a request the broker did not take leaves its tip due
                publisher.accept(rows.stream().map(Row::request).toList());
                h.createUpdate(mark)
                    .bindArray("ids", Long.class, rows.stream().map(Row::id).toArray())
                    .bind("now", now)
                    .execute();
                return rows.size();
              });
      total += n;
      if (n < SEND_BATCH) {
        break;
      }
    }
    return total;
  }
}
