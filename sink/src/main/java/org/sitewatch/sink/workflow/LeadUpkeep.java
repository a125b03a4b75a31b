package org.sitewatch.sink.workflow;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.Priority;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.store.Rows;

/**
 * What follows a change to a lead inside the transaction that made it: reopening a dismissed lead
 * on material new evidence, and recomputing priority, severity and priority flags (with the
 * repeat-offender links). Every method runs on the caller's handle and transaction.
 */
public final class LeadUpkeep {
  /** The actor of history entries written by verdicts rather than people. */
  public static final String SINK_ACTOR = "sink";

  private static final String LEAD_BY_ID = "SELECT * FROM lead WHERE id = :leadId";

  /** The same, locking the row: recomputations of one lead run one after the other. */
  private static final String LEAD_BY_ID_LOCKED =
      "SELECT * FROM lead WHERE id = :leadId FOR NO KEY UPDATE";

  /** How many tips name the lead's site (kept by the tip follower; not part of {@link Lead}). */
  private static final String TIPS = "SELECT tips FROM lead WHERE id = :leadId";

  private static final String DISMISSED_SIGNALS =
      "SELECT dismissed_signal_ids FROM lead WHERE id = :leadId";

  private static final String REOPEN =
      """
      UPDATE lead SET status = 'NEW', dismiss_reason = NULL
       WHERE id = :leadId AND status = 'DISMISSED'
      """;

  private static final String RECORD_REOPENING =
      """
      INSERT INTO lead_action (lead_id, site, kind, actor, from_status, to_status, signal_ids,
                               verdict_revision, at, verdict_epoch)
      VALUES (:leadId, :site, 'REOPENED', :actor, 'DISMISSED', 'NEW', :signalIds, :revision, :now,
              :epoch)
      ON CONFLICT (lead_id, verdict_epoch, verdict_revision) WHERE verdict_revision IS NOT NULL
      DO NOTHING
      """;

  private static final String SET_PRIORITY =
      """
      UPDATE lead SET priority = :priority, severity = :severity, flags = :flags
       WHERE id = :leadId AND (priority, severity, flags) IS DISTINCT FROM (:priority, :severity, :flags)
      """;

  private final ReviewPolicy policy;

  public LeadUpkeep(ReviewPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public ReviewPolicy policy() {
    return policy;
  }

  /**
   * Follows a verdict that opened or changed {@code lead}: reopens it if it was dismissed and the
   * verdict flags the site with a heavy signal the lead did not have when dismissed, then
   * recomputes its priority. Returns the lead as it now stands.
   */
  public Lead afterVerdict(Handle h, Lead lead, SiteVerdict verdict, Instant now) {
    if (lead.status() == LeadStatus.DISMISSED && verdict.flagged()) {
      List<String> fresh = newHeavySignals(h, lead.id(), verdict.signals());
      if (!fresh.isEmpty()) {
        reopen(h, lead, fresh, verdict.epoch(), verdict.revision(), now);
      }
    }
    recompute(h, lead.id(), now);
    return read(h, lead.id());
  }

  /**
   * Recomputes the priority of a lead (with the tips naming its site, {@code lead.tips}) and its
   * repeat-offender links ({@link RepeatLinks}): links that no longer hold are removed and new ones
   * added, each change written to the lead's history.
   */
  public void recompute(Handle h, long leadId, Instant now) {
    Lead lead = read(h, leadId, true);
    Set<PriorityFlag> flags = EnumSet.noneOf(PriorityFlag.class);
    flags.addAll(Priority.evidenceFlags(lead, policy));
    if (RepeatLinks.update(h, lead, policy.simhashMaxDistance(), now)) {
      flags.add(PriorityFlag.REPEAT_OFFENDER);
    }
    int tips = h.createQuery(TIPS).bind("leadId", leadId).mapTo(Integer.class).one();
    Priority priority = Priority.of(lead.score(), lead.conducts(), flags, tips);
    h.createUpdate(SET_PRIORITY)
        .bind("priority", priority.value())
        .bind("severity", priority.severity().name())
        .bind("flags", flags.stream().map(PriorityFlag::label).toArray(String[]::new))
        .bind("leadId", leadId)
        .execute();
  }

  /**
   * Recomputes the leads of other sites that share a strong identifier or near-identical pages with
   * this one: a status change here can make them repeat offenders (or stop them being one).
   */
  public void recomputeSharing(Handle h, long leadId, Instant now) {
    for (long other : RepeatLinks.related(h, leadId, policy.simhashMaxDistance())) {
      recompute(h, other, now);
    }
  }

  public Lead read(Handle h, long leadId) {
    return read(h, leadId, false);
  }

  private Lead read(Handle h, long leadId, boolean lock) {
    return h.createQuery(lock ? LEAD_BY_ID_LOCKED : LEAD_BY_ID)
        .bind("leadId", leadId)
        .map(Rows::lead)
        .findOne()
        .orElseThrow(() -> new IllegalStateException("lead " + leadId + " vanished"));
  }

  /**
   * Signal categories that are not new page evidence and so never reopen a dismissed lead: a
   * known-site list match ({@code known-site}, a prior from an imported list, which appears on
   * every verdict once a list naming the site is imported) and discounted signals.
   */
  static final Set<String> NOT_EVIDENCE = Set.of("known-site", "discounted");

  private List<String> newHeavySignals(Handle h, long leadId, List<SignalHit> signals) {
    Set<String> known =
        h.createQuery(DISMISSED_SIGNALS)
            .bind("leadId", leadId)
            .map((rs, ctx) -> Set.copyOf(Rows.texts(rs, "dismissed_signal_ids")))
            .one();
    return signals.stream()
        .filter(s -> s.weight() >= policy.reopenMinWeight() && !known.contains(s.id()))
        .filter(s -> !NOT_EVIDENCE.contains(s.category()))
        .map(SignalHit::id)
        .distinct()
        .sorted()
        .toList();
  }

  private static void reopen(
      Handle h, Lead lead, List<String> signalIds, long epoch, long revision, Instant now) {
    if (h.createUpdate(REOPEN).bind("leadId", lead.id()).execute() == 0) {
      return;
    }
    h.createUpdate(RECORD_REOPENING)
        .bind("leadId", lead.id())
        .bind("site", lead.site())
        .bind("actor", SINK_ACTOR)
        .bind("signalIds", Rows.texts(signalIds))
        .bind("revision", revision)
        .bind("now", now)
        .bind("epoch", epoch)
        .execute();
  }
}
