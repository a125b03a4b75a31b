package org.sitewatch.sink.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.events.Json;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.evidence.CustodyAction;
import org.sitewatch.sink.evidence.CustodyLog;
import org.sitewatch.sink.intake.VerdictTrust;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.operations.OperationIndex;
import org.sitewatch.sink.workflow.LeadUpkeep;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Leads in PostgreSQL: one per flagged site, moved forward only by verdicts with a higher (epoch,
 * revision), each change recorded in the append-only history in the same transaction. A verdict
 * that is implausibly far ahead ({@link VerdictTrust}) is refused and changes nothing; one whose
 * evidence equals the lead's (a replay under a new revision) moves the lead's (epoch, revision)
 * without adding history. Safe to use from several threads and from several processes on the same
 * database: the lead row is locked ({@code SELECT ... FOR UPDATE}) before it is judged, a lead is
 * opened with {@code INSERT ... ON CONFLICT DO NOTHING}, and every update is still conditional on
 * {@code (epoch, revision) < (?, ?)}.
 */
public final class LeadStore {
  private static final TypeReference<List<SignalHit>> SIGNAL_LIST = new TypeReference<>() {};
  private static final TypeReference<List<PageRef>> PAGE_LIST = new TypeReference<>() {};
  private static final TypeReference<List<Identifier>> IDENTIFIER_LIST = new TypeReference<>() {};
  private static final TypeReference<List<Finding>> FINDING_LIST = new TypeReference<>() {};

  /** Who the custody log names for changes the sink makes. */
  private static final String CUSTODY_ACTOR = "sink";

  private static final String LEAD_COLUMNS =
      "id, site, status, score, categories, signals, pages, revision, lexicon_version,"
          + " first_flagged_at, updated_at, conducts, identifiers, findings";

  /** Opens a lead unless the site has one already (then returns no row). */
  private static final String OPEN_LEAD =
      """
      INSERT INTO lead (site, status, score, flagged, categories, signals, pages, pages_scored,
                        revision, lexicon_version, decided_at, first_flagged_at, updated_at,
                        conducts, identifiers, findings, epoch)
      VALUES (?, 'NEW', ?, TRUE, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
      ON CONFLICT (site) DO NOTHING
      RETURNING\s\
      """
          + LEAD_COLUMNS;

  /** Replaces the evidence of a lead only if the verdict is newer (else returns no row). */
  private static final String UPDATE_LEAD =
      """
      UPDATE lead
         SET score = ?, flagged = ?, categories = ?, signals = ?::jsonb, pages = ?::jsonb,
             pages_scored = ?, revision = ?, lexicon_version = ?, decided_at = ?, updated_at = ?,
             conducts = ?, identifiers = ?::jsonb, findings = ?::jsonb, epoch = ?
       WHERE id = ? AND (epoch, revision) < (?, ?)
      RETURNING\s\
      """
          + LEAD_COLUMNS;

  /**
   * Locks a site's lead and says where it stands: its (epoch, revision), and whether its evidence
   * equals the verdict's (everything but revision, epoch, decision time and page count).
   */
  private static final String LOCK_LEAD =
      """
      SELECT id, epoch, revision,
             (flagged = ? AND score = ? AND categories = ? AND signals = ?::jsonb
              AND pages = ?::jsonb AND lexicon_version = ? AND conducts = ?
              AND identifiers = ?::jsonb AND findings = ?::jsonb) AS same_evidence
        FROM lead WHERE site = ? FOR UPDATE
      """;

  /** A replay under a newer (epoch, revision): the lead keeps its evidence and its history. */
  private static final String ADVANCE_LEAD =
      """
      UPDATE lead SET epoch = ?, revision = ?, decided_at = ?
       WHERE id = ? AND (epoch, revision) < (?, ?)
      """;

  private static final String RECORD_EVENT =
      """
      INSERT INTO lead_event (lead_id, site, revision, kind, flagged, score, at, epoch)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """;

