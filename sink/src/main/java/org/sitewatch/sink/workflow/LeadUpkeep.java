package org.sitewatch.sink.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.Priority;
import org.sitewatch.sink.lead.PriorityFlag;

/**
 * What follows a change to a lead inside the transaction that made it: reopening a dismissed lead
 * on material new evidence, and recomputing priority, severity and priority flags (with the
 * repeat-offender links). Every method runs on the caller's connection and transaction.
 */
public final class LeadUpkeep {
  /** The actor of history entries written by verdicts rather than people. */
  public static final String SINK_ACTOR = "sink";

  /** How to read a lead from a {@code lead} row. */
  @FunctionalInterface
  public interface LeadReader {
    Lead read(ResultSet rs) throws SQLException;
  }

  private static final String LEAD_BY_ID = "SELECT * FROM lead WHERE id = ?";

  /** The same, locking the row: recomputations of one lead run one after the other. */
  private static final String LEAD_BY_ID_LOCKED =
      "SELECT * FROM lead WHERE id = ? FOR NO KEY UPDATE";

  private static final String DISMISSED_SIGNALS =
      "SELECT dismissed_signal_ids FROM lead WHERE id = ?";

  private static final String REOPEN =
      """
      UPDATE lead SET status = 'NEW', dismiss_reason = NULL
       WHERE id = ? AND status = 'DISMISSED'
      """;

  private static final String RECORD_REOPENING =
      """
      INSERT INTO lead_action (lead_id, site, kind, actor, from_status, to_status, signal_ids,
                               verdict_revision, at, verdict_epoch)
      VALUES (?, ?, 'REOPENED', ?, 'DISMISSED', 'NEW', ?, ?, ?, ?)
      ON CONFLICT (lead_id, verdict_epoch, verdict_revision) WHERE verdict_revision IS NOT NULL
      DO NOTHING
      """;

  private static final String SET_PRIORITY =
      """
      UPDATE lead SET priority = ?, severity = ?, flags = ?
       WHERE id = ? AND (priority, severity, flags) IS DISTINCT FROM (?, ?, ?)
      """;

  private final ReviewPolicy policy;
  private final LeadReader reader;

  public LeadUpkeep(ReviewPolicy policy, LeadReader reader) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  public ReviewPolicy policy() {
    return policy;
  }

  /**
   * Follows a verdict that opened or changed {@code lead}: reopens it if it was dismissed and the
   * verdict flags the site with a heavy signal the lead did not have when dismissed, then
   * recomputes its priority. Returns the lead as it now stands.
   */
  public Lead afterVerdict(Connection c, Lead lead, SiteVerdict verdict, Instant now) throws SQLException {
    if (lead.status() == LeadStatus.DISMISSED && verdict.flagged()) {
      List<String> fresh = newHeavySignals(c, lead.id(), verdict.signals());
      if (!fresh.isEmpty()) {
        reopen(c, lead, fresh, verdict.epoch(), verdict.revision(), now);
      }
    }
    recompute(c, lead.id(), now);
    return read(c, lead.id());
  }

  /**
   * Recomputes the priority of a lead and its repeat-offender links ({@link RepeatLinks}): links
   * that no longer hold are removed and new ones added, each change written to the lead's history.
   */
  public void recompute(Connection c, long leadId, Instant now) throws SQLException {
    Lead lead = read(c, leadId, true);
    Set<PriorityFlag> flags = EnumSet.noneOf(PriorityFlag.class);
    flags.addAll(Priority.evidenceFlags(lead, policy));
    if (RepeatLinks.update(c, lead, policy.simhashMaxDistance(), now)) {
      flags.add(PriorityFlag.REPEAT_OFFENDER);
    }
    Priority priority = Priority.of(lead.score(), lead.conducts(), flags);
    String[] labels = flags.stream().map(PriorityFlag::label).toArray(String[]::new);
    try (PreparedStatement ps = c.prepareStatement(SET_PRIORITY)) {
      ps.setInt(1, priority.value());
      ps.setString(2, priority.severity().name());
      ps.setArray(3, c.createArrayOf("text", labels));
      ps.setLong(4, leadId);
      ps.setInt(5, priority.value());
      ps.setString(6, priority.severity().name());
      ps.setArray(7, c.createArrayOf("text", labels));
      ps.executeUpdate();
    }
  }

  /**
   * Recomputes the leads of other sites that share a strong identifier or near-identical pages
   * with this one: a status change here can make them repeat offenders (or stop them being one).
   */
  public void recomputeSharing(Connection c, long leadId, Instant now) throws SQLException {
    for (long other : RepeatLinks.related(c, leadId, policy.simhashMaxDistance())) {
      recompute(c, other, now);
    }
  }

  public Lead read(Connection c, long leadId) throws SQLException {
    return read(c, leadId, false);
  }

  private Lead read(Connection c, long leadId, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(lock ? LEAD_BY_ID_LOCKED : LEAD_BY_ID)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("lead " + leadId + " vanished");
        }
        return reader.read(rs);
      }
    }
  }

  private List<String> newHeavySignals(Connection c, long leadId, List<SignalHit> signals)
      throws SQLException {
    Set<String> known;
    try (PreparedStatement ps = c.prepareStatement(DISMISSED_SIGNALS)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        known = Set.of((String[]) rs.getArray(1).getArray());
      }
    }
    return signals.stream()
        .filter(s -> s.weight() >= policy.reopenMinWeight() && !known.contains(s.id()))
        .map(SignalHit::id)
        .distinct()
        .sorted()
        .toList();
  }

  private static void reopen(Connection c, Lead lead, List<String> signalIds, long epoch,
      long revision, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(REOPEN)) {
      ps.setLong(1, lead.id());
      if (ps.executeUpdate() == 0) {
        return;
      }
    }
    try (PreparedStatement ps = c.prepareStatement(RECORD_REOPENING)) {
      ps.setLong(1, lead.id());
      ps.setString(2, lead.site());
      ps.setString(3, SINK_ACTOR);
      ps.setArray(4, c.createArrayOf("text", signalIds.toArray()));
      ps.setLong(5, revision);
      setInstant(ps, 6, now);
      ps.setLong(7, epoch);
      ps.executeUpdate();
    }
  }

  public static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    ps.setObject(
        index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
  }

  public static List<String> textArray(ResultSet rs, String column) throws SQLException {
    return Arrays.asList((String[]) rs.getArray(column).getArray());
  }
}
