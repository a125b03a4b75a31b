package org.sitewatch.sink;

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

  private final DataSource dataSource;

  public LeadStats(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /** The current figures. */
  public CampaignStats compute() {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      // one snapshot for all figures, so that they add up
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
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
        c.commit();
        return new CampaignStats(total, byStatus, byConduct, byFlag, bySeverity, confirmed,
            median, p90, reopenedLeads, reopenings);
      } finally {
        c.rollback();
        c.setReadOnly(false);
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new LeadStoreException("cannot compute campaign figures", e);
    }
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
