package org.sitewatch.sink.tips;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;

/**
 * Records reports and reads their status by receipt: what the public site (as the tips role) and
 * the workbench's hotline form (as the analyst role) share. A report is one transaction: the
 * report, one tip per site with its first status in {@code tip_event}, and the contact apart with
 * its erase date. The crawl requests are the caller's to send, then {@link #markSent}; a tip left
 * unsent (the broker was away, the process died) is sent by the sink's {@link TipFollower}.
 */
public final class TipStore {
  /** Earlier tips on a site within this window raise the crawl priority of a new one. */
  public static final Duration PRIORITY_WINDOW = Duration.ofDays(30);

  /** Who {@code tip_event} names for a tip from the public site. */
  public static final String PUBLIC_ACTOR = "public";

  /**
   * One site of a recorded report.
   *
   * @param urls the report's URLs on the site, in the order given
   * @param priority the crawl priority: {@link CrawlRequest#TIP_PRIORITY}, one more per earlier tip
   *     on the site within {@link #PRIORITY_WINDOW}, at most {@link CrawlRequest#MAX_PRIORITY}
   */
  public record Tip(long id, String site, List<String> urls, int priority, Instant receivedAt) {
    public Tip {
      urls = List.copyOf(urls);
    }

    /**
     * The crawl request for this tip: source TIP, its priority, starting at its first URL, with a
     * new trace id (each call makes a new request).
     */
    public CrawlRequest crawlRequest() {
      return new CrawlRequest(
          CrawlRequest.VERSION,
          urls.get(0),
          site,
          CrawlRequest.Source.TIP,
          0,
          null,
          receivedAt,
          priority,
          null,
          CrawlRequest.newTraceId());
    }
  }

  /**
   * A recorded report.
   *
   * @param receipt the receipt code to show the reporter, once (only its hash is stored)
   */
  public record Recorded(long reportId, String receipt, Instant receivedAt, List<Tip> tips) {
    public Recorded {
      tips = List.copyOf(tips);
    }
  }

  /** What a reporter may see of one reported site: its URLs as given and the tip's status. */
  public record SiteStatus(String site, List<String> urls, TipStatus status, Instant statusAt) {
    public SiteStatus {
      urls = List.copyOf(urls);
    }
  }

  /** What a reporter may see of a report. */
  public record ReportStatus(Instant receivedAt, List<SiteStatus> sites) {
    public ReportStatus {
      sites = List.copyOf(sites);
    }
  }

  /**
   * A public report names no author: the tips role may not write {@code entered_by}, and a hotline
   * report must have one (a table constraint), so the public side cannot file a hotline tip.
   */
  private static final String INSERT_PUBLIC_REPORT =
      """
      INSERT INTO tip_report (receipt_hash, channel, category, description, received_at,
                              client_hash)
      VALUES (:receiptHash, :channel, :category, :description, :at, :clientHash)
      RETURNING id
      """;

  private static final String INSERT_HOTLINE_REPORT =
      """
      INSERT INTO tip_report (receipt_hash, channel, category, description, received_at,
                              client_hash, entered_by)
      VALUES (:receiptHash, :channel, :category, :description, :at, :clientHash, :enteredBy)
      RETURNING id
      """;

  private static final String EARLIER_TIPS =
      "SELECT count(*) FROM tip WHERE site = :site AND received_at > :since";

  /** Status RECEIVED, no reason, no lead: the columns' defaults (all the tips role may write). */
  private static final String INSERT_TIP =
      """
      INSERT INTO tip (report_id, site, urls, priority, received_at, status_at)
      VALUES (:reportId, :site, :urls, :priority, :at, :at)
      RETURNING id
      """;

  /** A public tip's first event: RECEIVED by {@value #PUBLIC_ACTOR}, the columns' defaults. */
  private static final String INSERT_PUBLIC_EVENT =
      "INSERT INTO tip_event (tip_id, at) VALUES (:tipId, :at)";

  /** A hotline tip's first event, naming the account that entered it. */
  private static final String INSERT_EVENT =
      """
      INSERT INTO tip_event (tip_id, status, reason, actor, at)
      VALUES (:tipId, 'RECEIVED', '', :actor, :at)
      """;

  private static final String INSERT_CONTACT =
      """
      INSERT INTO tip_contact (report_id, contact, erase_after)
      VALUES (:reportId, :contact, :eraseAfter)
      """;

  private static final String MARK_SENT =
      "UPDATE tip SET crawl_sent_at = :at WHERE id = ANY(:ids) AND crawl_sent_at IS NULL";

  private static final String STATUS =
      """
      SELECT r.received_at AS report_at, t.site, t.urls, t.status, t.status_at
        FROM tip_report r JOIN tip t ON t.report_id = r.id
       WHERE r.receipt_hash = :receiptHash
       ORDER BY t.id
      """;

