package org.sitewatch.web.dashboard;

import java.time.LocalDate;
import java.time.LocalDateTime;
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

  private static final String BY_STATUS =
      "SELECT status, count(*) FROM lead WHERE " + Visibility.LEAD + " GROUP BY status";

  private static final String BY_CONDUCT =
      "SELECT conduct, count(*) FROM lead, unnest(lead.conducts) AS conduct WHERE "
          + Visibility.LEAD
          + " GROUP BY conduct ORDER BY count(*) DESC, conduct";

  private static final String SPAN =
      "SELECT min(first_flagged_at AT TIME ZONE :zone), max(first_flagged_at AT TIME ZONE :zone)"
          + " FROM lead WHERE "
          + Visibility.LEAD;

  private static final String STATUS_OVER_TIME =
      "SELECT date_trunc(:unit, first_flagged_at AT TIME ZONE :zone), status, count(*)"
          + " FROM lead WHERE "
          + Visibility.LEAD
          + " GROUP BY 1, 2";

  private static final String CONDUCT_OVER_TIME =
      "SELECT date_trunc(:unit, first_flagged_at AT TIME ZONE :zone), conduct, count(*)"
          + " FROM lead, unnest(lead.conducts) AS conduct WHERE "
          + Visibility.LEAD
          + " GROUP BY 1, 2";

  /** Per visible confirmed lead: seconds from its opening to its first confirmation. */
  private static final String CONFIRMATION_SECONDS =
      "SELECT extract(epoch FROM min(a.at) - lead.first_flagged_at) AS seconds"
          + " FROM lead JOIN lead_action a ON a.lead_id = lead.id AND a.kind = 'CONFIRMED'"
          + " WHERE "
          + Visibility.LEAD
          + " GROUP BY lead.id, lead.first_flagged_at";

  /** Per visible confirmed lead: its takedown against its first confirmation. */
  private static final String CONFIRMED =
      "SELECT lead.gone_since, lead.last_check_state, min(a.at) AS confirmed_at"
          + " FROM lead JOIN lead_action a ON a.lead_id = lead.id AND a.kind = 'CONFIRMED'"
          + " WHERE "
          + Visibility.LEAD
          + " GROUP BY lead.id, lead.gone_since, lead.last_check_state";

  private static final String TIMES =
      """
      SELECT count(*),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
             percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds)
        FROM (%s) AS t
      """;

  private static final String HISTOGRAM =
      "SELECT width_bucket(seconds, CAST(:bounds AS float8[])), count(*) FROM (%s) AS t GROUP BY 1";

  private static final String TAKEDOWN_SECONDS =
      "SELECT extract(epoch FROM gone_since - confirmed_at) AS seconds FROM ("
          + CONFIRMED
          + ") AS c WHERE gone_since >= confirmed_at";

  private static final String TAKEDOWN_REST =
      "SELECT count(*) FILTER (WHERE gone_since IS NULL AND last_check_state IN ('ONLINE', 'CHANGED')),"
          + " count(*) FILTER (WHERE gone_since < confirmed_at) FROM ("
          + CONFIRMED
          + ") AS c";

  private static final String BY_BUREAU =
      "SELECT r.bureau, count(*) FROM lead_route r JOIN lead ON lead.id = r.lead_id WHERE "
          + Visibility.LEAD
          + " GROUP BY r.bureau ORDER BY count(*) DESC, r.bureau";

  private static final String UNROUTED =
      "SELECT count(*) FROM lead WHERE "
          + Visibility.LEAD
          + " AND NOT EXISTS (SELECT 1 FROM lead_route r WHERE r.lead_id = lead.id)";

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
          Map<String, Long> byStatus = new LinkedHashMap<>();
          for (LeadStatus s : LeadStatus.values()) {
            byStatus.put(s.name(), 0L);
          }
          byStatus.putAll(counts(h, BY_STATUS, viewer));
          m.put("leads", byStatus.values().stream().mapToLong(Long::longValue).sum());
          m.put("byStatus", byStatus);
          m.put("byConduct", counts(h, BY_CONDUCT, viewer));
          m.put("overTime", overTime(h, viewer, zone));
          Map<String, Object> confirmation = times(h, CONFIRMATION_SECONDS, viewer);
          m.put("firstFlagToConfirmation", confirmation);
          Map<String, Object> takedown = times(h, TAKEDOWN_SECONDS, viewer);
          long[] rest =
              Visibility.bind(h.createQuery(TAKEDOWN_REST), viewer)
                  .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                  .one();
          takedown.put("stillOnline", rest[0]);
          takedown.put("goneBeforeConfirmation", rest[1]);
          m.put("confirmationToTakedown", takedown);
          m.put("byBureau", counts(h, BY_BUREAU, viewer));
          m.put(
              "unrouted", Visibility.bind(h.createQuery(UNROUTED), viewer).mapTo(Long.class).one());
          return m;
        });
  }

  private static Map<String, Object> overTime(Handle h, Viewer viewer, ZoneId zone) {
    String tz = zone.getId();
    LocalDateTime[] span =
        Visibility.bind(h.createQuery(SPAN).bind("zone", tz), viewer)
            .map(
                (rs, ctx) ->
                    new LocalDateTime[] {
                      rs.getObject(1, LocalDateTime.class), rs.getObject(2, LocalDateTime.class)
                    })
            .one();
    Map<String, Object> m = new LinkedHashMap<>();
    if (span[0] == null) {
      m.put("unit", "day");
      m.put("labels", List.of());
      m.put("byStatus", Map.of());
      m.put("byConduct", Map.of());
      return m;
    }
    long days = ChronoUnit.DAYS.between(span[0].toLocalDate(), span[1].toLocalDate());
    String unit = days <= 92 ? "day" : days <= 2 * 366 ? "week" : "month";
    List<LocalDate> buckets = buckets(unit, span[0].toLocalDate(), span[1].toLocalDate());
    m.put("unit", unit);
    m.put("labels", buckets.stream().map(LocalDate::toString).toList());
    m.put("byStatus", series(h, STATUS_OVER_TIME, viewer, unit, tz, buckets));
    m.put("byConduct", series(h, CONDUCT_OVER_TIME, viewer, unit, tz, buckets));
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
      Handle h, String sql, Viewer viewer, String unit, String tz, List<LocalDate> buckets) {
    Map<LocalDate, Integer> index = new TreeMap<>();
    for (int i = 0; i < buckets.size(); i++) {
      index.put(buckets.get(i), i);
    }
    Map<String, long[]> counts = new TreeMap<>();
    Visibility.bind(h.createQuery(sql).bind("unit", unit).bind("zone", tz), viewer)
        .map(
            (rs, ctx) ->
                Map.entry(
                    Map.entry(rs.getObject(1, LocalDateTime.class).toLocalDate(), rs.getString(2)),
                    rs.getLong(3)))
        .forEach(
            e -> {
              LocalDate bucket = e.getKey().getKey();
              // leads older than the first bucket shown are counted in it
              int i = index.getOrDefault(bucket, bucket.isBefore(buckets.get(0)) ? 0 : -1);
              if (i >= 0) {
                counts.computeIfAbsent(e.getKey().getValue(), k -> new long[buckets.size()])[i] +=
                    e.getValue();
              }
            });
    Map<String, List<Long>> out = new LinkedHashMap<>();
    counts.forEach((k, v) -> out.put(k, java.util.Arrays.stream(v).boxed().toList()));
    return out;
  }

  /** Count, median and p90 of a query's {@code seconds}, and their histogram. */
  private static Map<String, Object> times(Handle h, String secondsSql, Viewer viewer) {
    Map<String, Object> m = new LinkedHashMap<>();
    Visibility.bind(h.createQuery(TIMES.formatted(secondsSql)), viewer)
        .map(
            (rs, ctx) -> {
              m.put("count", rs.getLong(1));
              m.put("medianSeconds", seconds(rs.getObject(2)));
              m.put("p90Seconds", seconds(rs.getObject(3)));
              return 0;
            })
        .one();
    long[] histogram = new long[BOUNDS.length + 1];
    Visibility.bind(
            h.createQuery(HISTOGRAM.formatted(secondsSql))
                .bindArray("bounds", Double.class, (Object[]) boxed(BOUNDS)),
            viewer)
        .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2)))
        .forEach(e -> histogram[Math.min(Math.max(e.getKey(), 0), BOUNDS.length)] += e.getValue());
    Map<String, Object> hist = new LinkedHashMap<>();
    hist.put("labels", BOUND_LABELS);
    hist.put("counts", java.util.Arrays.stream(histogram).boxed().toList());
    m.put("histogram", hist);
    return m;
  }

  private static Long seconds(Object value) {
    return value == null ? null : Math.round(((Number) value).doubleValue());
  }

  private static Double[] boxed(double[] values) {
    return java.util.Arrays.stream(values).boxed().toArray(Double[]::new);
  }

  private static Map<String, Long> counts(Handle h, String sql, Viewer viewer) {
    Map<String, Long> m = new LinkedHashMap<>();
    Visibility.bind(h.createQuery(sql), viewer)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }
}
