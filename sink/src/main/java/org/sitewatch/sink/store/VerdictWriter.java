package org.sitewatch.sink.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.intake.VerdictTrust;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.operations.OperationIndex;
import org.sitewatch.sink.store.LeadStore.Applied;
import org.sitewatch.sink.workflow.LeadUpkeep;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Writes one verdict on the batch's handle: "read the lead, then decide whether to insert or
 * update" without a race. The site's lead is read {@code FOR UPDATE} (a concurrent writer waits); a
 * missing lead is opened with {@code INSERT ... ON CONFLICT (site) DO NOTHING RETURNING} (a
 * concurrent insert waits for the first to commit, then does nothing, and the loser judges the
 * verdict against the winner's lead); every update is still guarded by {@code (epoch, revision) <
 * (:epoch, :revision)}. Only the returned row decides whether history and custody are written.
 */
final class VerdictWriter {
  /** Who the custody log names for changes the sink makes. */
  private static final String CUSTODY_ACTOR = "sink";

  /**
   * Opens a lead unless the site has one already (then returns no row); {@code flagged} is the
   * verdict's, false only for a lead an analyst opened by hand from a tip's verdict.
   */
  private static final String OPEN_LEAD =
      """
      INSERT INTO lead (site, status, score, flagged, categories, signals, pages, pages_scored,
                        revision, lexicon_version, decided_at, first_flagged_at, updated_at,
                        conducts, identifiers, findings, epoch, trace_id, conduct_reasons)
      VALUES (:site, 'NEW', :score, :flagged, :categories, :signals::jsonb, :pages::jsonb,
              :pagesScored, :revision, :lexiconVersion, :decidedAt, :now, :now,
              :conducts, :identifiers::jsonb, :findings::jsonb, :epoch, :traceId,
              :conductReasons::jsonb)
      ON CONFLICT (site) DO NOTHING
      RETURNING\s\
      """
          + Rows.LEAD_COLUMNS;

  /** Replaces the evidence of a lead only if the verdict is newer (else returns no row). */
  private static final String UPDATE_LEAD =
      """
      UPDATE lead
         SET score = :score, flagged = :flagged, categories = :categories,
             signals = :signals::jsonb, pages = :pages::jsonb, pages_scored = :pagesScored,
             revision = :revision, lexicon_version = :lexiconVersion, decided_at = :decidedAt,
             updated_at = :now, conducts = :conducts, identifiers = :identifiers::jsonb,
             findings = :findings::jsonb, epoch = :epoch, trace_id = :traceId,
             conduct_reasons = :conductReasons::jsonb
       WHERE id = :leadId AND (epoch, revision) < (:epoch, :revision)
      RETURNING\s\
      """
          + Rows.LEAD_COLUMNS;

  /**
   * Locks a site's lead and says where it stands: its (epoch, revision), and whether its evidence
   * equals the verdict's (everything but revision, epoch, decision time and page count).
   */
  private static final String LOCK_LEAD =
      """
      SELECT id, epoch, revision,
             (flagged = :flagged AND score = :score AND categories = :categories
              AND signals = :signals::jsonb AND pages = :pages::jsonb
              AND lexicon_version = :lexiconVersion AND conducts = :conducts
              AND identifiers = :identifiers::jsonb AND findings = :findings::jsonb
              AND conduct_reasons = :conductReasons::jsonb) AS same_evidence
        FROM lead WHERE site = :site FOR UPDATE
      """;

  /** A replay under a newer (epoch, revision): the lead keeps its evidence and its history. */
  private static final String ADVANCE_LEAD =
      """
      UPDATE lead SET epoch = :epoch, revision = :revision, decided_at = :decidedAt,
                      trace_id = :traceId
       WHERE id = :leadId AND (epoch, revision) < (:epoch, :revision)
      """;

