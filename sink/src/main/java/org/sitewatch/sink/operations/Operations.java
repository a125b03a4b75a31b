package org.sitewatch.sink.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.sitewatch.sink.lead.IdentifierStrength;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.lead.Simhashes;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.LeadStoreException;
import org.sitewatch.sink.store.Transactions;
import org.sitewatch.sink.workflow.LeadUpkeep;
import org.sitewatch.sink.workflow.RepeatLinks;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Operator networks: the operations leads are linked into, the repeat-offender links of a lead,
 * and the ignore list of identifiers that link nothing (docs/operations.md). The sink keeps
 * operations and links current as verdicts arrive ({@link LeadStore}); this class reads them and
 * changes the ignore list, which recomputes the links and operations it affects in the same
 * transaction.
 */
public final class Operations {
  private static final String MEMBERS =
      """
      SELECT o.operation_id, l.id, l.site, l.status
        FROM lead_operation o JOIN lead l ON l.id = o.lead_id
       WHERE (?::bigint IS NULL OR o.operation_id = ?)
       ORDER BY o.operation_id, l.id
      """;

  private static final String SHARED =
      """
      SELECT o.operation_id, i.type, i.value, array_agg(i.lead_id ORDER BY i.lead_id)
        FROM lead_operation o JOIN lead_identifier i ON i.lead_id = o.lead_id
       WHERE (?::bigint IS NULL OR o.operation_id = ?) AND i.type = ANY (?)
         AND NOT EXISTS (SELECT 1 FROM identifier_ignore g
                          WHERE g.type = i.type AND g.value_sha256 = i.value_sha256)
       GROUP BY o.operation_id, i.type, i.value
      HAVING count(*) >= 2
       ORDER BY o.operation_id, i.type, i.value
      """;

  private static final String OPERATION_OF_LEAD =
      "SELECT operation_id FROM lead_operation WHERE lead_id = ?";

  private static final String SIZES =
      "SELECT operation_id, count(*) FROM lead_operation GROUP BY operation_id";

  private static final String IGNORED_COUNT = "SELECT count(*) FROM identifier_ignore";

  private static final String IGNORED =
      "SELECT type, value, reason, ignored_by, ignored_at FROM identifier_ignore ORDER BY type, value";

  private static final String IGNORE =
      """
      INSERT INTO identifier_ignore (type, value, reason, ignored_by, ignored_at)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (type, value_sha256) DO NOTHING
      """;

  private static final String UNIGNORE = "DELETE FROM identifier_ignore WHERE type = ? AND value_sha256 = sitewatch_sha256(?)";

  private static final String LOG =
      """
      INSERT INTO identifier_ignore_log (type, value, action, reason, actor, at)
      VALUES (?, ?, ?, ?, ?, ?)
      """;

  private static final String HOLDERS =
      "SELECT lead_id FROM lead_identifier WHERE type = ? AND value_sha256 = sitewatch_sha256(?)"
          + " ORDER BY lead_id";

  private static final String SIMHASH_HOLDERS =
      "SELECT DISTINCT lead_id FROM lead_page_simhash WHERE simhash = ? ORDER BY lead_id";

  private final DataSource dataSource;
  private final Clock clock;
  private final ReviewPolicy policy;
  private final LeadUpkeep upkeep;

