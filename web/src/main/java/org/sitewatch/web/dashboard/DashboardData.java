package org.sitewatch.web.dashboard;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.store.Database;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.Visibility;

/**
 * The campaign figures of the dashboard and of {@code GET /api/stats}, over the leads the viewer
 * may see. The sink's {@code LeadStats} computes the same figures over every lead and cannot be
 * narrowed to a bureau, so the queries are repeated here with {@link Visibility#LEAD}; they follow
 * {@code LeadStats}' definitions (time to confirmation from the lead's opening to its first
 * confirmation; time to takedown from that confirmation to {@code gone_since}) and add what a chart
 * needs: leads opened per day, week or month, and the durations as histograms. All figures come
 * from one read-only snapshot.
 */
public final class DashboardData {
  /** Histogram bounds, in seconds: under 1 h, 1-6 h, 6-24 h, 1-3 d, 3-7 d, 7-30 d, 30 d or more. */
  static final double[] BOUNDS = {3600, 6 * 3600, 24 * 3600, 3 * 86400, 7 * 86400, 30 * 86400};

  static final List<String> BOUND_LABELS =
      List.of("<1h", "1-6h", "6-24h", "1-3d", "3-7d", "7-30d", ">=30d");

  /** The most time buckets a series has (older leads fall into the first one). */
  static final int MAX_BUCKETS = 120;

  /**
   * One pass over the visible leads, each joined to its conducts ({@code n} numbers them; a lead
   * without conducts has one row with {@code n} null): per local day of opening, the leads by
   * status (each lead counted once, on its first row) and the conducts. The totals, the span and
   * the series by day, week or month are all sums of these rows.
   */
  private static final String BY_DAY =
      "SELECT CAST(lead.first_flagged_at AT TIME ZONE :zone AS date) AS day, lead.status,"
          + " c.conduct, GROUPING(lead.status) AS by_conduct,"
          + " count(*) FILTER (WHERE c.n IS NULL OR c.n = 1),"
          + " count(*) FILTER (WHERE c.n IS NOT NULL)"
          + " FROM lead LEFT JOIN LATERAL unnest(lead.conducts) WITH ORDINALITY AS c(conduct, n)"
          + " ON true WHERE "
          + Visibility.LEAD
          + " GROUP BY GROUPING SETS ((1, lead.status), (1, c.conduct))";

  /**
   * One pass over the visible confirmed leads: per lead, seconds from its opening to its first
   * confirmation, and from that confirmation to {@code gone_since} when it went after it; their
   * count, median, p90 and histogram buckets ({@code width_bucket} 0-6), and the takedown's rest.
   */
  private static final String TIMES =
      """
      WITH c AS (
        SELECT lead.first_flagged_at, lead.gone_since, lead.last_check_state,
               min(a.at) AS confirmed_at
          FROM lead JOIN lead_action a ON a.lead_id = lead.id AND a.kind = 'CONFIRMED'
         WHERE %s
         GROUP BY lead.id
      ), t AS (
        SELECT extract(epoch FROM confirmed_at - first_flagged_at) AS conf,
               CASE WHEN gone_since >= confirmed_at
                    THEN extract(epoch FROM gone_since - confirmed_at) END AS take,
               gone_since, last_check_state, confirmed_at
          FROM c
      ), b AS (
        SELECT t.*, coalesce(width_bucket(conf, CAST(:bounds AS float8[])), 0) AS conf_bucket,
               width_bucket(take, CAST(:bounds AS float8[])) AS take_bucket
          FROM t
      )
      SELECT count(*),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY conf),
             percentile_cont(0.9) WITHIN GROUP (ORDER BY conf),
             count(take),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY take),
             percentile_cont(0.9) WITHIN GROUP (ORDER BY take),
             count(*) FILTER (WHERE gone_since IS NULL
                                AND last_check_state IN ('ONLINE', 'CHANGED')),
             count(*) FILTER (WHERE gone_since < confirmed_at),
             %s
        FROM b
      """
          .formatted(Visibility.LEAD, bucketCounts());

  /** Routes per bureau of the visible leads; the row with a null bureau counts the unrouted. */
  private static final String BY_BUREAU =
      "SELECT r.bureau, count(*) FROM lead LEFT JOIN lead_route r ON r.lead_id = lead.id WHERE "
          + Visibility.LEAD
          + " GROUP BY r.bureau";

