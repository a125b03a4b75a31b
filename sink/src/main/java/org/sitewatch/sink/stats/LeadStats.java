package org.sitewatch.sink.stats;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.Severity;
import org.sitewatch.sink.recrawl.CheckState;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStatus;

/** Computes {@link CampaignStats} from the lead store in one read-only snapshot. */
public final class LeadStats {
  private static final String TOTAL = "SELECT count(*) FROM lead";

  private static final String BY_STATUS = "SELECT status, count(*) FROM lead GROUP BY status";

  private static final String BY_CONDUCT =
      """
      SELECT conduct, count(*) FROM lead, unnest(conducts) AS conduct
       GROUP BY conduct ORDER BY count(*) DESC, conduct
      """;

  private static final String BY_FLAG =
      "SELECT flag, count(*) FROM lead, unnest(flags) AS flag GROUP BY flag";

  private static final String BY_SEVERITY = "SELECT severity, count(*) FROM lead GROUP BY severity";

  /** Per confirmed lead: seconds from its opening to its first confirmation. */
  private static final String TO_CONFIRMATION =
      """
      SELECT count(*),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
             percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds)
        FROM (SELECT extract(epoch FROM min(a.at) - l.first_flagged_at) AS seconds
                FROM lead l JOIN lead_action a ON a.lead_id = l.id AND a.kind = 'CONFIRMED'
               GROUP BY l.id, l.first_flagged_at) AS confirmed
      """;

  private static final String REOPENED =
      "SELECT count(DISTINCT lead_id), count(*) FROM lead_action WHERE kind = 'REOPENED'";

  /** Leads per bureau of their routes; the route key (lead, bureau) makes count(*) per lead. */
  private static final String BY_BUREAU =
      "SELECT bureau, count(*) FROM lead_route GROUP BY bureau ORDER BY count(*) DESC, bureau";

  private static final String UNROUTED =
      "SELECT count(*) FROM lead l WHERE NOT EXISTS (SELECT 1 FROM lead_route r WHERE r.lead_id = l.id)";

  /**
   * Per lead: seconds from the earliest fetch among its evidence pages to its opening (never
   * negative: a later verdict may list pages fetched after the opening).
   */
  private static final String FIRST_FETCH_TO_LEAD =
      """
      SELECT count(*),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
             percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds)
        FROM (SELECT greatest(0, extract(epoch FROM
                       l.first_flagged_at - min((p ->> 'fetchedAt')::timestamptz))) AS seconds
                FROM lead l, jsonb_array_elements(l.pages) AS p
               WHERE p ->> 'fetchedAt' IS NOT NULL
               GROUP BY l.id, l.first_flagged_at) AS fetched
      """;

  /** Per confirmed lead: its first confirmation against when its site went away (recrawl). */
  private static final String TO_TAKEDOWN =
      """
      SELECT count(*) FILTER (WHERE gone_since >= confirmed_at),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM gone_since - confirmed_at))
                 FILTER (WHERE gone_since >= confirmed_at),
             percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM gone_since - confirmed_at))
                 FILTER (WHERE gone_since >= confirmed_at),
             count(*) FILTER (WHERE gone_since IS NULL AND last_check_state IN ('ONLINE', 'CHANGED')),
             count(*) FILTER (WHERE gone_since < confirmed_at)
        FROM (SELECT l.gone_since, l.last_check_state, min(a.at) AS confirmed_at
                FROM lead l JOIN lead_action a ON a.lead_id = l.id AND a.kind = 'CONFIRMED'
               GROUP BY l.id, l.gone_since, l.last_check_state) AS confirmed
      """;

  private static final String BY_CHECK_STATE =
      "SELECT COALESCE(last_check_state, 'UNCHECKED'), count(*) FROM lead GROUP BY 1";

  /** Reports per channel and tips per status, as (kind, key, count) rows. */
  private static final String TIP_COUNTS =
      """
      SELECT 'channel' AS kind, channel AS key, count(*) AS n FROM tip_report GROUP BY channel
      UNION ALL
      SELECT 'status', status, count(*) FROM tip GROUP BY status
      """;

  /**
   * Per tip whose site has a lead: seconds from the tip's receipt to the lead's opening, zero for a
   * lead that was there before the tip.
   */
  private static final String TIP_TO_LEAD =
      """
      SELECT count(*),
             percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
             percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds)
        FROM (SELECT extract(epoch FROM greatest(l.first_flagged_at, t.received_at)
                                        - t.received_at) AS seconds
                FROM tip t JOIN lead l ON l.site = t.site) AS became
      """;

