package org.sitewatch.sink.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.Severity;
import org.sitewatch.sink.recrawl.CheckState;
import org.sitewatch.sink.store.Transactions;

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

  private final DataSource dataSource;

  public LeadStats(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** The current figures. */
  public CampaignStats compute() {
    // one snapshot for all figures, so that they add up
    return Transactions.inSnapshot(dataSource, "cannot compute campaign figures", c -> {
      long total = single(c, TOTAL);
      Map<String, Long> byStatus = zeros(LeadStatus.values());
      byStatus.putAll(counts(c, BY_STATUS));
      Map<String, Long> byFlag = new LinkedHashMap<>();
      for (PriorityFlag f : PriorityFlag.values()) {
        byFlag.put(f.label(), 0L);
      }
      byFlag.putAll(counts(c, BY_FLAG));
      Map<String, Long> bySeverity = zeros(Severity.values());
      bySeverity.putAll(counts(c, BY_SEVERITY));
      Map<String, Long> byConduct = counts(c, BY_CONDUCT);
      long confirmed;
      Optional<Duration> median;
      Optional<Duration> p90;
      try (PreparedStatement ps = c.prepareStatement(TO_CONFIRMATION);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        confirmed = rs.getLong(1);
        median = seconds(rs, 2);
        p90 = seconds(rs, 3);
      }
      long reopenedLeads;
      long reopenings;
      try (PreparedStatement ps = c.prepareStatement(REOPENED);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        reopenedLeads = rs.getLong(1);
        reopenings = rs.getLong(2);
      }
      FollowUpStats followUp = followUp(c);
      return new CampaignStats(total, byStatus, byConduct, byFlag, bySeverity, confirmed,
          median, p90, reopenedLeads, reopenings, followUp);
    });
  }

  private static FollowUpStats followUp(Connection c) throws SQLException {
    Map<String, Long> byBureau = counts(c, BY_BUREAU);
    long unrouted = single(c, UNROUTED);
    FollowUpStats.Times toLead;
    try (PreparedStatement ps = c.prepareStatement(FIRST_FETCH_TO_LEAD);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      toLead = new FollowUpStats.Times(rs.getLong(1), seconds(rs, 2), seconds(rs, 3));
    }
    FollowUpStats.Times toTakedown;
    long stillOnline;
    long goneBefore;
    try (PreparedStatement ps = c.prepareStatement(TO_TAKEDOWN);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      toTakedown = new FollowUpStats.Times(rs.getLong(1), seconds(rs, 2), seconds(rs, 3));
      stillOnline = rs.getLong(4);
      goneBefore = rs.getLong(5);
    }
    Map<String, Long> byCheckState = zeros(CheckState.values());
    byCheckState.put("UNCHECKED", 0L);
    byCheckState.putAll(counts(c, BY_CHECK_STATE));
    return new FollowUpStats(byBureau, unrouted, toLead, toTakedown, stillOnline, goneBefore,
        byCheckState);
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

  private static long single(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<String, Long> counts(Connection c, String sql) throws SQLException {
    Map<String, Long> m = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        m.put(rs.getString(1), rs.getLong(2));
      }
    }
    return m;
  }
}