  private static String bucketCounts() {
    List<String> columns = new ArrayList<>();
    for (String column : List.of("conf_bucket", "take_bucket")) {
      for (int i = 0; i <= BOUNDS.length; i++) {
        // width_bucket answers 0 below the first bound and BOUNDS.length at or above the last
        columns.add(
            "count(*) FILTER (WHERE "
                + column
                + (i == 0 ? " <= 0)" : i == BOUNDS.length ? " >= " + i + ")" : " = " + i + ")"));
      }
    }
    return String.join(",\n             ", columns);
  }

  private final Database db;

  public DashboardData(DataSource dataSource) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * The figures {@code viewer} may see, as a JSON-ready map; days, weeks and months are those of
   * {@code zone}. Durations are in seconds ({@code null} when there is nothing to measure).
   */
  public Map<String, Object> compute(Viewer viewer, ZoneId zone) {
    return db.inSnapshot(
        "cannot compute the dashboard's figures",
        h -> {
          Map<String, Object> m = new LinkedHashMap<>();
          Days days = days(h, viewer, zone);
          Map<String, Long> byStatus = new LinkedHashMap<>();
          for (LeadStatus s : LeadStatus.values()) {
            byStatus.put(s.name(), 0L);
          }
          days.status.forEach(
              (day, counts) -> counts.forEach((k, n) -> byStatus.merge(k, n, Long::sum)));
          Map<String, Long> conductTotals = new TreeMap<>();
          days.conduct.forEach(
              (day, counts) -> counts.forEach((k, n) -> conductTotals.merge(k, n, Long::sum)));
          m.put("leads", byStatus.values().stream().mapToLong(Long::longValue).sum());
          m.put("byStatus", byStatus);
          m.put("byConduct", byCountDescending(conductTotals));
          m.put("overTime", overTime(days));
          times(h, viewer, m);
          Map<String, Long> byBureau = new TreeMap<>();
          long[] unrouted = {0};
          Visibility.bind(h.createQuery(BY_BUREAU), viewer)
              .map((rs, ctx) -> Map.entry(Objects.toString(rs.getString(1), ""), rs.getLong(2)))
              .forEach(
                  e -> {
                    if (e.getKey().isEmpty()) {
                      unrouted[0] = e.getValue();
                    } else {
                      byBureau.put(e.getKey(), e.getValue());
                    }
                  });
          m.put("byBureau", byCountDescending(byBureau));
          m.put("unrouted", unrouted[0]);
          return m;
        });
  }

  /** The visible leads per local day of opening: by status and by conduct. */
  private record Days(
      TreeMap<LocalDate, Map<String, Long>> status,
      TreeMap<LocalDate, Map<String, Long>> conduct) {}

  private static Days days(Handle h, Viewer viewer, ZoneId zone) {
    Days days = new Days(new TreeMap<>(), new TreeMap<>());
    Visibility.bind(h.createQuery(BY_DAY).bind("zone", zone.getId()), viewer)
        .map(
            (rs, ctx) -> {
              LocalDate day = rs.getObject(1, LocalDate.class);
              if (rs.getInt(4) == 0) {
                long n = rs.getLong(5);
                if (n > 0) {
                  days.status.computeIfAbsent(day, d -> new TreeMap<>()).put(rs.getString(2), n);
                }
              } else {
                long n = rs.getLong(6);
                if (n > 0) {
                  days.conduct.computeIfAbsent(day, d -> new TreeMap<>()).put(rs.getString(3), n);
                }
              }
              return 0;
            })
        .forEach(x -> {});
    return days;
  }

  /** Keys by count, highest first, then by key (as {@code ORDER BY count(*) DESC, key}). */
  private static Map<String, Long> byCountDescending(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static Map<String, Object> overTime(Days days) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (days.status.isEmpty()) {
      m.put("unit", "day");
      m.put("labels", List.of());
      m.put("byStatus", Map.of());
      m.put("byConduct", Map.of());
      return m;
    }
    LocalDate first = days.status.firstKey();
    LocalDate last = days.status.lastKey();
    long span = ChronoUnit.DAYS.between(first, last);
    String unit = span <= 92 ? "day" : span <= 2 * 366 ? "week" : "month";
    List<LocalDate> buckets = buckets(unit, first, last);
    m.put("unit", unit);
    m.put("labels", buckets.stream().map(LocalDate::toString).toList());
    m.put("byStatus", series(days.status, unit, buckets));
    m.put("byConduct", series(days.conduct, unit, buckets));
    return m;
  }

