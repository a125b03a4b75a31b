package org.sitewatch.sink.operations;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.sink.lead.IdentifierStrength;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.Simhashes;
import org.sitewatch.sink.workflow.LeadUpkeep;

/**
 * The relational index behind operations and repeat offenders, on the caller's connection and
 * transaction: a lead's identifiers ({@code lead_identifier}) and page SimHashes ({@code
 * lead_page_simhash}), and the operations ({@code lead_operation}).
 *
 * <p><b>Operations under concurrency.</b> An operation is a connected component of the graph whose
 * nodes are leads and whose edges are shared strong, not ignored identifiers; its id is the
 * smallest lead id in it, so the same graph always gives the same ids whoever computes it. {@link
 * #refresh} rewrites the components around some leads while holding one transaction-scoped
 * advisory lock ({@link #OPERATIONS_LOCK}); every writer of {@code lead_operation} takes it, so
 * refreshes run one after the other, and each one reads the identifiers committed by the refreshes
 * before it plus its own transaction's. The lock is taken last in a transaction, after every lead
 * row it locks, and a refresh locks no lead row itself: a transaction waiting for it holds nothing
 * that the holder needs, so it adds no deadlock.
 */
public final class OperationIndex {
  /** Advisory lock key of operation refreshes ("SWOP"). */
  public static final long OPERATIONS_LOCK = 0x53574f50L;

  private static final String LEAD_IDENTIFIERS =
      "SELECT type, value, urls FROM lead_identifier WHERE lead_id = ?";

  private static final String DELETE_IDENTIFIERS = "DELETE FROM lead_identifier WHERE lead_id = ?";

  private static final String INSERT_IDENTIFIER =
      "INSERT INTO lead_identifier (lead_id, type, value, urls) VALUES (?, ?, ?, ?)";

  private static final String DELETE_SIMHASHES = "DELETE FROM lead_page_simhash WHERE lead_id = ?";

  private static final String INSERT_SIMHASH =
      """
      INSERT INTO lead_page_simhash (lead_id, url, simhash, band0, band1, band2, band3)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (lead_id, url_sha256) DO UPDATE
         SET simhash = excluded.simhash, band0 = excluded.band0, band1 = excluded.band1,
             band2 = excluded.band2, band3 = excluded.band3
      """;

  /** Edges from the given leads: other leads sharing one of their strong, not ignored identifiers. */
  private static final String EDGES =
      """
      SELECT a.lead_id, b.lead_id
        FROM lead_identifier a
        JOIN lead_identifier b ON b.type = a.type AND b.value_sha256 = a.value_sha256
                         AND b.value = a.value AND b.lead_id <> a.lead_id
       WHERE a.lead_id = ANY (?) AND a.type = ANY (?)
         AND NOT EXISTS (SELECT 1 FROM identifier_ignore g
                          WHERE g.type = a.type AND g.value_sha256 = a.value_sha256)
      """;

  private static final String OPERATION_MATES =
      """
      SELECT m.lead_id FROM lead_operation o JOIN lead_operation m ON m.operation_id = o.operation_id
       WHERE o.lead_id = ANY (?)
      """;

  private static final String DELETE_OPERATIONS = "DELETE FROM lead_operation WHERE lead_id = ANY (?)";

  private static final String INSERT_OPERATION =
      "INSERT INTO lead_operation (lead_id, operation_id, computed_at) VALUES (?, ?, ?)";

  private static final String ALL_LINKABLE =
      """
      SELECT DISTINCT lead_id FROM lead_identifier i
       WHERE type = ANY (?)
         AND EXISTS (SELECT 1 FROM lead_identifier o
                      WHERE o.type = i.type AND o.value_sha256 = i.value_sha256 AND o.lead_id <> i.lead_id)
      """;

  private static final String ALL_OPERATION_MEMBERS = "SELECT lead_id FROM lead_operation";

  private OperationIndex() {}

