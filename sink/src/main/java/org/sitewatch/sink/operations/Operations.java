package org.sitewatch.sink.operations;

import java.time.Clock;
import java.time.Instant;
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
import org.jdbi.v3.core.Handle;
import org.sitewatch.sink.lead.IdentifierStrength;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.lead.Simhashes;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.sink.workflow.LeadUpkeep;
import org.sitewatch.sink.workflow.RepeatLinks;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Operator networks: the operations leads are linked into, the repeat-offender links of a lead, and
 * the ignore list of identifiers that link nothing (docs/operations.md). The sink keeps operations
 * and links current as verdicts arrive ({@link LeadStore}); this class reads them and changes the
 * ignore list, which recomputes the links and operations it affects in the same transaction.
 */
public final class Operations {
  private static final String MEMBERS =
      """
      SELECT o.operation_id, l.id, l.site, l.status
        FROM lead_operation o JOIN lead l ON l.id = o.lead_id
       WHERE (CAST(:operationId AS bigint) IS NULL OR o.operation_id = :operationId)
       ORDER BY o.operation_id, l.id
      """;

  private static final String SHARED =
      """
      SELECT o.operation_id, i.type, i.value, array_agg(i.lead_id ORDER BY i.lead_id)
        FROM lead_operation o JOIN lead_identifier i ON i.lead_id = o.lead_id
       WHERE (CAST(:operationId AS bigint) IS NULL OR o.operation_id = :operationId)
         AND i.type = ANY (:strongTypes)
         AND NOT EXISTS (SELECT 1 FROM identifier_ignore g
                          WHERE g.type = i.type AND g.value_sha256 = i.value_sha256)
       GROUP BY o.operation_id, i.type, i.value
      HAVING count(*) >= 2
       ORDER BY o.operation_id, i.type, i.value
      """;

  private static final String OPERATION_OF_LEAD =
      "SELECT operation_id FROM lead_operation WHERE lead_id = :leadId";

  private static final String SIZES =
      "SELECT operation_id, count(*) FROM lead_operation GROUP BY operation_id";

  private static final String IGNORED_COUNT = "SELECT count(*) FROM identifier_ignore";

  private static final String IGNORED =
      "SELECT type, value, reason, ignored_by, ignored_at FROM identifier_ignore ORDER BY type, value";

  private static final String IGNORE =
      """
      INSERT INTO identifier_ignore (type, value, reason, ignored_by, ignored_at)
      VALUES (:type, :value, :reason, :by, :at)
      ON CONFLICT (type, value_sha256) DO NOTHING
      """;

  private static final String UNIGNORE =
      "DELETE FROM identifier_ignore WHERE type = :type AND value_sha256 = sitewatch_sha256(:value)";

  private static final String LOG =
      """
      INSERT INTO identifier_ignore_log (type, value, action, reason, actor, at)
      VALUES (:type, :value, :action, :reason, :actor, :at)
      """;

  private static final String HOLDERS =
      """
      SELECT lead_id FROM lead_identifier
       WHERE type = :type AND value_sha256 = sitewatch_sha256(:value)
       ORDER BY lead_id
      """;

  private static final String SIMHASH_HOLDERS =
      "SELECT DISTINCT lead_id FROM lead_page_simhash WHERE simhash = :simhash ORDER BY lead_id";

  private static final String LINKED_TO =
      """
      SELECT lead_id FROM lead_link WHERE related_lead_id = :leadId
       UNION SELECT related_lead_id FROM lead_link WHERE lead_id = :leadId
      """;

  private final Database db;
  private final Clock clock;
  private final LeadUpkeep upkeep;

