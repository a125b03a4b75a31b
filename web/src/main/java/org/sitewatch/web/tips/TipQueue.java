package org.sitewatch.web.tips;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.sink.tips.TipStatus;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.Visibility;
import org.sitewatch.web.tips.TipGroup.LeadShown;
import org.sitewatch.web.tips.TipGroup.Opening;
import org.sitewatch.web.tips.TipGroup.StatusCount;

/**
 * Reads the tip queue: tips grouped by site, the group with the newest tip first, a page at a time
 * (keyset on the newest tip's time and the site). Tips are public reports made before any routing,
 * so they are bound to no bureau and every viewer of the queue sees the same groups; the site's
 * lead is read under the bureau rule ({@link Visibility#LEAD}): another bureau's lead shows as
 * existing, without its id or status. Each page is five queries on one connection: the groups
 * (site, count, newest: the one aggregate over every tip the filter admits), then for the page's
 * sites only their categories and channels, status counts, URLs, and what is known of the site.
 */
public final class TipQueue {
  /** Groups on a page. */
  public static final int PAGE = 50;

  /** URLs shown per group; further ones are counted. */
  public static final int URLS_SHOWN = 10;

  /** The tips of the filter, with {@code t} = tip and {@code r} = its report. */
  private static final String FILTER =
      """
      (:status = '' OR t.status = :status)
      AND (NOT :notFlagged OR (t.status = 'NOT_ACTIONABLE' AND t.status_reason = ANY(:reasons)))
      AND (:channel = '' OR r.channel = :channel)
      AND (:category = '' OR r.category = :category)
      AND (:site = '' OR t.site = :site)
      """;

  /**
   * The page's groups: only the site, count and newest time, so that the aggregate over every tip
   * the filter admits stays cheap; the report is joined only when the filter needs it.
   */
  private static final String GROUPS =
      """
      SELECT t.site, count(*) AS tips, max(t.received_at) AS latest
        FROM tip t %s
       WHERE %s
       GROUP BY t.site
       %s
       ORDER BY latest DESC, t.site DESC
       LIMIT :limit
      """;

  /** The categories and channels of the page's groups. */
  private static final String KINDS =
      """
      SELECT t.site, array_agg(DISTINCT r.category ORDER BY r.category) AS categories,
             array_agg(DISTINCT r.channel ORDER BY r.channel) AS channels
        FROM tip t JOIN tip_report r ON r.id = t.report_id
       WHERE t.site = ANY(:sites) AND %s
       GROUP BY t.site
      """
          .formatted(FILTER);

  private static final String AFTER =
      "HAVING (max(t.received_at), t.site) < (CAST(:afterLatest AS timestamptz), :afterSite)";

  private static final String STATUSES =
      """
      SELECT t.site, t.status, t.status_reason, count(*) AS n
        FROM tip t JOIN tip_report r ON r.id = t.report_id
       WHERE t.site = ANY(:sites) AND %s
       GROUP BY t.site, t.status, t.status_reason
       ORDER BY t.site, n DESC, t.status, t.status_reason
      """
          .formatted(FILTER);

  private static final String URLS =
      """
      SELECT site, url, distinct_urls FROM (
        SELECT t.site, u.url,
               row_number() OVER (PARTITION BY t.site ORDER BY max(t.received_at) DESC, u.url)
                 AS n,
               count(*) OVER (PARTITION BY t.site) AS distinct_urls
          FROM tip t JOIN tip_report r ON r.id = t.report_id, unnest(t.urls) AS u(url)
         WHERE t.site = ANY(:sites) AND %s
         GROUP BY t.site, u.url
      ) x
       WHERE n <= :shown
       ORDER BY site, n
      """
          .formatted(FILTER);

