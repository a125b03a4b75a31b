package org.sitewatch.web.data;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.statement.Query;
import org.sitewatch.common.net.Sites;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.Severity;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.web.account.Viewer;

/**
 * The queue: the leads a viewer may see ({@link Visibility#LEAD} is part of every statement),
 * highest priority first, narrowed by a {@link QueueFilter}, a page at a time.
 *
 * <p><b>Paging</b> is keyset paging in the order of the index {@code lead_by_priority} (priority
 * descending, score descending, site): a page starts strictly after the {@link QueueCursor} of the
 * previous one, so page 2,000 costs what page 1 costs, where {@code OFFSET} would read and drop
 * every lead before it.
 *
 * <p><b>Search</b> matches a lead whose site starts with the text (case-insensitive), whose site is
 * the site of the host or URL typed, one of whose identifiers of any type (QQ, WeChat id, ICP
 * number, tracking id...) starts with the text (case-insensitive), or one of whose pages has
 * exactly this URL; a text shorter than {@link #MIN_PREFIX} must match a whole site or identifier.
 * Each of the four is an index look-up (migration V11): a prefix scan of {@code site
 * text_pattern_ops}, the unique site index, a prefix scan of {@code lead_identifier} on the first
 * 100 characters of the value, and the GIN index of the pages' URLs. Substring search would need
 * pg_trgm, which a real cluster may not offer; prefix search covers what analysts paste: a whole
 * identifier or its start, a host, a URL.
 */
public final class LeadQueue {
  /** Rows per page unless told otherwise. */
  public static final int DEFAULT_LIMIT = 50;

  /** The most rows one call returns. */
  public static final int MAX_LIMIT = 200;

  /**
   * The shortest search text matched as a prefix; a shorter one matches whole values only (a prefix
   * of one or two characters matches most of the leads and makes the look-up a scan: 1 s with
   * 100,000 leads against 10 ms).
   */
  static final int MIN_PREFIX = 3;

  /** The characters of an identifier value in the prefix index (V11). */
  private static final int PREFIX_KEY = 100;

  /** The order of rows: inside the CTE (on {@code lead}) and outside it (on {@code page}). */
  private enum Order {
    QUEUE(
        "lead.priority DESC, lead.score DESC, lead.site",
        "page.priority DESC, page.score DESC, page.site"),
    OPENED("lead.id", "page.id");

    final String inner;
    final String outer;

    Order(String inner, String outer) {
      this.inner = inner;
      this.outer = outer;
    }
  }

  /**
   * The page of leads, then their routes. The routes are read for the page's rows only (the CTE
   * ends in the LIMIT), whose visibility the CTE checked.
   */
  private static final String ROWS =
      """
      WITH page AS (
        SELECT lead.id, lead.site, lead.status, lead.priority, lead.severity, lead.flags,
               lead.score, lead.conducts, lead.assignee,
               (lead.epoch, lead.revision) > (lead.seen_epoch, lead.seen_revision) AS new_evidence,
               lead.first_flagged_at, lead.updated_at
          FROM lead
         WHERE %s
         ORDER BY %s
         LIMIT :limit)
      SELECT page.*,
             ARRAY(SELECT r.region_code FROM lead_route r WHERE r.lead_id = page.id
                    ORDER BY r.region_code, r.bureau) AS route_regions,
             ARRAY(SELECT r.bureau FROM lead_route r WHERE r.lead_id = page.id
                    ORDER BY r.region_code, r.bureau) AS route_bureaus
        FROM page
       ORDER BY %s
      """;

  private static final String AFTER_CURSOR =
      "lead.priority <= :afterPriority AND (lead.priority < :afterPriority"
          + " OR (lead.priority = :afterPriority AND (lead.score < :afterScore"
          + " OR (lead.score = :afterScore AND lead.site > :afterSite))))";

  private static final String LAST_ID =
      "SELECT coalesce(max(lead.id), 0) FROM lead WHERE " + Visibility.LEAD;

  /** One page of the queue and where the next one starts (empty on the last page). */
  public record Page(List<QueueRow> rows, Optional<QueueCursor> next) {
    public Page {
      rows = List.copyOf(rows);
      next = next == null ? Optional.empty() : next;
    }
  }

  private final Database db;