  /**
   * Stores the lead's identifiers and page SimHashes as rows. Returns whether its set of strong
   * identifiers changed (only then can its operation change).
   */
  public static boolean index(Connection c, Lead lead) throws SQLException {
    Map<List<String>, Set<String>> wanted = new LinkedHashMap<>();
    for (Identifier i : lead.identifiers()) {
      Set<String> urls = wanted.computeIfAbsent(List.of(i.type(), i.value()), k -> new TreeSet<>());
      if (!i.url().isEmpty()) {
        urls.add(i.url());
      }
    }
    Map<List<String>, Set<String>> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(LEAD_IDENTIFIERS)) {
      ps.setLong(1, lead.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.put(List.of(rs.getString(1), rs.getString(2)),
              new TreeSet<>(LeadUpkeep.textArray(rs, "urls")));
        }
      }
    }
    boolean strongChanged = !strong(wanted.keySet()).equals(strong(stored.keySet()));
    if (!wanted.equals(stored)) {
      try (PreparedStatement ps = c.prepareStatement(DELETE_IDENTIFIERS)) {
        ps.setLong(1, lead.id());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(INSERT_IDENTIFIER)) {
        for (Map.Entry<List<String>, Set<String>> e : wanted.entrySet()) {
          ps.setLong(1, lead.id());
          ps.setString(2, e.getKey().get(0));
          ps.setString(3, e.getKey().get(1));
          ps.setArray(4, c.createArrayOf("text", e.getValue().toArray()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    indexSimhashes(c, lead);
    return strongChanged;
  }

  private static void indexSimhashes(Connection c, Lead lead) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DELETE_SIMHASHES)) {
      ps.setLong(1, lead.id());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_SIMHASH)) {
      boolean any = false;
      for (PageRef page : lead.pages()) {
        if (page.textSimhash() == null) {
          continue;
        }
        long h = Simhashes.parse(page.textSimhash());
        ps.setLong(1, lead.id());
        ps.setString(2, page.url());
        ps.setLong(3, h);
        for (int b = 0; b < Simhashes.BANDS; b++) {
          ps.setInt(4 + b, Simhashes.band(h, b));
        }
        ps.addBatch();
        any = true;
      }
      if (any) {
        ps.executeBatch();
      }
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
  public static void refresh(Connection c, Set<Long> seeds, Instant now) throws SQLException {
    if (seeds.isEmpty()) {
      return;
    }
    lock(c);
    Set<Long> start = new HashSet<>(seeds);
    try (PreparedStatement ps = c.prepareStatement(OPERATION_MATES)) {
      ps.setArray(1, longs(c, seeds));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          start.add(rs.getLong(1));
        }
      }
    }
    rewrite(c, start, now);
  }

  /** Recomputes every operation from scratch (after a migration, or to repair). */
  public static void rebuild(Connection c, Instant now) throws SQLException {
    lock(c);
    Set<Long> start = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(ALL_LINKABLE)) {
      ps.setArray(1, c.createArrayOf("text", IdentifierStrength.STRONG_TYPES.toArray()));
      collect(ps, start);
    }
    try (PreparedStatement ps = c.prepareStatement(ALL_OPERATION_MEMBERS)) {
      collect(ps, start);
    }
    rewrite(c, start, now);
  }

  private static void collect(PreparedStatement ps, Set<Long> into) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        into.add(rs.getLong(1));
      }
    }
  }

  private static void lock(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      ps.setLong(1, OPERATIONS_LOCK);
      ps.executeQuery().close();
    }
  }

  /** Breadth-first over shared identifiers from {@code start}; rewrites what it reached. */
  private static void rewrite(Connection c, Set<Long> start, Instant now) throws SQLException {
    UnionFind components = new UnionFind();
    Set<Long> reached = new HashSet<>(start);
    Set<Long> frontier = new HashSet<>(start);
    Array strongTypes = c.createArrayOf("text", IdentifierStrength.STRONG_TYPES.toArray());
    while (!frontier.isEmpty()) {
      Set<Long> next = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement(EDGES)) {
        ps.setArray(1, longs(c, frontier));
        ps.setArray(2, strongTypes);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long a = rs.getLong(1);
            long b = rs.getLong(2);
            components.union(a, b);
            if (reached.add(b)) {
              next.add(b);
            }
          }
        }
      }
      frontier = next;
    }
    try (PreparedStatement ps = c.prepareStatement(DELETE_OPERATIONS)) {
      ps.setArray(1, longs(c, reached));
      ps.executeUpdate();
    }
    Map<Long, List<Long>> byRoot = new HashMap<>();
    for (long lead : reached) {
      byRoot.computeIfAbsent(components.find(lead), k -> new ArrayList<>()).add(lead);
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_OPERATION)) {
      boolean any = false;
      for (List<Long> members : byRoot.values()) {
        if (members.size() < 2) {
          continue;
        }
        long operation = members.stream().mapToLong(Long::longValue).min().orElseThrow();
        for (long lead : members) {
          ps.setLong(1, lead);
          ps.setLong(2, operation);
          LeadUpkeep.setInstant(ps, 3, now);
          ps.addBatch();
          any = true;
        }
      }
      if (any) {
        ps.executeBatch();
      }
    }
  }

  public static Array longs(Connection c, Set<Long> ids) throws SQLException {
    return c.createArrayOf("bigint", ids.toArray());
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