  public Operations(DataSource dataSource, Clock clock, ReviewPolicy policy) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.upkeep = new LeadUpkeep(policy, new LeadStore(dataSource, clock, policy)::lead);
  }

  /** Every operation, largest first, then by id. */
  public List<Operation> list() {
    List<Operation> all = read(null);
    all.sort(Comparator.comparingInt(Operation::size).reversed().thenComparingLong(Operation::id));
    return all;
  }

  /** The operation with this id. */
  public Optional<Operation> find(long operationId) {
    return read(operationId).stream().findFirst();
  }

  /** The operation the lead belongs to, if it is linked to any other lead. */
  public Optional<Operation> ofLead(long leadId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(OPERATION_OF_LEAD)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return find(rs.getLong(1));
      }
    } catch (SQLException e) {
      throw new LeadStoreException("cannot read the operation of lead " + leadId, e);
    }
  }

  /** Why the lead is a repeat offender: its links in force, by related lead. */
  public List<RepeatLink> repeatLinks(long leadId) {
    try (Connection c = dataSource.getConnection()) {
      return RepeatLinks.stored(c, leadId);
    } catch (SQLException e) {
      throw new LeadStoreException("cannot read the repeat-offender links of lead " + leadId, e);
    }
  }

  /** Figures about operations and the ignore list. */
  public OperationStats stats() {
    return inSnapshot("cannot compute operation figures", c -> {
      Map<Integer, Long> bySize = new HashMap<>();
      long operations = 0;
      long leads = 0;
      int largest = 0;
      try (PreparedStatement ps = c.prepareStatement(SIZES);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int size = rs.getInt(2);
          operations++;
          leads += size;
          largest = Math.max(largest, size);
          bySize.merge(size, 1L, Long::sum);
        }
      }
      long ignored;
      try (PreparedStatement ps = c.prepareStatement(IGNORED_COUNT);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        ignored = rs.getLong(1);
      }
      return new OperationStats(operations, leads, largest, bySize, ignored);
    });
  }

  /** The ignore list, by type and value. */
  public List<IgnoredIdentifier> ignored() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(IGNORED);
        ResultSet rs = ps.executeQuery()) {
      List<IgnoredIdentifier> list = new ArrayList<>();
      while (rs.next()) {
        list.add(new IgnoredIdentifier(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
      }
      return list;
    } catch (SQLException e) {
      throw new LeadStoreException("cannot read the ignore list", e);
    }
  }

  /**
   * Puts an identifier on the ignore list: from now on it links no leads and makes no repeat
   * offender; the operations and links that rested on it are split and removed at once (each
   * removed link is recorded in its lead's history). Returns false if it was ignored already.
   *
   * @throws IllegalArgumentException if type, value, reason or actor is blank, or a {@code
   *     text-simhash} value is not 16 hex digits
   */
  public boolean ignore(String type, String value, String reason, String by) {
    IgnoredIdentifier entry =
        new IgnoredIdentifier(type, normalise(type, value), reason, by, now());
    return change(entry.type(), entry.value(), entry.at(), c -> {
      try (PreparedStatement ps = c.prepareStatement(IGNORE)) {
        ps.setString(1, entry.type());
        ps.setString(2, entry.value());
        ps.setString(3, entry.reason());
        ps.setString(4, entry.by());
        LeadUpkeep.setInstant(ps, 5, entry.at());
        if (ps.executeUpdate() == 0) {
          return false;
        }
      }
      log(c, entry.type(), entry.value(), "IGNORED", entry.reason(), entry.by(), entry.at());
      return true;
    });
  }

  /**
   * Takes an identifier off the ignore list: it links leads again. Returns false if it was not on
   * the list.
   */
  public boolean unignore(String type, String value, String by) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(by, "by");
    if (by.isBlank()) {
      throw new IllegalArgumentException("by must not be blank");
    }
    String v = normalise(type, value);
    Instant at = now();
    return change(type, v, at, c -> {
      try (PreparedStatement ps = c.prepareStatement(UNIGNORE)) {
        ps.setString(1, type);
        ps.setString(2, v);
        if (ps.executeUpdate() == 0) {
          return false;
        }
      }
      log(c, type, v, "UNIGNORED", "", by, at);
      return true;
    });
  }

  /** Recomputes every operation from the stored identifiers (after upgrading, or to repair). */
  public void rebuild() {
    Instant now = now();
    inTransaction("cannot rebuild operations", c -> {
      OperationIndex.rebuild(c, now);
      return null;
    });
  }

  /** Changes the list, then recomputes the affected leads' links and, last, their operations. */
  private boolean change(String type, String value, Instant now, Transactions.Work<Boolean> edit) {
    return inTransaction("cannot change the ignore list for " + type + " " + value, c -> {
      if (!edit.run(c)) {
        return false;
      }
      Set<Long> holders = new TreeSet<>();
      Set<Long> affected = new TreeSet<>();
      if (type.equals(IdentifierStrength.TEXT_SIMHASH)) {
        try (PreparedStatement ps = c.prepareStatement(SIMHASH_HOLDERS)) {
          ps.setLong(1, Simhashes.parse(value));
          collect(ps, holders);
        }
        affected.addAll(holders);
        for (long holder : holders) {
          // with the hash ignored these are no longer related, so look before and after
          affected.addAll(RepeatLinks.related(c, holder, ReviewPolicy.MAX_SIMHASH_DISTANCE));
          affected.addAll(linkedTo(c, holder));
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement(HOLDERS)) {
          ps.setString(1, type);
          ps.setString(2, value);
          collect(ps, holders);
        }
        affected.addAll(holders);
      }
      for (long lead : affected) {
        upkeep.recompute(c, lead, now);
      }
      if (IdentifierStrength.isStrong(type)) {
        OperationIndex.refresh(c, holders, now);
      }
      return true;
    });
  }

  /** Leads whose stored links point at {@code leadId}, or that it points at. */
  private static Set<Long> linkedTo(Connection c, long leadId) throws SQLException {
    Set<Long> ids = new TreeSet<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT lead_id FROM lead_link WHERE related_lead_id = ?"
            + " UNION SELECT related_lead_id FROM lead_link WHERE lead_id = ?")) {
      ps.setLong(1, leadId);
      ps.setLong(2, leadId);
      collect(ps, ids);
    }
    return ids;
  }

  private static void collect(PreparedStatement ps, Set<Long> into) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        into.add(rs.getLong(1));
      }
    }
  }

  private static void log(Connection c, String type, String value, String action, String reason,
      String actor, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOG)) {
      ps.setString(1, type);
      ps.setString(2, value);
      ps.setString(3, action);
      ps.setString(4, reason);
      ps.setString(5, actor);
      LeadUpkeep.setInstant(ps, 6, at);
      ps.executeUpdate();
    }
  }

  private static String normalise(String type, String value) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    String v = value.strip();
    if (type.equals(IdentifierStrength.TEXT_SIMHASH)) {
      v = v.toLowerCase(Locale.ROOT);
      if (!v.matches("[0-9a-f]{16}")) {
        throw new IllegalArgumentException("a text-simhash value is 16 hex digits: " + value);
      }
    }
    return v;
  }

  private List<Operation> read(Long operationId) {
    return inSnapshot("cannot read operations", c -> {
      Map<Long, List<Operation.Member>> members = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(MEMBERS)) {
        ps.setObject(1, operationId, java.sql.Types.BIGINT);
        ps.setObject(2, operationId, java.sql.Types.BIGINT);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            members.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(
                new Operation.Member(rs.getLong(2), rs.getString(3),
                    LeadStatus.valueOf(rs.getString(4))));
          }
        }
      }
      Map<Long, List<Operation.SharedIdentifier>> shared = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(SHARED)) {
        ps.setObject(1, operationId, java.sql.Types.BIGINT);
        ps.setObject(2, operationId, java.sql.Types.BIGINT);
        ps.setArray(3, c.createArrayOf("text", IdentifierStrength.STRONG_TYPES.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Long[] ids = (Long[]) rs.getArray(4).getArray();
            shared.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(
                new Operation.SharedIdentifier(rs.getString(2), rs.getString(3), Arrays.asList(ids)));
          }
        }
      }
      List<Operation> operations = new ArrayList<>();
      members.forEach((id, m) -> operations.add(
          new Operation(id, m, shared.getOrDefault(id, List.of()))));
      return operations;
    });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private <T> T inTransaction(String failure, Transactions.Work<T> work) {
    return Transactions.inTransaction(dataSource, failure, work);
  }

  /** One read-only snapshot, so that members and shared identifiers agree. */
  private <T> T inSnapshot(String failure, Transactions.Work<T> work) {
    return Transactions.inSnapshot(dataSource, failure, work);
  }
}