  /** The site's lead under the bureau rule, its kept verdict, and the latest opening by hand. */
  private static final String SITES =
      """
      SELECT s.site,
             lead.id IS NOT NULL AS has_lead,
             CASE WHEN lead.id IS NOT NULL AND %1$s THEN lead.id END AS visible_lead,
             CASE WHEN lead.id IS NOT NULL AND %1$s THEN lead.status END AS lead_status,
             EXISTS (SELECT 1 FROM tip_verdict v WHERE v.site = s.site) AS has_verdict,
             EXISTS (SELECT 1 FROM tip o WHERE o.site = s.site
                        AND o.status IN ('NOT_ACTIONABLE', 'REVIEWING')) AS open_tips,
             op.actor AS opened_by, op.at AS opened_at
        FROM unnest(CAST(:sites AS text[])) AS s(site)
        LEFT JOIN lead lead ON lead.site = s.site
        LEFT JOIN LATERAL (
          SELECT e.actor, e.at FROM tip t JOIN tip_event e ON e.tip_id = t.id
           WHERE t.site = s.site AND e.reason = '%2$s'
           ORDER BY e.id DESC LIMIT 1) op ON true
      """
          .formatted(Visibility.LEAD, OpenByHand.REASON);

  /** A page of groups and where the next one starts (empty on the last page). */
  public record Page(List<TipGroup> groups, Optional<String> next) {
    public Page {
      groups = List.copyOf(groups);
    }
  }

  private final Database db;

  public TipQueue(DataSource dataSource) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * A page of the groups {@code filter} admits, starting after {@code after} (an encoded cursor of
   * a previous page; empty or unreadable: the first page).
   */
  public Page page(Viewer viewer, TipFilter filter, Optional<String> after, int limit) {
    Objects.requireNonNull(viewer, "viewer");
    Objects.requireNonNull(filter, "filter");
    Optional<TipCursor> cursor = after.flatMap(TipCursor::decode);
    return db.inSnapshot("cannot read the tip queue", h -> read(h, viewer, filter, cursor, limit));
  }

  private record Head(String site, long tips, Instant latest) {}

  private record Kinds(String site, List<String> categories, List<String> channels) {}

  private Page read(
      Handle h, Viewer viewer, TipFilter filter, Optional<TipCursor> cursor, int limit) {
    Query groups = groupsQuery(h, filter, cursor.isPresent()).bind("limit", limit + 1);
    cursor.ifPresent(c -> groups.bind("afterLatest", c.latest()).bind("afterSite", c.site()));
    List<Head> heads =
        groups
            .map(
                (rs, ctx) ->
                    new Head(rs.getString("site"), rs.getLong("tips"), Rows.instant(rs, "latest")))
            .list();
    Optional<String> next = Optional.empty();
    if (heads.size() > limit) {
      heads = heads.subList(0, limit);
      Head last = heads.get(limit - 1);
      next = Optional.of(new TipCursor(last.latest(), last.site()).encode());
    }
    if (heads.isEmpty()) {
      return new Page(List.of(), Optional.empty());
    }
    String[] sites = heads.stream().map(Head::site).toArray(String[]::new);

    Map<String, Kinds> kinds = new HashMap<>();
    for (Kinds k :
        bind(h.createQuery(KINDS), filter)
            .bindArray("sites", String.class, (Object[]) sites)
            .map(
                (rs, ctx) ->
                    new Kinds(
                        rs.getString("site"),
                        Rows.texts(rs, "categories"),
                        Rows.texts(rs, "channels")))
            .list()) {
      kinds.put(k.site(), k);
    }

    Map<String, List<StatusCount>> statuses = new HashMap<>();
    for (StatusRow r :
        bind(h.createQuery(STATUSES), filter)
            .bindArray("sites", String.class, (Object[]) sites)
            .map(
                (rs, ctx) ->
                    new StatusRow(
                        rs.getString("site"),
                        new StatusCount(
                            TipStatus.valueOf(rs.getString("status")),
                            rs.getString("status_reason"),
                            rs.getLong("n"))))
            .list()) {
      statuses.computeIfAbsent(r.site(), s -> new ArrayList<>()).add(r.count());
    }

    Map<String, List<String>> urls = new HashMap<>();
    Map<String, Long> distinctUrls = new HashMap<>();
    for (UrlRow r :
        bind(h.createQuery(URLS), filter)
            .bindArray("sites", String.class, (Object[]) sites)
            .bind("shown", URLS_SHOWN)
            .map(
                (rs, ctx) ->
                    new UrlRow(
                        rs.getString("site"), rs.getString("url"), rs.getLong("distinct_urls")))
            .list()) {
      distinctUrls.put(r.site(), r.distinct());
      urls.computeIfAbsent(r.site(), s -> new ArrayList<>()).add(r.url());
    }

    Map<String, SiteFacts> facts = new HashMap<>();
    for (SiteFacts f :
        Visibility.bind(h.createQuery(SITES), viewer)
            .bindArray("sites", String.class, (Object[]) sites)
            .map((rs, ctx) -> facts(rs))
            .list()) {
      facts.put(f.site(), f);
    }

    List<TipGroup> out = new ArrayList<>();
    for (Head head : heads) {
      SiteFacts f = facts.get(head.site());
      List<String> shown = urls.getOrDefault(head.site(), List.of());
      out.add(
          new TipGroup(
              head.site(),
              head.tips(),
              head.latest(),
              kinds.get(head.site()).categories(),
              kinds.get(head.site()).channels(),
              shown,
              Math.max(0, distinctUrls.getOrDefault(head.site(), 0L) - shown.size()),
              statuses.getOrDefault(head.site(), List.of()),
              f.lead(),
              f.hasVerdict(),
              f.hasVerdict() && !f.lead().exists() && f.openTips(),
              f.opening()));
    }
    return new Page(out, next);
  }