  /** The starts of the buckets from {@code first} to {@code last}, at most {@link #MAX_BUCKETS}. */
  static List<LocalDate> buckets(String unit, LocalDate first, LocalDate last) {
    LocalDate start =
        switch (unit) {
          case "day" -> first;
          case "week" -> first.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
          default -> first.withDayOfMonth(1);
        };
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = start; !d.isAfter(last); d = next(unit, d)) {
      out.add(d);
    }
    return out.size() <= MAX_BUCKETS ? out : out.subList(out.size() - MAX_BUCKETS, out.size());
  }

  private static LocalDate next(String unit, LocalDate d) {
    return switch (unit) {
      case "day" -> d.plusDays(1);
      case "week" -> d.plusWeeks(1);
      default -> d.plusMonths(1);
    };
  }

  /** Counts per key and bucket, as one list per key aligned with {@code buckets}. */
  private static Map<String, List<Long>> series(
      TreeMap<LocalDate, Map<String, Long>> byDay, String unit, List<LocalDate> buckets) {
    Map<LocalDate, Integer> index = new TreeMap<>();
    for (int i = 0; i < buckets.size(); i++) {
      index.put(buckets.get(i), i);
    }
    Map<String, long[]> counts = new TreeMap<>();
    byDay.forEach(
        (day, perKey) -> {
          LocalDate bucket = bucketOf(unit, day);
          // leads older than the first bucket shown are counted in it
          int i = index.getOrDefault(bucket, bucket.isBefore(buckets.get(0)) ? 0 : -1);
          if (i >= 0) {
            perKey.forEach(
                (k, n) -> counts.computeIfAbsent(k, x -> new long[buckets.size()])[i] += n);
          }
        });
    Map<String, List<Long>> out = new LinkedHashMap<>();
    counts.forEach((k, v) -> out.put(k, java.util.Arrays.stream(v).boxed().toList()));
    return out;
  }

  /** The start of the day's bucket ({@code date_trunc}: weeks start on Monday). */
  private static LocalDate bucketOf(String unit, LocalDate day) {
    return switch (unit) {
      case "day" -> day;
      case "week" -> day.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
      default -> day.withDayOfMonth(1);
    };
  }

  /** Both durations: count, median, p90 and histogram; the takedown's still-online and early. */
  private static void times(Handle h, Viewer viewer, Map<String, Object> m) {
    Visibility.bind(
            h.createQuery(TIMES).bindArray("bounds", Double.class, (Object[]) boxed(BOUNDS)),
            viewer)
        .map(
            (rs, ctx) -> {
              int buckets = BOUNDS.length + 1;
              Map<String, Object> confirmation = duration(rs, 1, 9);
              Map<String, Object> takedown = duration(rs, 4, 9 + buckets);
              takedown.put("stillOnline", rs.getLong(7));
              takedown.put("goneBeforeConfirmation", rs.getLong(8));
              m.put("firstFlagToConfirmation", confirmation);
              m.put("confirmationToTakedown", takedown);
              return 0;
            })
        .one();
  }

  private static Map<String, Object> duration(
      java.sql.ResultSet rs, int column, int histogramColumn) throws java.sql.SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", rs.getLong(column));
    m.put("medianSeconds", seconds(rs.getObject(column + 1)));
    m.put("p90Seconds", seconds(rs.getObject(column + 2)));
    List<Long> histogram = new ArrayList<>();
    for (int i = 0; i <= BOUNDS.length; i++) {
      histogram.add(rs.getLong(histogramColumn + i));
    }
    Map<String, Object> hist = new LinkedHashMap<>();
    hist.put("labels", BOUND_LABELS);
    hist.put("counts", histogram);
    m.put("histogram", hist);
    return m;
  }

  private static Long seconds(Object value) {
    return value == null ? null : Math.round(((Number) value).doubleValue());
  }

  private static Double[] boxed(double[] values) {
    return java.util.Arrays.stream(values).boxed().toArray(Double[]::new);
  }
}