  private static final String ALL_LEADS =
      "SELECT " + LEAD_COLUMNS + " FROM lead ORDER BY priority DESC, score DESC, site";

  private static final String LEAD_BY_SITE = "SELECT " + LEAD_COLUMNS + " FROM lead WHERE site = ?";

  private static final String HISTORY =
      "SELECT site, revision, kind, score, at FROM lead_event WHERE site = ? ORDER BY id";

  private final DataSource dataSource;
  private final Clock clock;
  private final ObjectMapper json;
  private final LeadUpkeep upkeep;
  private final CustodyLog custody;
  private final LeadHook hook;
  private final VerdictTrust trust;

  public LeadStore(DataSource dataSource, Clock clock) {
    this(dataSource, clock, ReviewPolicy.DEFAULTS);
  }

  /** A store that reopens dismissed leads and flags priority by {@code policy}. */

  public LeadStore(DataSource dataSource, Clock clock, ReviewPolicy policy) {
    this(dataSource, clock, policy, LeadHook.NONE);
  }

  /** A store that also runs {@code hook} in the transaction of every opened or updated lead. */
  public LeadStore(DataSource dataSource, Clock clock, ReviewPolicy policy, LeadHook hook) {
    this(dataSource, clock, policy, hook, VerdictTrust.DEFAULTS);
  }