  private static final String TOP_REPORTED_SITES =
      """
      SELECT c.site, c.n, COALESCE(l.status, '') AS lead_status
        FROM (SELECT site, count(*) AS n FROM tip GROUP BY site
               ORDER BY count(*) DESC, site LIMIT 10) AS c
        LEFT JOIN lead l ON l.site = c.site
       ORDER BY c.n DESC, c.site
      """;

  private final Database db;

  public LeadStats(DataSource dataSource) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /** The current figures. */
  public CampaignStats compute() {
    // one snapshot for all figures, so that they add up
    return db.inSnapshot(
        "cannot compute campaign figures",
        h -> {
          long total = single(h, TOTAL);
          Map<String, Long> byStatus = zeros(LeadStatus.values());
          byStatus.putAll(counts(h, BY_STATUS));
          Map<String, Long> byFlag = new LinkedHashMap<>();
          for (PriorityFlag f : PriorityFlag.values()) {
            byFlag.put(f.label(), 0L);
          }
          byFlag.putAll(counts(h, BY_FLAG));
          Map<String, Long> bySeverity = zeros(Severity.values());
          bySeverity.putAll(counts(h, BY_SEVERITY));
          Map<String, Long> byConduct = counts(h, BY_CONDUCT);
          FollowUpStats.Times toConfirmation = times(h, TO_CONFIRMATION);
          long[] reopened =
              h.createQuery(REOPENED)
                  .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                  .one();
          FollowUpStats followUp = followUp(h);
          return new CampaignStats(
              total,
              byStatus,
              byConduct,
              byFlag,
              bySeverity,
              toConfirmation.count(),
              toConfirmation.median(),
              toConfirmation.p90(),
              reopened[0],
              reopened[1],
              followUp);
        });
  }

  private static FollowUpStats followUp(Handle h) {
    Map<String, Long> byBureau = counts(h, BY_BUREAU);
    long unrouted = single(h, UNROUTED);
    FollowUpStats.Times toLead = times(h, FIRST_FETCH_TO_LEAD);
    record Takedown(FollowUpStats.Times times, long stillOnline, long goneBefore) {}
    Takedown takedown =
        h.createQuery(TO_TAKEDOWN)
            .map(
                (rs, ctx) ->
                    new Takedown(
                        new FollowUpStats.Times(rs.getLong(1), seconds(rs, 2), seconds(rs, 3)),
                        rs.getLong(4),
                        rs.getLong(5)))
            .one();
    Map<String, Long> byCheckState = zeros(CheckState.values());
    byCheckState.put("UNCHECKED", 0L);
    byCheckState.putAll(counts(h, BY_CHECK_STATE));
    return new FollowUpStats(
        byBureau,
        unrouted,
        toLead,
        takedown.times(),
        takedown.stillOnline(),
        takedown.goneBefore(),
        byCheckState);
  }

  /** A count with the median and 90th percentile of seconds, as the queries above return. */
  private static FollowUpStats.Times times(Handle h, String sql) {
    return h.createQuery(sql)
        .map((rs, ctx) -> new FollowUpStats.Times(rs.getLong(1), seconds(rs, 2), seconds(rs, 3)))
        .one();
  }

  private static Optional<Duration> seconds(ResultSet rs, int column) throws SQLException {
    double s = rs.getDouble(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(s * 1000)));
  }

  private static Map<String, Long> zeros(Enum<?>[] values) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Enum<?> v : values) {
      m.put(v.name(), 0L);
    }
    return m;
  }

  private static long single(Handle h, String sql) {
    return h.createQuery(sql).mapTo(Long.class).one();
  }

  private static Map<String, Long> counts(Handle h, String sql) {
    Map<String, Long> m = new LinkedHashMap<>();
    h.createQuery(sql)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  /** The tip figures, in one read-only snapshot (docs/tips.md). */
  public TipStats tips() {
    return db.inSnapshot(
        "cannot compute tip figures",
        h -> {
          Map<String, Long> byChannel = zeros(TipChannel.values());
          Map<String, Long> byStatus = zeros(TipStatus.values());
          h.createQuery(TIP_COUNTS)
              .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)})
              .forEach(
                  r ->
                      (r[0].equals("channel") ? byChannel : byStatus)
                          .put((String) r[1], (Long) r[2]));
          long reports = byChannel.values().stream().mapToLong(Long::longValue).sum();
          long tips = byStatus.values().stream().mapToLong(Long::longValue).sum();
          FollowUpStats.Times toLead = times(h, TIP_TO_LEAD);
          List<TipStats.ReportedSite> top =
              h.createQuery(TOP_REPORTED_SITES)
                  .map(
                      (rs, ctx) ->
                          new TipStats.ReportedSite(
                              rs.getString("site"), rs.getLong("n"), rs.getString("lead_status")))
                  .list();
          return new TipStats(reports, byChannel, tips, byStatus, toLead.count(), toLead, top);
        });
  }
}