  public Operations(DataSource dataSource, Clock clock, ReviewPolicy policy) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.upkeep = new LeadUpkeep(Objects.requireNonNull(policy, "policy"));
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
    return db.withHandle(
            "cannot read the operation of lead " + leadId,
            h ->
                h.createQuery(OPERATION_OF_LEAD).bind("leadId", leadId).mapTo(Long.class).findOne())
        .flatMap(this::find);
  }

  /** Why the lead is a repeat offender: its links in force, by related lead. */
  public List<RepeatLink> repeatLinks(long leadId) {
    return db.withHandle(
        "cannot read the repeat-offender links of lead " + leadId,
        h -> RepeatLinks.stored(h, leadId));
  }

  /** Figures about operations and the ignore list. */
  public OperationStats stats() {
    return db.inSnapshot(
        "cannot compute operation figures",
        h -> {
          Map<Integer, Long> bySize = new HashMap<>();
          long operations = 0;
          long leads = 0;
          int largest = 0;
          for (int size : h.createQuery(SIZES).map((rs, ctx) -> rs.getInt(2)).list()) {
            operations++;
            leads += size;
            largest = Math.max(largest, size);
            bySize.merge(size, 1L, Long::sum);
          }
          long ignored = h.createQuery(IGNORED_COUNT).mapTo(Long.class).one();
          return new OperationStats(operations, leads, largest, bySize, ignored);
        });
  }

  /** The ignore list, by type and value. */
  public List<IgnoredIdentifier> ignored() {
    return db.withHandle(
        "cannot read the ignore list",
        h ->
            h.createQuery(IGNORED)
                .map(
                    (rs, ctx) ->
                        new IgnoredIdentifier(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            Rows.instant(rs, "ignored_at")))
                .list());
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
    return change(
        entry.type(),
        entry.value(),
        entry.at(),
        h -> {
          int inserted =
              h.createUpdate(IGNORE)
                  .bind("type", entry.type())
                  .bind("value", entry.value())
                  .bind("reason", entry.reason())
                  .bind("by", entry.by())
                  .bind("at", entry.at())
                  .execute();
          if (inserted == 0) {
            return false;
          }
          log(h, entry.type(), entry.value(), "IGNORED", entry.reason(), entry.by(), entry.at());
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
    return change(
        type,
        v,
        at,
        h -> {
          if (h.createUpdate(UNIGNORE).bind("type", type).bind("value", v).execute() == 0) {
            return false;
          }
          log(h, type, v, "UNIGNORED", "", by, at);
          return true;
        });
  }

  /** Recomputes every operation from the stored identifiers (after upgrading, or to repair). */
  public void rebuild() {
    Instant now = now();
    db.inTransaction(
        "cannot rebuild operations",
        h -> {
          OperationIndex.rebuild(h, now);
          return null;
        });
  }

  /** Changes the list, then recomputes the affected leads' links and, last, their operations. */
  private boolean change(String type, String value, Instant now, Database.Work<Boolean> edit) {
    return db.inTransaction(
        "cannot change the ignore list for " + type + " " + value,
        h -> {
          if (!edit.run(h)) {
            return false;
          }
          Set<Long> holders = new TreeSet<>();
          Set<Long> affected = new TreeSet<>();
          if (type.equals(IdentifierStrength.TEXT_SIMHASH)) {
            holders.addAll(
                h.createQuery(SIMHASH_HOLDERS)
                    .bind("simhash", Simhashes.parse(value))
                    .mapTo(Long.class)
                    .list());
            affected.addAll(holders);
            for (long holder : holders) {
              // with the hash ignored these are no longer related, so look before and after
              affected.addAll(RepeatLinks.related(h, holder, ReviewPolicy.MAX_SIMHASH_DISTANCE));
              affected.addAll(
                  h.createQuery(LINKED_TO).bind("leadId", holder).mapTo(Long.class).list());
            }
          } else {
            holders.addAll(
                h.createQuery(HOLDERS)
                    .bind("type", type)
                    .bind("value", value)
                    .mapTo(Long.class)
                    .list());
            affected.addAll(holders);
          }
          for (long lead : affected) {
            upkeep.recompute(h, lead, now);
          }
          if (IdentifierStrength.isStrong(type)) {
            OperationIndex.refresh(h, holders, now);
          }
          return true;
        });
  }

  private static void log(
      Handle h, String type, String value, String action, String reason, String actor, Instant at) {
    h.createUpdate(LOG)
        .bind("type", type)
        .bind("value", value)
        .bind("action", action)
        .bind("reason", reason)
        .bind("actor", actor)
        .bind("at", at)
        .execute();
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

  /** One read-only snapshot, so that members and shared identifiers agree. */
  private List<Operation> read(Long operationId) {
    return db.inSnapshot(
        "cannot read operations",
        h -> {
          Map<Long, List<Operation.Member>> members = new LinkedHashMap<>();
          h.createQuery(MEMBERS)
              .bind("operationId", operationId)
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getLong(1),
                          new Operation.Member(
                              rs.getLong(2), rs.getString(3), LeadStatus.valueOf(rs.getString(4)))))
              .forEach(
                  e ->
                      members
                          .computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                          .add(e.getValue()));
          Map<Long, List<Operation.SharedIdentifier>> shared = new HashMap<>();
          h.createQuery(SHARED)
              .bind("operationId", operationId)
              .bind("strongTypes", IdentifierStrength.STRONG_TYPES.toArray(new String[0]))
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getLong(1),
                          new Operation.SharedIdentifier(
                              rs.getString(2),
                              rs.getString(3),
                              Arrays.asList((Long[]) rs.getArray(4).getArray()))))
              .forEach(
                  e ->
                      shared.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
          List<Operation> operations = new ArrayList<>();
          members.forEach(
              (id, m) -> operations.add(new Operation(id, m, shared.getOrDefault(id, List.of()))));
          return operations;
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
