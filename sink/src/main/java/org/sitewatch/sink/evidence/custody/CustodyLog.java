package org.sitewatch.sink.evidence.custody;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.sitewatch.events.Json;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;

/**
 * The custody log of leads in PostgreSQL: per lead an append-only chain of entries, each carrying
 * the SHA-256 of the previous one (see {@link CustodyEntry#canonicalBody()}). A trigger refuses
 * {@code UPDATE}, {@code DELETE} and {@code TRUNCATE}; rewriting rows behind the trigger's back (as
 * a superuser) is what {@link #verify(long)} detects.
 *
 * <p>Appends are safe from several threads and processes: an append locks the lead's row ({@code
 * SELECT ... FOR NO KEY UPDATE}, the lock a lead update takes anyway), reads the chain's last entry
 * and inserts the next one; {@code UNIQUE (lead_id, seq)} backs this up, and a standalone append
 * that loses a race on it retries on top of the winner.
 */
public final class CustodyLog {
  private static final String LOCK_LEAD =
      "SELECT id FROM lead WHERE id = :leadId FOR NO KEY UPDATE";

  private static final String LAST_ENTRY =
      "SELECT seq, hash FROM custody_entry WHERE lead_id = :leadId ORDER BY seq DESC LIMIT 1";

  private static final String INSERT =
      """
      INSERT INTO custody_entry (lead_id, seq, at, actor, action, details, prev_hash, hash)
      VALUES (:leadId, :seq, :at, :actor, :action, :details::jsonb, :prevHash, :hash)
      """;

  private static final String ENTRIES =
      """
      SELECT lead_id, seq, at, actor, action, details::text AS details, prev_hash, hash
        FROM custody_entry
       WHERE lead_id = :leadId
       ORDER BY seq
      """;

  private static final int ATTEMPTS = 5;

  private final Database db;
  private final Clock clock;

  public CustodyLog(DataSource dataSource, Clock clock) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Appends an entry in its own transaction, timed by the clock.
   *
   * @param details facts about the event; values become JSON (numbers, strings, booleans, lists,
   *     maps, {@link Instant}s as ISO-8601 text)
   * @return the entry as stored
   * @throws IllegalArgumentException if the lead does not exist
   * @throws IllegalStateException if the database fails
   */
  public CustodyEntry append(
      long leadId, String actor, CustodyAction action, Map<String, ?> details) {
    Exception last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return db.inTransaction(
            "cannot append to the custody log of lead " + leadId,
            h -> appendInTransaction(h, leadId, actor, action, details, clock.instant()));
      } catch (RuntimeException e) {
        SQLException sql = sqlCause(e);
        if (sql == null) {
          throw e;
        }
        if (!"23505".equals(sql.getSQLState())) {
          throw new IllegalStateException(
              "cannot append to the custody log of lead " + leadId + ": " + sql.getMessage(), sql);
        }
        last = sql; // another writer took this seq without holding the lead lock: go again on top
      }
    }
    throw new IllegalStateException(
        "cannot append to the custody log of lead " + leadId + " after " + ATTEMPTS + " attempts",
        last);
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /**
   * Appends an entry inside the caller's transaction (e.g. the one that opens the lead), so that
   * the entry exists exactly when the change it records does. Locks the lead's row until that
   * transaction ends.
   *
   * @throws IllegalArgumentException if the lead does not exist (not visible to {@code h})
   */
  public static CustodyEntry appendInTransaction(
      Handle h,
      long leadId,
      String actor,
      CustodyAction action,
      Map<String, ?> details,
      Instant at) {
    CustodyEntry entry = next(h, leadId, actor, action, details, at);
    insert(h, entry);
    return entry;
  }

  /**
   * Locks the lead's row in the caller's transaction and seals the entry that would come next,
   * without storing it: the caller stores it with {@link #insert(Handle, CustodyEntry)} in the same
   * transaction, once what the entry records has happened (e.g. the bundle file is on disk).
   *
   * @throws IllegalArgumentException if the lead does not exist (not visible to {@code h})
   */
  public static CustodyEntry next(
      Handle h,
      long leadId,
      String actor,
      CustodyAction action,
      Map<String, ?> details,
      Instant at) {
    Objects.requireNonNull(action, "action");
    JsonNode tree = Json.mapper().valueToTree(Objects.requireNonNull(details, "details"));
    if (h.createQuery(LOCK_LEAD).bind("leadId", leadId).mapTo(Long.class).findOne().isEmpty()) {
      throw new IllegalArgumentException("no lead " + leadId);
    }
    Optional<Last> last =
        h.createQuery(LAST_ENTRY)
            .bind("leadId", leadId)
            .map((rs, ctx) -> new Last(rs.getLong("seq"), rs.getString("hash")))
            .findOne();
    long seq = last.map(l -> l.seq() + 1).orElse(1L);
    String prev = last.map(Last::hash).orElse(CustodyEntry.GENESIS);
    return CustodyEntry.sealed(leadId, seq, at, actor, action.name(), tree, prev);
  }

  /** The chain's last entry. */
  private record Last(long seq, String hash) {}

  /** Stores an entry sealed by {@link #next} in the same transaction. */
  public static void insert(Handle h, CustodyEntry entry) {
    h.createUpdate(INSERT)
        .bind("leadId", entry.leadId())
        .bind("seq", entry.seq())
        .bind("at", entry.at())
        .bind("actor", entry.actor())
        .bind("action", entry.action())
        .bind("details", entry.details())
        .bind("prevHash", entry.prevHash())
        .bind("hash", entry.hash())
        .execute();
  }

  /**
   * The lead's custody entries in seq order, as stored (not checked: see {@link #verify(long)}).
   */
  public List<CustodyEntry> entries(long leadId) {
    try {
      return db.withHandle(
          "cannot read the custody log of lead " + leadId, h -> entries(h, leadId));
    } catch (RuntimeException e) {
      SQLException sql = sqlCause(e);
      throw sql == null
          ? e
          : new IllegalStateException(
              "cannot read the custody log of lead " + leadId + ": " + sql.getMessage(), sql);
    }
  }

  /**
   * The lead's custody entries in seq order, as {@code h} sees them (e.g. inside its transaction).
   */
  public static List<CustodyEntry> entries(Handle h, long leadId) {
    return h.createQuery(ENTRIES).bind("leadId", leadId).map(CustodyLog::entry).list();
  }

  private static CustodyEntry entry(java.sql.ResultSet rs, StatementContext ctx)
      throws SQLException {
    return new CustodyEntry(
        rs.getLong("lead_id"),
        rs.getLong("seq"),
        Rows.instant(rs, "at"),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("details"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  /**
   * Recomputes every hash of the lead's chain and checks every link; names the first broken one.
   */
  public ChainVerification verify(long leadId) {
    List<CustodyEntry> entries = entries(leadId);
    List<ChainCheck.Break> breaks = ChainCheck.check(entries);
    List<String> problems =
        breaks.stream()
            .map(b -> "lead " + leadId + " custody entry seq " + b.seq() + ": " + b.reason())
            .toList();
    OptionalLong first =
        breaks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(breaks.get(0).seq());
    return new ChainVerification(leadId, entries.size(), first, problems);
  }
}