  /** A store that refuses verdicts implausibly far ahead by {@code trust}. */
  public LeadStore(DataSource dataSource, Clock clock, ReviewPolicy policy, LeadHook hook,
      VerdictTrust trust) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.hook = Objects.requireNonNull(hook, "hook");
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.json = Json.mapper();
    this.upkeep = new LeadUpkeep(policy, this::lead);
    this.custody = new CustodyLog(dataSource, clock);
  }

  /**
   * Applies one verdict in its own transaction. A verdict refused as implausible returns {@link
   * ApplyResult#REFUSED}.
   *
   * @throws LeadStoreException if the database is unavailable ({@link
   *     LeadStoreException#isTransient()}) or rejects the verdict's data
   */
  public ApplyResult apply(SiteVerdict verdict) {
    Objects.requireNonNull(verdict, "verdict");
    List<Applied> applied;
    try {
      applied = applyAll(List.of(verdict));
    } catch (SQLException e) {
      throw new LeadStoreException(
          "cannot apply verdict for " + verdict.site() + " revision " + verdict.revision(), e);
    }
    Applied one = applied.get(0);
    if (one.failure() != null) {
      throw new LeadStoreException(
          "verdict for " + verdict.site() + " revision " + verdict.revision() + " rejected",
          one.failure());
    }
    return one.result();
  }

  /** All leads, the analysts' queue order: priority, then score descending, then site. */
  public List<Lead> findAll() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(ALL_LEADS);
        ResultSet rs = ps.executeQuery()) {
      List<Lead> leads = new ArrayList<>();
      while (rs.next()) {
        leads.add(lead(rs));
      }
      return leads;
    } catch (SQLException e) {
      throw new LeadStoreException("cannot list leads", e);
    }
  }

  /** The lead of a site, if it has one. */
  public Optional<Lead> findBySite(String site) {
    Objects.requireNonNull(site, "site");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(LEAD_BY_SITE)) {
      ps.setString(1, site);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(lead(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new LeadStoreException("cannot read the lead of " + site, e);
    }
  }

  /** The history of a site's lead, oldest first; empty if the site has no lead. */
  public List<LeadEvent> history(String site) {
    Objects.requireNonNull(site, "site");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(HISTORY)) {
      ps.setString(1, site);
      try (ResultSet rs = ps.executeQuery()) {
        List<LeadEvent> events = new ArrayList<>();
        while (rs.next()) {
          events.add(
              new LeadEvent(
                  rs.getString("site"),
                  rs.getLong("revision"),
                  LeadEvent.Kind.valueOf(rs.getString("kind")),
                  rs.getDouble("score"),
                  instant(rs, "at")));
        }
        return events;
      }
    } catch (SQLException e) {
      throw new LeadStoreException("cannot read the history of " + site, e);
    }
  }

  /**
   * What applying one verdict of a batch did: a result and, when the lead changed, the lead as
   * committed; or the failure that made the database reject this verdict alone; or, for {@link
   * ApplyResult#REFUSED}, why the verdict was not trusted.
   */
  public record Applied(SiteVerdict verdict, ApplyResult result, Lead lead, Exception failure,
      String refusal) {
    Applied(SiteVerdict verdict, ApplyResult result, Lead lead, Exception failure) {
      this(verdict, result, lead, failure, null);
    }

    static Applied failed(SiteVerdict verdict, Exception failure) {
      return new Applied(verdict, null, null, failure);
    }

    static Applied refused(SiteVerdict verdict, String reason) {
      return new Applied(verdict, ApplyResult.REFUSED, null, null, reason);
    }
  }

  /**
   * Applies verdicts in one transaction and returns what happened to each, in input order. A
   * verdict whose data the database rejects is rolled back to its savepoint and reported as failed
   * while the others still apply. Verdicts are applied in (site, epoch, revision) order, which
   * applies a site's verdicts oldest first and makes concurrent batches lock leads in the same order.
   *
   * @throws SQLException if the database is unavailable or the commit fails: then nothing of the
   *     batch was written and it may be retried as a whole
   */
  public List<Applied> applyAll(List<SiteVerdict> verdicts) throws SQLException {
    Integer[] order = new Integer[verdicts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(
        order,
        Comparator.comparing((Integer i) -> verdicts.get(i).site())
            .thenComparingLong(i -> verdicts.get(i).epoch())
            .thenComparingLong(i -> verdicts.get(i).revision()));
    Applied[] results = new Applied[verdicts.size()];
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    // leads whose strong identifiers changed: their operations are refreshed last, under one lock
    java.util.Set<Long> relink = new java.util.HashSet<>();

    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (int i : order) {
          SiteVerdict verdict = verdicts.get(i);
          Savepoint savepoint = c.setSavepoint();
          try {
            results[i] = applyOne(c, verdict, now, relink);
            c.releaseSavepoint(savepoint);
          } catch (SQLException e) {
            if (SqlErrors.isTransient(e)) {
              throw e;
            }
            c.rollback(savepoint);
            results[i] = Applied.failed(verdict, e);
          } catch (RuntimeException e) {
            c.rollback(savepoint);
            results[i] = Applied.failed(verdict, e);
          }
        }
        OperationIndex.refresh(c, relink, now);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restoreAutoCommit(c);
      }
    }
    return List.of(results);
  }

  private Applied applyOne(Connection c, SiteVerdict v, Instant now, java.util.Set<Long> relink)
      throws SQLException {
    Stored stored = lockLead(c, v);
    if (stored == null) {
      if (!v.flagged()) {
        return new Applied(v, ApplyResult.IGNORED, null, null);
      }
      Optional<String> refusal = trust.refusal(v, null, null, now);
      if (refusal.isPresent()) {
        return Applied.refused(v, refusal.get());
      }
      Lead opened = openLead(c, v, now);
      if (opened != null) {
        recordEvent(c, opened.id(), v, LeadEvent.Kind.OPENED, now);
        custody.appendInTransaction(
            c, opened.id(), CUSTODY_ACTOR, CustodyAction.LEAD_OPENED, custodyDetails(v), now);
        if (OperationIndex.index(c, opened)) {
          relink.add(opened.id());
        }
        Lead lead = upkeep.afterVerdict(c, opened, v, now);
        hook.afterChange(c, lead, now);
        return new Applied(v, ApplyResult.OPENED, lead, null);
      }
      // another writer opened the lead meanwhile (the insert waited for it): judge against it
      stored = lockLead(c, v);
      if (stored == null) {
        return new Applied(v, ApplyResult.UNCHANGED, null, null);
      }
    }
    Optional<String> refusal = trust.refusal(v, stored.epoch(), stored.revision(), now);
    if (refusal.isPresent()) {
      return Applied.refused(v, refusal.get());
    }
    if (!VerdictTrust.isNewer(v, stored.epoch(), stored.revision())) {
      return new Applied(v, ApplyResult.UNCHANGED, null, null);
    }
    if (stored.sameEvidence()) {
      advance(c, stored.id(), v);
      return new Applied(v, ApplyResult.UNCHANGED, null, null);
    }
    Lead updated = updateLead(c, stored.id(), v, now);
    if (updated == null) {
      return new Applied(v, ApplyResult.UNCHANGED, null, null);
    }
    recordEvent(c, updated.id(), v, LeadEvent.Kind.UPDATED, now);
    custody.appendInTransaction(
        c, updated.id(), CUSTODY_ACTOR, CustodyAction.LEAD_UPDATED, custodyDetails(v), now);
    if (OperationIndex.index(c, updated)) {
      relink.add(updated.id());
    }
    Lead lead = upkeep.afterVerdict(c, updated, v, now);
    hook.afterChange(c, lead, now);
    return new Applied(v, ApplyResult.UPDATED, lead, null);
  }

  /** A locked lead's position and whether its evidence equals the verdict's. */
  private record Stored(long id, long epoch, long revision, boolean sameEvidence) {}

  private Stored lockLead(Connection c, SiteVerdict v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK_LEAD)) {
      int p = 0;
      ps.setBoolean(++p, v.flagged());
      ps.setDouble(++p, v.score());
      ps.setArray(++p, c.createArrayOf("text", v.categories().toArray(new String[0])));
      ps.setString(++p, toJson(v.signals()));
      ps.setString(++p, toJson(v.pages()));
      ps.setString(++p, v.lexiconVersion());
      ps.setArray(++p, c.createArrayOf("text", v.conducts().toArray(new String[0])));
      ps.setString(++p, toJson(v.identifiers()));
      ps.setString(++p, toJson(v.findings()));
      ps.setString(++p, v.site());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new Stored(rs.getLong("id"), rs.getLong("epoch"), rs.getLong("revision"),
            rs.getBoolean("same_evidence"));
      }
    }
  }

  private static void advance(Connection c, long leadId, SiteVerdict v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ADVANCE_LEAD)) {
      ps.setLong(1, v.epoch());
      ps.setLong(2, v.revision());
      setInstant(ps, 3, v.decidedAt());
      ps.setLong(4, leadId);
      ps.setLong(5, v.epoch());
      ps.setLong(6, v.revision());
      ps.executeUpdate();
    }
  }

  private Lead openLead(Connection c, SiteVerdict v, Instant now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(OPEN_LEAD)) {
      int p = 0;
      ps.setString(++p, v.site());
      ps.setDouble(++p, v.score());
      p = setEvidence(c, ps, p, v);
      setInstant(ps, ++p, now);
      setInstant(ps, ++p, now);
      p = setV2(c, ps, p, v);
      ps.setLong(++p, v.epoch());
      return singleLead(ps);
    }
  }

  private Lead updateLead(Connection c, long leadId, SiteVerdict v, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPDATE_LEAD)) {
      int p = 0;
      ps.setDouble(++p, v.score());
      ps.setBoolean(++p, v.flagged());
      p = setEvidence(c, ps, p, v);
      setInstant(ps, ++p, now);
      p = setV2(c, ps, p, v);
      ps.setLong(++p, v.epoch());
      ps.setLong(++p, leadId);
      ps.setLong(++p, v.epoch());
      ps.setLong(++p, v.revision());
      return singleLead(ps);
    }
  }

  private static void recordEvent(
      Connection c, long leadId, SiteVerdict v, LeadEvent.Kind kind, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RECORD_EVENT)) {
      ps.setLong(1, leadId);
      ps.setString(2, v.site());
      ps.setLong(3, v.revision());
      ps.setString(4, kind.name());
      ps.setBoolean(5, v.flagged());
      ps.setDouble(6, v.score());
      setInstant(ps, 7, now);
      ps.setLong(8, v.epoch());
      ps.executeUpdate();
    }
  }

  /** What the custody log keeps of a verdict: enough to tell which evidence the lead rests on. */
  private static Map<String, Object> custodyDetails(SiteVerdict v) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("site", v.site());
    details.put("revision", v.revision());
    if (v.epoch() != 0) {
      details.put("epoch", v.epoch());
    }
    details.put("flagged", v.flagged());
    details.put("score", v.score());
    details.put("lexicon_version", v.lexiconVersion());
    details.put("conducts", v.conducts());
    details.put("pages", v.pages().stream()
        .map(p -> Map.of("url", p.url(), "body_sha256", p.bodySha256() == null ? "" : p.bodySha256(),
            "fetched_at", p.fetchedAt().toString()))
        .toList());
    return details;
  }

  /**
   * Sets the verdict's evidence columns, in the order both OPEN_LEAD and UPDATE_LEAD list them
   * (categories, signals, pages, pages_scored, revision, lexicon_version, decided_at), from
   * position {@code p + 1}; returns the last position set.
   */
  private int setEvidence(Connection c, PreparedStatement ps, int p, SiteVerdict v)
      throws SQLException {
    ps.setArray(++p, c.createArrayOf("text", v.categories().toArray(new String[0])));
    ps.setString(++p, toJson(v.signals()));
    ps.setString(++p, toJson(v.pages()));
    ps.setInt(++p, v.pagesScored());
    ps.setLong(++p, v.revision());
    ps.setString(++p, v.lexiconVersion());
    setInstant(ps, ++p, v.decidedAt());
    return p;
  }

  /** Sets conducts, identifiers and findings (verdict schema v2) from position {@code p + 1}. */
  private int setV2(Connection c, PreparedStatement ps, int p, SiteVerdict v) throws SQLException {
    ps.setArray(++p, c.createArrayOf("text", v.conducts().toArray(new String[0])));
    ps.setString(++p, toJson(v.identifiers()));
    ps.setString(++p, toJson(v.findings()));
    return p;
  }

  private Lead singleLead(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? lead(rs) : null;
    }
  }

  /** Reads a lead from a row with (at least) the lead columns; used by the review classes too. */
  public Lead lead(ResultSet rs) throws SQLException {
    return new Lead(
        rs.getLong("id"),
        rs.getString("site"),
        LeadStatus.valueOf(rs.getString("status")),
        rs.getDouble("score"),
        List.of((String[]) rs.getArray("categories").getArray()),
        fromJson(rs.getString("signals"), SIGNAL_LIST),
        fromJson(rs.getString("pages"), PAGE_LIST),
        rs.getLong("revision"),
        rs.getString("lexicon_version"),
        instant(rs, "first_flagged_at"),
        instant(rs, "updated_at"),
        List.of((String[]) rs.getArray("conducts").getArray()),
        fromJson(rs.getString("identifiers"), IDENTIFIER_LIST),
        fromJson(rs.getString("findings"), FINDING_LIST));
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write evidence as JSON: " + e.getMessage(), e);
    }
  }

  private <T> T fromJson(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored evidence is not readable: " + e.getMessage(), e);
    }
  }

  private static void setInstant(PreparedStatement ps, int index, Instant instant)
      throws SQLException {
    ps.setObject(
        index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      if (!c.isClosed()) {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      // The connection is broken; the pool (or close) discards it.
    }
  }
}