  private record StatusRow(String site, StatusCount count) {}

  private record UrlRow(String site, String url, long distinct) {}

  private record SiteFacts(
      String site,
      LeadShown lead,
      boolean hasVerdict,
      boolean openTips,
      Optional<Opening> opening) {}

  private static SiteFacts facts(ResultSet rs) throws SQLException {
    long leadId = rs.getLong("visible_lead");
    boolean visible = !rs.wasNull();
    LeadShown lead =
        rs.getBoolean("has_lead")
            ? new LeadShown(
                true,
                visible ? Optional.of(leadId) : Optional.empty(),
                visible
                    ? Optional.of(LeadStatus.valueOf(rs.getString("lead_status")))
                    : Optional.empty())
            : LeadShown.NONE;
    String actor = rs.getString("opened_by");
    Optional<Opening> opening =
        actor == null
            ? Optional.empty()
            : Optional.of(new Opening(actor, Rows.instant(rs, "opened_at")));
    return new SiteFacts(
        rs.getString("site"),
        lead,
        rs.getBoolean("has_verdict"),
        rs.getBoolean("open_tips"),
        opening);
  }

  /** The groups query with only the conditions {@code f} needs (constant SQL, bound values). */
  private static Query groupsQuery(Handle h, TipFilter f, boolean after) {
    List<String> where = new ArrayList<>();
    where.add("true");
    f.show().status().ifPresent(s -> where.add("t.status = :status"));
    if (f.show() == TipFilter.Show.NOT_FLAGGED) {
      where.add("t.status = 'NOT_ACTIONABLE' AND t.status_reason = ANY(:reasons)");
    }
    f.channel().ifPresent(c -> where.add("r.channel = :channel"));
    f.category().ifPresent(c -> where.add("r.category = :category"));
    f.site().ifPresent(s -> where.add("t.site = :site"));
    boolean report = f.channel().isPresent() || f.category().isPresent();
    Query q =
        h.createQuery(
            GROUPS.formatted(
                report ? "JOIN tip_report r ON r.id = t.report_id" : "",
                String.join(" AND ", where),
                after ? AFTER : ""));
    f.show().status().ifPresent(s -> q.bind("status", s.name()));
    if (f.show() == TipFilter.Show.NOT_FLAGGED) {
      q.bindArray(
          "reasons", String.class, (Object[]) TipFilter.NOT_FLAGGED_REASONS.toArray(String[]::new));
    }
    f.channel().ifPresent(c -> q.bind("channel", c.name()));
    f.category().ifPresent(c -> q.bind("category", c.label()));
    f.site().ifPresent(s -> q.bind("site", s));
    return q;
  }

  private static Query bind(Query q, TipFilter f) {
    return q.bind("status", f.show().status().map(Enum::name).orElse(""))
        .bind("notFlagged", f.show() == TipFilter.Show.NOT_FLAGGED)
        .bindArray(
            "reasons",
            String.class,
            (Object[]) TipFilter.NOT_FLAGGED_REASONS.toArray(String[]::new))
        .bind("channel", f.channel().map(Enum::name).orElse(""))
        .bind("category", f.category().map(c -> c.label()).orElse(""))
        .bind("site", f.site().orElse(""));
  }
}