  private final Database db;
  private final Clock clock;
  private final Receipts receipts;
  private final Duration contactRetention;

  /**
   * @param contactRetention how long a reporter's contact is kept (then the sink erases it)
   */
  public TipStore(
      DataSource dataSource, Clock clock, Receipts receipts, Duration contactRetention) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.receipts = Objects.requireNonNull(receipts, "receipts");
    this.contactRetention = Objects.requireNonNull(contactRetention, "contactRetention");
    if (contactRetention.isNegative() || contactRetention.isZero()) {
      throw new IllegalArgumentException("contactRetention must be positive: " + contactRetention);
    }
  }

  /**
   * Records a report in one transaction.
   *
   * @throws org.sitewatch.sink.store.LeadStoreException if the database refuses or is unavailable
   */
  public Recorded record(NewReport report) {
    Instant now = clock.instant();
    String receipt = receipts.next();
    String hash = Receipts.hash(Receipts.normalize(receipt).orElseThrow());
    String actor = report.enteredBy().orElse(null);
    Map<String, List<String>> bySite = new LinkedHashMap<>();
    for (ReportedUrls.Url u : report.urls()) {
      bySite.computeIfAbsent(u.site(), s -> new ArrayList<>()).add(u.url());
    }
    return db.inTransaction(
        "cannot record the tip",
        h -> {
          Query insert =
              h.createQuery(actor == null ? INSERT_PUBLIC_REPORT : INSERT_HOTLINE_REPORT)
                  .bind("receiptHash", hash)
                  .bind("channel", report.channel().name())
                  .bind("category", report.category().label())
                  .bind("description", report.description())
                  .bind("at", now)
                  .bind("clientHash", report.clientHash().orElse(null));
          if (actor != null) {
            insert.bind("enteredBy", actor);
          }
          long reportId = insert.mapTo(Long.class).one();
          List<Tip> tips = new ArrayList<>();
          for (Map.Entry<String, List<String>> e : bySite.entrySet()) {
            tips.add(insertTip(h, reportId, e.getKey(), e.getValue(), actor, now));
          }
          if (report.contact().isPresent()) {
            h.createUpdate(INSERT_CONTACT)
                .bind("reportId", reportId)
                .bind("contact", report.contact().get())
                .bind("eraseAfter", now.plus(contactRetention))
                .execute();
          }
          return new Recorded(reportId, receipt, now, tips);
        });
  }

  private static Tip insertTip(
      Handle h, long reportId, String site, List<String> urls, String actor, Instant now) {
    long earlier =
        h.createQuery(EARLIER_TIPS)
            .bind("site", site)
            .bind("since", now.minus(PRIORITY_WINDOW))
            .mapTo(Long.class)
            .one();
    int priority = (int) Math.min(CrawlRequest.MAX_PRIORITY, CrawlRequest.TIP_PRIORITY + earlier);
    long id =
        h.createQuery(INSERT_TIP)
            .bind("reportId", reportId)
            .bind("site", site)
            .bindArray("urls", String.class, urls.toArray())
            .bind("priority", priority)
            .bind("at", now)
            .mapTo(Long.class)
            .one();
    if (actor == null) {
      h.createUpdate(INSERT_PUBLIC_EVENT).bind("tipId", id).bind("at", now).execute();
    } else {
      h.createUpdate(INSERT_EVENT).bind("tipId", id).bind("actor", actor).bind("at", now).execute();
    }
    return new Tip(id, site, urls, priority, now);
  }

  /** Notes that the broker took the crawl requests of these tips. */
  public void markSent(List<Long> tipIds) {
    if (tipIds.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    db.inTransaction(
        "cannot note the tips' crawl requests as sent",
        h ->
            h.createUpdate(MARK_SENT)
                .bindArray("ids", Long.class, tipIds.toArray())
                .bind("at", now)
                .execute());
  }

  /** The report with this receipt code (as typed), or empty for an unknown or malformed code. */
  public Optional<ReportStatus> status(String typedReceipt) {
    Optional<String> canonical = Receipts.normalize(typedReceipt);
    if (canonical.isEmpty()) {
      return Optional.empty();
    }
    String hash = Receipts.hash(canonical.get());
    record Row(Instant reportAt, SiteStatus site) {}
    List<Row> rows =
        db.withHandle(
            "cannot read the tip's status",
            h ->
                h.createQuery(STATUS)
                    .bind("receiptHash", hash)
                    .map(
                        (rs, ctx) ->
                            new Row(
                                Rows.instant(rs, "report_at"),
                                new SiteStatus(
                                    rs.getString("site"),
                                    Rows.texts(rs, "urls"),
                                    TipStatus.valueOf(rs.getString("status")),
                                    Rows.instant(rs, "status_at"))))
                    .list());
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ReportStatus(rows.get(0).reportAt(), rows.stream().map(Row::site).toList()));
  }
}
