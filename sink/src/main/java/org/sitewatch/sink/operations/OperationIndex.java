package org.sitewatch.sink.operations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.sink.lead.IdentifierStrength;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.Simhashes;
import org.sitewatch.sink.store.Rows;

/**
 * The relational index behind operations and repeat offenders, on the caller's connection and
 * handle and transaction: a lead's identifiers ({@code lead_identifier}) and page SimHashes ({@code
 * lead_page_simhash}), and the operations ({@code lead_operation}).
 *
 * <p><b>Operations under concurrency.</b> An operation is a connected component of the graph whose
 * nodes are leads and whose edges are shared strong, not ignored identifiers; its id is the
 * smallest lead id in it, so the same graph always gives the same ids whoever computes it. {@link
 * #refresh} rewrites the components around some leads while holding one transaction-scoped advisory
 * lock ({@link #OPERATIONS_LOCK}); every writer of {@code lead_operation} takes it, so refreshes
 * run one after the other, and each one reads the identifiers committed by the refreshes before it
 * plus its own transaction's. The lock is taken last in a transaction, after every lead row it
 * locks, and a refresh locks no lead row itself: a transaction waiting for it holds nothing that
 * the holder needs, so it adds no deadlock.
 */
public final class OperationIndex {
  /** Advisory lock key of operation refreshes ("SWOP"). */
  public static final long OPERATIONS_LOCK = 0x53574f50L;

  private static final String LEAD_IDENTIFIERS =
      "SELECT type, value, urls FROM lead_identifier WHERE lead_id = :leadId";

  private static final String DELETE_IDENTIFIERS =
      "DELETE FROM lead_identifier WHERE lead_id = :leadId";

  private static final String INSERT_IDENTIFIER =
      "INSERT INTO lead_identifier (lead_id, type, value, urls) VALUES (:leadId, :type, :value, :urls)";

  private static final String DELETE_SIMHASHES =
      "DELETE FROM lead_page_simhash WHERE lead_id = :leadId";

  private static final String INSERT_SIMHASH =
      """
      INSERT INTO lead_page_simhash (lead_id, url, simhash, band0, band1, band2, band3)
      VALUES (:leadId, :url, :simhash, :band0, :band1, :band2, :band3)
      ON CONFLICT (lead_id, url_sha256) DO UPDATE
         SET simhash = excluded.simhash, band0 = excluded.band0, band1 = excluded.band1,
             band2 = excluded.band2, band3 = excluded.band3
      """;

  /**
   * Edges from the given leads: other leads sharing one of their strong, not ignored identifiers.
   */
  private static final String EDGES =
      """
      SELECT a.lead_id, b.lead_id
        FROM lead_identifier a
        JOIN lead_identifier b ON b.type = a.type AND b.value_sha256 = a.value_sha256
                         AND b.value = a.value AND b.lead_id <> a.lead_id
       WHERE a.lead_id = ANY (:leadIds) AND a.type = ANY (:strongTypes)
         AND NOT EXISTS (SELECT 1 FROM identifier_ignore g
                          WHERE g.type = a.type AND g.value_sha256 = a.value_sha256)
      """;

  private static final String OPERATION_MATES =
      """
      SELECT m.lead_id FROM lead_operation o JOIN lead_operation m ON m.operation_id = o.operation_id
       WHERE o.lead_id = ANY (:leadIds)
      """;

  private static final String DELETE_OPERATIONS =
      "DELETE FROM lead_operation WHERE lead_id = ANY (:leadIds)";

  private static final String INSERT_OPERATION =
      """
      INSERT INTO lead_operation (lead_id, operation_id, computed_at)
      VALUES (:leadId, :operationId, :now)
      """;

  private static final String ALL_LINKABLE =
      """
      SELECT DISTINCT lead_id FROM lead_identifier i
       WHERE type = ANY (:strongTypes)
         AND EXISTS (SELECT 1 FROM lead_identifier o
                      WHERE o.type = i.type AND o.value_sha256 = i.value_sha256 AND o.lead_id <> i.lead_id)
      """;

  private static final String ALL_OPERATION_MEMBERS = "SELECT lead_id FROM lead_operation";

  private static final String LOCK = "SELECT pg_advisory_xact_lock(:key)";

  private OperationIndex() {}

  /**
   * Stores the lead's identifiers and page SimHashes as rows. Returns whether its set of strong
   * identifiers changed (only then can its operation change).
   */
  public static boolean index(Handle h, Lead lead) {
    Map<List<String>, Set<String>> wanted = new LinkedHashMap<>();
    for (Identifier i : lead.identifiers()) {
      Set<String> urls = wanted.computeIfAbsent(List.of(i.type(), i.value()), k -> new TreeSet<>());
      if (!i.url().isEmpty()) {
        urls.add(i.url());
      }
    }
    Map<List<String>, Set<String>> stored = new HashMap<>();
    h.createQuery(LEAD_IDENTIFIERS)
        .bind("leadId", lead.id())
        .map(
            (rs, ctx) ->
                Map.entry(
                    List.of(rs.getString(1), rs.getString(2)),
                    (Set<String>) new TreeSet<>(Rows.texts(rs, "urls"))))
        .forEach(e -> stored.put(e.getKey(), e.getValue()));
    boolean strongChanged = !strong(wanted.keySet()).equals(strong(stored.keySet()));
    if (!wanted.equals(stored)) {
      h.createUpdate(DELETE_IDENTIFIERS).bind("leadId", lead.id()).execute();
      PreparedBatch batch = h.prepareBatch(INSERT_IDENTIFIER);
      for (Map.Entry<List<String>, Set<String>> e : wanted.entrySet()) {
        batch
            .bind("leadId", lead.id())
            .bind("type", e.getKey().get(0))
            .bind("value", e.getKey().get(1))
            .bind("urls", e.getValue().toArray(new String[0]))
            .add();
      }
      if (batch.size() > 0) {
        batch.execute();
      }
    }
    indexSimhashes(h, lead);
    return strongChanged;
  }