  /**
   * Keeps the newest verdict of a reported site without a lead (docs/tips.md): only for a site that
   * tips name (index tip_by_site), only if newer by (epoch, revision).
   */
  private static final String KEEP_TIP_VERDICT =
      """
      INSERT INTO tip_verdict (site, epoch, revision, verdict, decided_at, seen_at)
      SELECT :site, :epoch, :revision, :verdict::jsonb, :decidedAt, :now
       WHERE EXISTS (SELECT 1 FROM tip WHERE site = :site)
      ON CONFLICT (site) DO UPDATE
         SET epoch = EXCLUDED.epoch, revision = EXCLUDED.revision, verdict = EXCLUDED.verdict,
             decided_at = EXCLUDED.decided_at, seen_at = EXCLUDED.seen_at
       WHERE (tip_verdict.epoch, tip_verdict.revision) < (EXCLUDED.epoch, EXCLUDED.revision)
      """;

  private static final String RECORD_EVENT =
      """
      INSERT INTO lead_event (lead_id, site, revision, kind, flagged, score, at, epoch)
      VALUES (:leadId, :site, :revision, :kind, :flagged, :score, :now, :epoch)
      """;

  private final LeadUpkeep upkeep;
  private final LeadHook hook;
  private final VerdictTrust trust;

  VerdictWriter(ReviewPolicy policy, LeadHook hook, VerdictTrust trust) {
    this.upkeep = new LeadUpkeep(policy);
    this.hook = hook;
    this.trust = trust;
  }

  /** Applies one verdict; adds the lead to {@code relink} if its strong identifiers changed. */
  Applied apply(Handle h, SiteVerdict v, Instant now, Set<Long> relink) {
    Stored stored = lockLead(h, v);
    if (stored == null) {
      if (!v.flagged()) {
        keepTipVerdict(h, v, now);
        return new Applied(v, ApplyResult.IGNORED, null);
      }
      Optional<String> refusal = trust.refusal(v, null, null, now);
      if (refusal.isPresent()) {
        return Applied.refused(v, refusal.get());
      }
      Optional<Lead> opened =
          evidence(h.createQuery(OPEN_LEAD), v, now)
              .bind("site", v.site())
              .map(Rows::lead)
              .findOne();
      if (opened.isPresent()) {
        return changed(
            h,
            opened.get(),
            v,
            now,
            relink,
            LeadEvent.Kind.OPENED,
            CustodyAction.LEAD_OPENED,
            ApplyResult.OPENED,
            CUSTODY_ACTOR);
      }
      // another writer opened the lead meanwhile (the insert waited for it): judge against it
      stored = lockLead(h, v);
      if (stored == null) {
        return new Applied(v, ApplyResult.UNCHANGED, null);
      }
    }
    Optional<String> refusal = trust.refusal(v, stored.epoch(), stored.revision(), now);
    if (refusal.isPresent()) {
      return Applied.refused(v, refusal.get());
    }
    if (!VerdictTrust.isNewer(v, stored.epoch(), stored.revision())) {
      return new Applied(v, ApplyResult.UNCHANGED, null);
    }
    if (stored.sameEvidence()) {
      h.createUpdate(ADVANCE_LEAD)
          .bind("epoch", v.epoch())
          .bind("revision", v.revision())
          .bind("decidedAt", v.decidedAt())
          .bind("traceId", v.traceId())
          .bind("leadId", stored.id())
          .execute();
      return new Applied(v, ApplyResult.UNCHANGED, null);
    }
    Optional<Lead> updated =
        evidence(h.createQuery(UPDATE_LEAD), v, now)
            .bind("leadId", stored.id())
            .map(Rows::lead)
            .findOne();
    if (updated.isEmpty()) {
      return new Applied(v, ApplyResult.UNCHANGED, null);
    }
    return changed(
        h,
        updated.get(),
        v,
        now,
        relink,
        LeadEvent.Kind.UPDATED,
        CustodyAction.LEAD_UPDATED,
        ApplyResult.UPDATED,
        CUSTODY_ACTOR);
  }

  /**
   * Opens a lead from a verdict that did not flag its site, because {@code actor} (an analyst)
   * asked for one from a tip: the same row, history, custody and hook as any opening, with the
   * verdict's {@code flagged} (false) and the analyst named in the custody log. Empty if the site
   * has a lead already.
   */
  Optional<Lead> openByHand(Handle h, SiteVerdict v, String actor, Instant now, Set<Long> relink) {
    Optional<Lead> opened =
        evidence(h.createQuery(OPEN_LEAD), v, now).bind("site", v.site()).map(Rows::lead).findOne();
    return opened.map(
        lead ->
            changed(
                    h,
                    lead,
                    v,
                    now,
                    relink,
                    LeadEvent.Kind.OPENED,
                    CustodyAction.LEAD_OPENED,
                    ApplyResult.OPENED,
                    actor)
                .lead());
  }

