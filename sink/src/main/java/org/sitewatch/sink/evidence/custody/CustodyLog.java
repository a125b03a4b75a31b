package org.sitewatch.sink.evidence.custody;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.sitewatch.events.Json;

/**
 * The custody log of leads in PostgreSQL: per lead an append-only chain of entries, each carrying
 * the SHA-256 of the previous one (see {@link CustodyEntry#canonicalBody()}). A trigger refuses
 * {@code UPDATE}, {@code DELETE} and {@code TRUNCATE}; rewriting rows behind the trigger's back
 * (as a superuser) is what {@link #verify(long)} detects.
 *
 * <p>Appends are safe from several threads and processes: an append locks the lead's row ({@code
 * SELECT ... FOR NO KEY UPDATE}, the lock a lead update takes anyway), reads the chain's last
 * entry and inserts the next one; {@code UNIQUE (lead_id, seq)} backs this up, and a standalone
 * append that loses a race on it retries on top of the winner.
 */
public final class CustodyLog {
  private static final String LOCK_LEAD = "SELECT id FROM lead WHERE id = ? FOR NO KEY UPDATE";

  private static final String LAST_ENTRY =
      "SELECT seq, hash FROM custody_entry WHERE lead_id = ? ORDER BY seq DESC LIMIT 1";

  private static final String INSERT =
      """
      INSERT INTO custody_entry (lead_id, seq, at, actor, action, details, prev_hash, hash)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
      """;

  private static final String ENTRIES =
      """
      SELECT lead_id, seq, at, actor, action, details::text AS details, prev_hash, hash
        FROM custody_entry
       WHERE lead_id = ?
       ORDER BY seq
      """;

  private static final int ATTEMPTS = 5;

  private final DataSource dataSource;
  private final Clock clock;

  public CustodyLog(DataSource dataSource, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
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
  public CustodyEntry append(long leadId, String actor, CustodyAction action, Map<String, ?> details) {
    SQLException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          CustodyEntry entry = appendInTransaction(c, leadId, actor, action, details, clock.instant());
          c.commit();
          return entry;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) {
          throw new IllegalStateException(
              "cannot append to the custody log of lead " + leadId + ": " + e.getMessage(), e);
        }
        last = e; // another writer took this seq without holding the lead lock: go again on top
      }
    }
    throw new IllegalStateException(
        "cannot append to the custody log of lead " + leadId + " after " + ATTEMPTS + " attempts", last);
  }

  /**
   * Appends an entry inside the caller's transaction (e.g. the one that opens the lead), so that the
   * entry exists exactly when the change it records does. Locks the lead's row until that
   * transaction ends.
   *
   * @throws IllegalArgumentException if the lead does not exist (not visible to {@code c})
   */
  public CustodyEntry appendInTransaction(
      Connection c, long leadId, String actor, CustodyAction action, Map<String, ?> details,
      Instant at) throws SQLException {
    CustodyEntry entry = next(c, leadId, actor, action, details, at);
    insert(c, entry);
    return entry;
  }

  /**
   * Locks the lead's row in the caller's transaction and seals the entry that would come next, without
   * storing it: the caller stores it with {@link #insert(Connection, CustodyEntry)} in the same
   * transaction, once what the entry records has happened (e.g. the bundle file is on disk).
   *
   * @throws IllegalArgumentException if the lead does not exist (not visible to {@code c})
   */
  public CustodyEntry next(Connection c, long leadId, String actor, CustodyAction action, Map<String, ?> details,
      Instant at) throws SQLException {
    Objects.requireNonNull(action, "action");
    JsonNode tree = Json.mapper().valueToTree(Objects.requireNonNull(details, "details"));
    try (PreparedStatement lock = c.prepareStatement(LOCK_LEAD)) {
      lock.setLong(1, leadId);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("no lead " + leadId);
        }
      }
    }
    long seq = 1;
    String prev = CustodyEntry.GENESIS;
    try (PreparedStatement ps = c.prepareStatement(LAST_ENTRY)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          seq = rs.getLong("seq") + 1;
          prev = rs.getString("hash");
        }
      }
    }
    return CustodyEntry.sealed(leadId, seq, at, actor, action.name(), tree, prev);
  }

  /** Stores an entry sealed by {@link #next} in the same transaction. */
  public void insert(Connection c, CustodyEntry entry) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      int p = 0;
      ps.setLong(++p, entry.leadId());
      ps.setLong(++p, entry.seq());
      ps.setObject(++p, OffsetDateTime.ofInstant(entry.at(), ZoneOffset.UTC),
          Types.TIMESTAMP_WITH_TIMEZONE);
      ps.setString(++p, entry.actor());
      ps.setString(++p, entry.action());
      ps.setString(++p, entry.details());
      ps.setString(++p, entry.prevHash());
      ps.setString(++p, entry.hash());
      ps.executeUpdate();
    }
  }

  /** The lead's custody entries in seq order, as stored (not checked: see {@link #verify(long)}). */
  public List<CustodyEntry> entries(long leadId) {
    try (Connection c = dataSource.getConnection()) {
      return entries(c, leadId);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot read the custody log of lead " + leadId + ": " + e.getMessage(), e);
    }
  }

  /** The lead's custody entries in seq order, as {@code c} sees them (e.g. inside its transaction). */
  public static List<CustodyEntry> entries(Connection c, long leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ENTRIES)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        List<CustodyEntry> entries = new ArrayList<>();
        while (rs.next()) {
          entries.add(new CustodyEntry(
              rs.getLong("lead_id"),
              rs.getLong("seq"),
              rs.getObject("at", OffsetDateTime.class).toInstant(),
              rs.getString("actor"),
              rs.getString("action"),
              rs.getString("details"),
              rs.getString("prev_hash"),
              rs.getString("hash")));
        }
        return entries;
      }
    }
  }

  /** Recomputes every hash of the lead's chain and checks every link; names the first broken one. */
  public ChainVerification verify(long leadId) {
    List<CustodyEntry> entries = entries(leadId);
    List<ChainCheck.Break> breaks = ChainCheck.check(entries);
    List<String> problems = breaks.stream()
        .map(b -> "lead " + leadId + " custody entry seq " + b.seq() + ": " + b.reason())
        .toList();
    OptionalLong first = breaks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(breaks.get(0).seq());
    return new ChainVerification(leadId, entries.size(), first, problems);
  }
}