  public LeadQueue(DataSource dataSource) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * The leads {@code viewer} may see that pass {@code filter}, in queue order, starting after
   * {@code after} (from the start when empty), at most {@code limit} of them.
   *
   * @throws IllegalArgumentException if {@code limit} is not in [1, {@link #MAX_LIMIT}]
   */
  public Page page(Viewer viewer, QueueFilter filter, Optional<QueueCursor> after, int limit) {
    checkLimit(limit);
    Conditions c = conditions(viewer, filter);
    after.ifPresent(
        a -> {
          c.add(AFTER_CURSOR);
          c.bind("afterPriority", a.priority());
          c.bind("afterScore", a.score());
          c.bind("afterSite", a.site());
        });
    List<QueueRow> rows = rows(viewer, c, Order.QUEUE, limit + 1);
    if (rows.size() <= limit) {
      return new Page(rows, Optional.empty());
    }
    List<QueueRow> page = rows.subList(0, limit);
    return new Page(page, Optional.of(page.get(limit - 1).cursor()));
  }

  /**
   * The leads {@code viewer} may see that pass {@code filter} and have an id above {@code afterId}
   * but not in {@code except}, oldest first: the leads opened since a live queue connected, less
   * those it was already sent. A lead that becomes visible late (routed after it was opened) is
   * found on a later call, as its id stays above {@code afterId}.
   */
  public List<QueueRow> openedAfter(
      Viewer viewer, QueueFilter filter, long afterId, Set<Long> except, int limit) {
    checkLimit(limit);
    Conditions c = conditions(viewer, filter);
    c.add("lead.id > :afterId");
    c.bind("afterId", afterId);
    if (!except.isEmpty()) {
      c.add("NOT (lead.id = ANY(:except))");
      c.bindArray("except", except.toArray(Long[]::new));
    }
    return rows(viewer, c, Order.OPENED, limit);
  }

  /** The highest id of a lead {@code viewer} may see (0 if none): where a live queue starts. */
  public long lastId(Viewer viewer) {
    return db.withHandle(
        "cannot read the queue",
        h -> Visibility.bind(h.createQuery(LAST_ID), viewer).mapTo(Long.class).one());
  }

  private List<QueueRow> rows(Viewer viewer, Conditions c, Order order, int limit) {
    String sql = ROWS.formatted(String.join(" AND ", c.sql), order.inner, order.outer);
    return db.withHandle(
        "cannot read the queue",
        h -> {
          Query q = Visibility.bind(h.createQuery(sql), viewer).bind("limit", limit);
          c.binds.forEach(
              (name, value) -> {
                if (value instanceof String[] texts) {
                  q.bindArray(name, String.class, (Object[]) texts);
                } else if (value instanceof Long[] ids) {
                  q.bindArray(name, Long.class, (Object[]) ids);
                } else {
                  q.bind(name, value);
                }
              });
          return q.map((rs, ctx) -> row(rs)).list();
        });
  }

  private static Conditions conditions(Viewer viewer, QueueFilter f) {
    Objects.requireNonNull(viewer, "viewer");
    Conditions c = new Conditions();
    c.add(Visibility.LEAD);
    if (f.statuses().size() == 1) {
      // one state: lead_by_status seeks straight to it, already in queue order
      c.add("lead.status = :status");
      c.bind("status", f.statuses().iterator().next().name());
    } else if (!f.statuses().isEmpty()) {
      c.add("lead.status = ANY(:statuses)");
      c.bindArray("statuses", f.statuses().stream().map(Enum::name).toArray(String[]::new));
    }
    f.conduct()
        .ifPresent(
            v -> {
              c.add(":conduct = ANY(lead.conducts)");
              c.bind("conduct", v);
            });
    f.flag()
        .ifPresent(
            v -> {
              c.add(":flag = ANY(lead.flags)");
              c.bind("flag", v.label());
            });
    f.bureau()
        .ifPresent(
            v -> {
              c.add(
                  "EXISTS (SELECT 1 FROM lead_route fr WHERE fr.lead_id = lead.id"
                      + " AND fr.region_code = :bureau)");
              c.bind("bureau", v);
            });
    if (f.newEvidenceOnly()) {
      c.add("(lead.epoch, lead.revision) > (lead.seen_epoch, lead.seen_revision)");
    }
    f.assignee()
        .ifPresent(
            v -> {
              c.add("lead.assignee = :assignee");
              c.bind("assignee", v);
            });
    f.search().ifPresent(q -> search(c, q));
    return c;
  }

  /** The four look-ups of a search, each through an index (see the class comment). */
  private static void search(Conditions c, String q) {
    List<String> branches = new ArrayList<>();
    String any = q.codePointCount(0, q.length()) >= MIN_PREFIX ? "%" : "";
    branches.add("SELECT s.id FROM lead s WHERE s.site LIKE lower(:siteLike) ESCAPE '!'");
    c.bind("siteLike", likeEscape(q) + any);
    siteOf(q)
        .ifPresent(
            site -> {
              branches.add("SELECT s.id FROM lead s WHERE s.site = :searchSite");
              c.bind("searchSite", site);
            });
    branches.add(
        "SELECT i.lead_id FROM lead_identifier i"
            + " WHERE lower(left(i.value, "
            + PREFIX_KEY
            + ")) LIKE lower(:identifierKeyLike) ESCAPE '!'"
            + " AND lower(i.value) LIKE lower(:identifierLike) ESCAPE '!'");
    String key =
        q.codePoints()
            .limit(PREFIX_KEY)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    c.bind("identifierKeyLike", likeEscape(key) + (key.length() < q.length() ? "%" : any));
    c.bind("identifierLike", likeEscape(q) + any);
    branches.add(
        "SELECT s.id FROM lead s"
            + " WHERE jsonb_path_query_array(s.pages, '$[*].url') @> CAST(:pageUrls AS jsonb)");
    c.bind("pageUrls", Rows.toJson(List.of(q)));
    c.add("lead.id IN (" + String.join(" UNION ALL ", branches) + ")");
  }

  /** The site of {@code q} if it reads as a host name or an http(s) URL. */
  static Optional<String> siteOf(String q) {
    if (q.length() > 2000 || q.chars().anyMatch(Character::isWhitespace)) {
      return Optional.empty();
    }
    try {
      if (q.regionMatches(true, 0, "http://", 0, 7) || q.regionMatches(true, 0, "https://", 0, 8)) {
        return Optional.of(Sites.siteOf(q));
      }
      if (q.indexOf('.') > 0 && q.indexOf('/') < 0 && q.indexOf(':') < 0) {
        return Optional.of(Sites.siteOfHost(q));
      }
    } catch (IllegalArgumentException e) {
      // not a host or URL: the other look-ups still run
    }
    return Optional.empty();
  }

  /**
   * {@code text} with LIKE's wild cards and the escape character escaped. The escape character is
   * {@code !}, not a backslash, which Jdbi's statement parser would read as escaping the quote.
   */
  static String likeEscape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '!' || ch == '%' || ch == '_') {
        b.append('!');
      }
      b.append(ch);
    }
    return b.toString();
  }

  private static QueueRow row(ResultSet rs) throws SQLException {
    Set<PriorityFlag> flags = EnumSet.noneOf(PriorityFlag.class);
    for (String label : Rows.texts(rs, "flags")) {
      flags.add(PriorityFlag.ofLabel(label));
    }
    List<String> regions = Rows.texts(rs, "route_regions");
    List<String> bureaus = Rows.texts(rs, "route_bureaus");
    List<QueueRow.Route> routes = new ArrayList<>(regions.size());
    for (int i = 0; i < regions.size() && i < bureaus.size(); i++) {
      routes.add(new QueueRow.Route(regions.get(i), bureaus.get(i)));
    }
    return new QueueRow(
        rs.getLong("id"),
        rs.getString("site"),
        LeadStatus.valueOf(rs.getString("status")),
        rs.getInt("priority"),
        Severity.valueOf(rs.getString("severity")),
        flags,
        rs.getDouble("score"),
        Rows.texts(rs, "conducts"),
        Optional.ofNullable(rs.getString("assignee")),
        rs.getBoolean("new_evidence"),
        Rows.instant(rs, "first_flagged_at"),
        Rows.instant(rs, "updated_at"),
        routes);
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "]: " + limit);
    }
  }

  /** The WHERE clause being built: fixed SQL fragments, every value bound by name. */
  private static final class Conditions {
    final List<String> sql = new ArrayList<>();
    final Map<String, Object> binds = new LinkedHashMap<>();

    void add(String condition) {
      sql.add(condition);
    }

    void bind(String name, Object value) {
      binds.put(name, value);
    }

    void bindArray(String name, Object[] values) {
      binds.put(name, values);
    }
  }
}