  private static void keepTipVerdict(Handle h, SiteVerdict v, Instant now) {
    h.createUpdate(KEEP_TIP_VERDICT)
        .bind("site", v.site())
        .bind("epoch", v.epoch())
        .bind("revision", v.revision())
        .bind("verdict", Rows.toJson(v))
        .bind("decidedAt", v.decidedAt())
        .bind("now", now)
        .execute();
  }

  /** What follows an opened or updated lead, in the same transaction. */
  private Applied changed(
      Handle h,
      Lead lead,
      SiteVerdict v,
      Instant now,
      Set<Long> relink,
      LeadEvent.Kind kind,
      CustodyAction action,
      ApplyResult result,
      String custodyActor) {
    h.createUpdate(RECORD_EVENT)
        .bind("leadId", lead.id())
        .bind("site", v.site())
        .bind("revision", v.revision())
        .bind("kind", kind.name())
        .bind("flagged", v.flagged())
        .bind("score", v.score())
        .bind("now", now)
        .bind("epoch", v.epoch())
        .execute();
    CustodyLog.appendInTransaction(h, lead.id(), custodyActor, action, custodyDetails(v), now);
    if (OperationIndex.index(h, lead)) {
      relink.add(lead.id());
    }
    Lead after = upkeep.afterVerdict(h, lead, v, now);
    hook.afterChange(h, after, now);
    return new Applied(v, result, after);
  }

  /** A locked lead's position and whether its evidence equals the verdict's. */
  private record Stored(long id, long epoch, long revision, boolean sameEvidence) {}

  private Stored lockLead(Handle h, SiteVerdict v) {
    return evidence(h.createQuery(LOCK_LEAD), v, null)
        .bind("site", v.site())
        .map(
            (rs, ctx) ->
                new Stored(
                    rs.getLong("id"),
                    rs.getLong("epoch"),
                    rs.getLong("revision"),
                    rs.getBoolean("same_evidence")))
        .findOne()
        .orElse(null);
  }

  /** Binds the verdict's evidence and position (every statement above uses a subset). */
  private static <S extends SqlStatement<S>> S evidence(S statement, SiteVerdict v, Instant now) {
    statement
        .bind("score", v.score())
        .bind("flagged", v.flagged())
        .bind("categories", Rows.texts(v.categories()))
        .bind("signals", Rows.toJson(v.signals()))
        .bind("pages", Rows.toJson(v.pages()))
        .bind("pagesScored", v.pagesScored())
        .bind("revision", v.revision())
        .bind("lexiconVersion", v.lexiconVersion())
        .bind("decidedAt", v.decidedAt())
        .bind("conducts", Rows.texts(v.conducts()))
        .bind("identifiers", Rows.toJson(v.identifiers()))
        .bind("findings", Rows.toJson(v.findings()))
        .bind("conductReasons", Rows.toJson(v.conductReasons()))
        .bind("epoch", v.epoch())
        .bind("traceId", v.traceId());
    if (now != null) {
      statement.bind("now", now);
    }
    return statement;
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
    if (!v.conductReasons().isEmpty()) {
      // only when present: the details of verdicts without reasons stay as they were
      details.put(
          "conduct_reasons",
          v.conductReasons().stream()
              .map(
                  r ->
                      Map.of(
                          "conduct",
                          r.conduct(),
                          "signal",
                          r.signal(),
                          "snippet",
                          r.snippet(),
                          "url",
                          r.url()))
              .toList());
    }
    details.put(
        "pages",
        v.pages().stream()
            .map(
                p ->
                    Map.of(
                        "url",
                        p.url(),
                        "body_sha256",
                        p.bodySha256() == null ? "" : p.bodySha256(),
                        "fetched_at",
                        p.fetchedAt().toString()))
            .toList());
    return details;
  }
}