  private static void indexSimhashes(Handle h, Lead lead) {
    h.createUpdate(DELETE_SIMHASHES).bind("leadId", lead.id()).execute();
    PreparedBatch batch = h.prepareBatch(INSERT_SIMHASH);
    for (PageRef page : lead.pages()) {
      if (page.textSimhash() == null) {
        continue;
      }
      long hash = Simhashes.parse(page.textSimhash());
      batch.bind("leadId", lead.id()).bind("url", page.url()).bind("simhash", hash);
      for (int b = 0; b < Simhashes.BANDS; b++) {
        batch.bind("band" + b, Simhashes.band(hash, b));
      }
      batch.add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  private static Set<List<String>> strong(Set<List<String>> keys) {
    Set<List<String>> strong = new HashSet<>();
    for (List<String> k : keys) {
      if (IdentifierStrength.isStrong(k.get(0))) {
        strong.add(k);
      }
    }
    return strong;
  }

  /**
   * Recomputes the operations of {@code seeds} and of every lead that shared an operation with one
   * of them, under the operations lock. Call it after changing those leads' identifiers (or the
   * ignore list), last in the transaction.
   */
  public static void refresh(Handle h, Set<Long> seeds, Instant now) {
    if (seeds.isEmpty()) {
      return;
    }
    lock(h);
    Set<Long> start = new HashSet<>(seeds);
    start.addAll(
        h.createQuery(OPERATION_MATES).bind("leadIds", ids(seeds)).mapTo(Long.class).list());
    rewrite(h, start, now);
  }

  /** Recomputes every operation from scratch (after a migration, or to repair). */
  public static void rebuild(Handle h, Instant now) {
    lock(h);
    Set<Long> start = new HashSet<>();
    start.addAll(
        h.createQuery(ALL_LINKABLE).bind("strongTypes", strongTypes()).mapTo(Long.class).list());
    start.addAll(h.createQuery(ALL_OPERATION_MEMBERS).mapTo(Long.class).list());
    rewrite(h, start, now);
  }

  private static void lock(Handle h) {
    h.createQuery(LOCK).bind("key", OPERATIONS_LOCK).mapToMap().list();
  }

  /** Breadth-first over shared identifiers from {@code start}; rewrites what it reached. */
  private static void rewrite(Handle h, Set<Long> start, Instant now) {
    UnionFind components = new UnionFind();
    Set<Long> reached = new HashSet<>(start);
    Set<Long> frontier = new HashSet<>(start);
    while (!frontier.isEmpty()) {
      Set<Long> next = new HashSet<>();
      List<long[]> edges =
          h.createQuery(EDGES)
              .bind("leadIds", ids(frontier))
              .bind("strongTypes", strongTypes())
              .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
              .list();
      for (long[] edge : edges) {
        components.union(edge[0], edge[1]);
        if (reached.add(edge[1])) {
          next.add(edge[1]);
        }
      }
      frontier = next;
    }
    h.createUpdate(DELETE_OPERATIONS).bind("leadIds", ids(reached)).execute();
    Map<Long, List<Long>> byRoot = new HashMap<>();
    for (long lead : reached) {
      byRoot.computeIfAbsent(components.find(lead), k -> new ArrayList<>()).add(lead);
    }
    PreparedBatch batch = h.prepareBatch(INSERT_OPERATION);
    for (List<Long> members : byRoot.values()) {
      if (members.size() < 2) {
        continue;
      }
      long operation = members.stream().mapToLong(Long::longValue).min().orElseThrow();
      for (long lead : members) {
        batch.bind("leadId", lead).bind("operationId", operation).bind("now", now).add();
      }
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  /** Lead ids as a {@code bigint[]} parameter. */
  private static Long[] ids(Set<Long> ids) {
    return ids.toArray(new Long[0]);
  }

  private static String[] strongTypes() {
    return IdentifierStrength.STRONG_TYPES.toArray(new String[0]);
  }

  /** Union-find over lead ids with path halving; roots are arbitrary (ids are chosen after). */
  private static final class UnionFind {
    private final Map<Long, Long> parent = new HashMap<>();

    long find(long x) {
      long p = parent.getOrDefault(x, x);
      while (p != x) {
        long grand = parent.getOrDefault(p, p);
        parent.put(x, grand);
        x = p;
        p = grand;
      }
      return x;
    }

    void union(long a, long b) {
      long ra = find(a);
      long rb = find(b);
      if (ra != rb) {
        parent.put(Objects.requireNonNull(ra), rb);
      }
    }
  }
}
