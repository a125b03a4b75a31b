package org.sitewatch.sink.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.intake.VerdictTrust;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.operations.OperationIndex;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Leads in PostgreSQL: one per flagged site, moved forward only by verdicts with a higher (epoch,
 * revision), each change recorded in the append-only history in the same transaction. A verdict
 * that is implausibly far ahead ({@link VerdictTrust}) is refused and changes nothing; one whose
 * evidence equals the lead's (a replay under a new revision) moves the lead's (epoch, revision)
 * without adding history. Safe to use from several threads and from several processes on the same
 * database: how one verdict is written is {@link VerdictWriter}'s job.
 *
 * <p>Build it with {@link #builder(DataSource, Clock)} (policy, hook and trust default), or with
 * the short constructors.
 */
public final class LeadStore {
  private static final String ALL_LEADS =
      "SELECT " + Rows.LEAD_COLUMNS + " FROM lead ORDER BY priority DESC, score DESC, site";

  private static final String LEAD_BY_SITE =
      "SELECT " + Rows.LEAD_COLUMNS + " FROM lead WHERE site = :site";

  private static final String LEAD_BY_ID =
      "SELECT " + Rows.LEAD_COLUMNS + " FROM lead WHERE id = :leadId";

  private static final String HISTORY =
      "SELECT site, revision, kind, score, at FROM lead_event WHERE site = :site ORDER BY id";

  /** Verdicts apply in (site, epoch, revision) order: oldest first, same lock order everywhere. */
  private static final Comparator<SiteVerdict> ORDER =
      Comparator.comparing(SiteVerdict::site)
          .thenComparingLong(SiteVerdict::epoch)
          .thenComparingLong(SiteVerdict::revision);

  private final Database db;
  private final Clock clock;
  private final VerdictWriter writer;

  public LeadStore(DataSource dataSource, Clock clock) {
    this(builder(dataSource, clock));
  }

  /** A store that reopens dismissed leads and flags priority by {@code policy}. */
  public LeadStore(DataSource dataSource, Clock clock, ReviewPolicy policy) {
    this(builder(dataSource, clock).policy(policy));
  }

  /** A store that also runs {@code hook} in the transaction of every opened or updated lead. */
  public LeadStore(DataSource dataSource, Clock clock, ReviewPolicy policy, LeadHook hook) {
    this(builder(dataSource, clock).policy(policy).hook(hook));
  }

  private LeadStore(Builder b) {
    this.db = Database.of(b.dataSource);
    this.clock = b.clock;
    this.writer = new VerdictWriter(b.policy, b.hook, b.trust);
  }

  /**
   * A builder; policy {@link ReviewPolicy#DEFAULTS}, no hook, trust {@link VerdictTrust#DEFAULTS}.
   */
  public static Builder builder(DataSource dataSource, Clock clock) {
    return new Builder(dataSource, clock);
  }

  /** Optional parts of a {@link LeadStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private final Clock clock;
    private ReviewPolicy policy = ReviewPolicy.DEFAULTS;
    private LeadHook hook = LeadHook.NONE;
    private VerdictTrust trust = VerdictTrust.DEFAULTS;

    private Builder(DataSource dataSource, Clock clock) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** When dismissed leads reopen, and how priority is flagged. */
    public Builder policy(ReviewPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Runs in the transaction of every opened or updated lead (e.g. jurisdiction routing). */
    public Builder hook(LeadHook hook) {
      this.hook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** How far ahead of a lead a verdict may be and still be applied. */
    public Builder trust(VerdictTrust trust) {
      this.trust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    public LeadStore build() {
      return new LeadStore(this);
    }
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

  /**
   * Opens a lead from a stored verdict that did not flag its site, because {@code actor} (an
   * analyst) asked for one from a tip (docs/tips.md): written as any opening (lead, history OPENED,
   * custody LEAD_OPENED naming {@code actor}, priority, this store's hook), on the caller's handle
   * and in its transaction. The lead's {@code flagged} stays the verdict's (false).
   *
   * @return the opened lead, or empty if the site has a lead already
   */
  public Optional<Lead> openByHand(Handle h, SiteVerdict verdict, String actor) {
    Objects.requireNonNull(verdict, "verdict");
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("a lead opened by hand names who asked for it");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Set<Long> relink = new HashSet<>();
    Optional<Lead> opened = writer.openByHand(h, verdict, actor, now, relink);
    OperationIndex.refresh(h, relink, now);
    return opened;
  }

  /** All leads, the analysts' queue order: priority, then score descending, then site. */
  public List<Lead> findAll() {
    return db.withHandle("cannot list leads", h -> h.createQuery(ALL_LEADS).map(Rows::lead).list());
  }

  /** The lead of a site, if it has one. */
  public Optional<Lead> findBySite(String site) {
    Objects.requireNonNull(site, "site");
    return db.withHandle(
        "cannot read the lead of " + site,
        h -> h.createQuery(LEAD_BY_SITE).bind("site", site).map(Rows::lead).findOne());
  }

  /** The lead with this id, if it exists. */
  public Optional<Lead> findById(long leadId) {
    return db.withHandle(
        "cannot read lead " + leadId,
        h -> h.createQuery(LEAD_BY_ID).bind("leadId", leadId).map(Rows::lead).findOne());
  }

  /** The history of a site's lead, oldest first; empty if the site has no lead. */
  public List<LeadEvent> history(String site) {
    Objects.requireNonNull(site, "site");
    return db.withHandle(
        "cannot read the history of " + site,
        h ->
            h.createQuery(HISTORY)
                .bind("site", site)
                .map(
                    (rs, ctx) ->
                        new LeadEvent(
                            rs.getString("site"),
                            rs.getLong("revision"),
                            LeadEvent.Kind.valueOf(rs.getString("kind")),
                            rs.getDouble("score"),
                            Rows.instant(rs, "at")))
                .list());
  }

  /**
   * What applying one verdict of a batch did: a result and, when the lead changed, the lead as
   * committed; or the failure that made the database reject this verdict alone; or, for {@link
   * ApplyResult#REFUSED}, why the verdict was not trusted.
   */
  public record Applied(
      SiteVerdict verdict, ApplyResult result, Lead lead, Exception failure, String refusal) {
    Applied(SiteVerdict verdict, ApplyResult result, Lead lead) {
      this(verdict, result, lead, null, null);
    }

    static Applied failed(SiteVerdict verdict, Exception failure) {
      return new Applied(verdict, null, null, failure, null);
    }

    static Applied refused(SiteVerdict verdict, String reason) {
      return new Applied(verdict, ApplyResult.REFUSED, null, null, reason);
    }
  }

  /**
   * Applies verdicts in one transaction and returns what happened to each, in input order. A
   * verdict whose data the database rejects is rolled back to its savepoint and reported as failed
   * while the others still apply. Verdicts are applied in (site, epoch, revision) order, which
   * applies a site's verdicts oldest first and makes concurrent batches lock leads in the same
   * order. The operations of leads whose strong identifiers changed are refreshed last, under one
   * lock ({@link OperationIndex#refresh}).
   *
   * @throws SQLException if the database is unavailable or the commit fails: then nothing of the
   *     batch was written and it may be retried as a whole
   */
  public List<Applied> applyAll(List<SiteVerdict> verdicts) throws SQLException {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Set<Long> relink = new HashSet<>();
    return db.eachInSavepoint(
        verdicts,
        ORDER,
        (h, verdict) -> writer.apply(h, verdict, now, relink),
        Applied::failed,
        h -> OperationIndex.refresh(h, relink, now));
  }
}
