package org.sitewatch.sink.workflow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.Priority;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.Severity;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.LeadStoreException;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.sink.workflow.ActionRefusedException.Refusal;

/**
 * The analysts' side of the lead store: the priority-ordered queue, one lead with its review
 * history, and the {@link LeadAction}s. Each action is one transaction: a status change is a single
 * {@code UPDATE ... WHERE id = :leadId AND status = :from} guarded by the status the analyst saw,
 * so of two analysts acting on the same lead at once exactly one succeeds and the other gets {@link
 * Refusal#CONFLICT}; the history entry and the recomputed priorities commit with it.
 */
public final class LeadWorkflow {
  private static final String CASE_COLUMNS =
      """
      lead.*,
      ARRAY(SELECT DISTINCT r.site FROM lead_link k JOIN lead r ON r.id = k.related_lead_id
             WHERE k.lead_id = lead.id ORDER BY r.site) AS repeat_of
      """;

  private static final String QUEUE =
      "SELECT "
          + CASE_COLUMNS
          + " FROM lead WHERE (CAST(:status AS text) IS NULL OR status = :status)"
          + " ORDER BY priority DESC, score DESC, site";

  private static final String CASE_BY_ID =
      "SELECT " + CASE_COLUMNS + " FROM lead WHERE id = :leadId";

  private static final String CASE_BY_SITE =
      "SELECT " + CASE_COLUMNS + " FROM lead WHERE site = :site";

  private static final String STATUS = "SELECT status FROM lead WHERE id = :leadId";

  /**
   * Applies an action. {@code :changesStatus} says whether the action is a status change guarded by
   * {@code :from}; dismissing remembers the signals the lead has, so that only new ones can reopen
   * it.
   */
  private static final String ACT =
      """
      UPDATE lead
         SET status = :to,
             dismiss_reason = CASE WHEN :changesStatus THEN :reason ELSE dismiss_reason END,
             dismissed_signal_ids = CASE WHEN :dismiss
                 THEN ARRAY(SELECT s ->> 'id' FROM jsonb_array_elements(signals) AS s)
                 ELSE dismissed_signal_ids END,
             assignee = COALESCE(:assignee, assignee),
             seen_revision = CASE WHEN :acknowledges THEN revision ELSE seen_revision END,
             seen_epoch = CASE WHEN :acknowledges THEN epoch ELSE seen_epoch END
       WHERE id = :leadId AND (NOT :changesStatus OR status = :from)
      RETURNING site
      """;

  private static final String RECORD =
      """
      INSERT INTO lead_action (lead_id, site, kind, actor, from_status, to_status, reason, note,
                               assignee, at)
      VALUES (:leadId, :site, :kind, :actor, :from, :to, :reason, :note, :assignee, :now)
      """;

  private static final String HISTORY =
      """
      SELECT lead_id, site, kind, actor, from_status, to_status, reason, note, assignee,
             signal_ids, at
        FROM lead_action WHERE lead_id = :leadId ORDER BY id
      """;

  private final Database db;
  private final Clock clock;
  private final LeadStore store;
  private final LeadUpkeep upkeep;

  public LeadWorkflow(DataSource dataSource, Clock clock) {
    this(dataSource, clock, ReviewPolicy.DEFAULTS);
  }

  public LeadWorkflow(DataSource dataSource, Clock clock, ReviewPolicy policy) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = new LeadStore(dataSource, clock, policy);
    this.upkeep = new LeadUpkeep(policy);
  }

  /** The queue: leads (in {@code status}, or all) by priority, then score, descending. */
  public List<LeadCase> queue(Optional<LeadStatus> status) {
    return db.withHandle(
        "cannot list leads",
        h ->
            h.createQuery(QUEUE)
                .bind("status", status.map(Enum::name).orElse(null))
                .map(LeadWorkflow::leadCase)
                .list());
  }

  /** The lead with this id (all digits) or of this site. */
  public Optional<LeadCase> find(String siteOrId) {
    Objects.requireNonNull(siteOrId, "siteOrId");
    boolean byId = !siteOrId.isEmpty() && siteOrId.chars().allMatch(Character::isDigit);
    long id;
    try {
      id = byId ? Long.parseLong(siteOrId) : 0;
    } catch (NumberFormatException e) {
      throw new LeadStoreException("cannot read lead " + siteOrId, e);
    }
    return db.withHandle(
        "cannot read lead " + siteOrId,
        h ->
            (byId
                    ? h.createQuery(CASE_BY_ID).bind("leadId", id)
                    : h.createQuery(CASE_BY_SITE).bind("site", siteOrId))
                .map(LeadWorkflow::leadCase)
                .findOne());
  }

  /** The review history of a lead, oldest first. */
  public List<HistoryEntry> history(long leadId) {
    return db.withHandle(
        "cannot read the history of lead " + leadId,
        h ->
            h.createQuery(HISTORY)
                .bind("leadId", leadId)
                .map(
                    (rs, ctx) ->
                        new HistoryEntry(
                            rs.getLong("lead_id"),
                            rs.getString("site"),
                            HistoryEntry.Kind.valueOf(rs.getString("kind")),
                            rs.getString("actor"),
                            LeadStatus.valueOf(rs.getString("from_status")),
                            LeadStatus.valueOf(rs.getString("to_status")),
                            Optional.ofNullable(rs.getString("reason")).map(DismissReason::valueOf),
                            rs.getString("note"),
                            Optional.ofNullable(rs.getString("assignee")),
                            Rows.texts(rs, "signal_ids"),
                            Rows.instant(rs, "at")))
                .list());
  }

  /** The verdict history (opened, updated) of a site's lead, oldest first. */
  public List<LeadEvent> verdictHistory(String site) {
    return store.history(site);
  }

  /**
   * Applies {@code action} to the lead and returns it as it now stands.
   *
   * @throws ActionRefusedException if the lead does not exist, the rules forbid the action from its
   *     status, another analyst changed its status first, or the request lacks what the action
   *     needs; nothing was written
   * @throws LeadStoreException if the database fails
   */
  public LeadCase perform(long leadId, LeadAction action, ActionRequest request) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(request, "request");
    checkComplete(action, request);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    db.inTransaction(
        "cannot " + verb(action) + " lead " + leadId,
        h -> {
          act(h, leadId, action, request, now);
          return null;
        });
    return find(Long.toString(leadId)).orElseThrow();
  }

  private void act(Handle h, long leadId, LeadAction action, ActionRequest request, Instant now) {
    LeadStatus current = currentStatus(h, leadId);
    LeadStatus from = request.expected().orElse(current);
    if (!action.allowedFrom(from)) {
      throw new ActionRefusedException(
          Refusal.FORBIDDEN,
          "cannot "
              + verb(action)
              + " lead "
              + leadId
              + ": it is "
              + from
              + ", and "
              + verb(action)
              + " is allowed only from "
              + allowedFrom(action));
    }
    LeadStatus to = action.after(from);
    LeadStatus seen = from;
    String site =
        h.createQuery(ACT)
            .bind("to", to.name())
            .bind("changesStatus", action.changesStatus())
            .bind("reason", request.reason().map(Enum::name).orElse(null))
            .bind("dismiss", action == LeadAction.DISMISS)
            .bind("assignee", request.assignee().orElse(null))
            .bind("acknowledges", action.acknowledges())
            .bind("leadId", leadId)
            .bind("from", from.name())
            .mapTo(String.class)
            .findOne()
            .orElseThrow(
                () ->
                    new ActionRefusedException(
                        Refusal.CONFLICT,
                        "cannot "
                            + verb(action)
                            + " lead "
                            + leadId
                            + ": it was "
                            + seen
                            + " but is now "
                            + currentStatus(h, leadId)
                            + " (changed by someone else meanwhile); look at it again"));
    if (!action.changesStatus()) {
      from = currentStatus(h, leadId);
      to = from;
    }
    h.createUpdate(RECORD)
        .bind("leadId", leadId)
        .bind("site", site)
        .bind("kind", action.kind().name())
        .bind("actor", request.actor())
        .bind("from", from.name())
        .bind("to", to.name())
        .bind("reason", request.reason().map(Enum::name).orElse(null))
        .bind("note", request.note())
        .bind("assignee", request.assignee().orElse(null))
        .bind("now", now)
        .execute();
    // every review action is part of the evidence's custody record, in the same transaction
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("action", action.name());
    details.put("from", from.name());
    details.put("to", to.name());
    request.reason().ifPresent(r -> details.put("reason", r.name()));
    request.assignee().ifPresent(a -> details.put("assignee", a));
    if (request.note() != null && !request.note().isEmpty()) {
      details.put("note", request.note());
    }
    CustodyLog.appendInTransaction(
        h, leadId, request.actor(), CustodyAction.REVIEWED, details, now);
    if (action.changesStatus()) {
      upkeep.recompute(h, leadId, now);
      upkeep.recomputeSharing(h, leadId, now);
    }
  }

  private static void checkComplete(LeadAction action, ActionRequest request) {
    String missing = null;
    if (action == LeadAction.DISMISS && request.reason().isEmpty()) {
      missing = "dismissing needs a reason (" + List.of(DismissReason.values()) + ")";
    } else if (action != LeadAction.DISMISS && request.reason().isPresent()) {
      missing = "only dismissing takes a reason";
    } else if (action == LeadAction.ASSIGN && request.assignee().isEmpty()) {
      missing = "assigning needs an assignee";
    } else if (action != LeadAction.ASSIGN && request.assignee().isPresent()) {
      missing = "only assigning takes an assignee";
    } else if (action == LeadAction.NOTE && request.note().isEmpty()) {
      missing = "a note needs text";
    }
    if (missing != null) {
      throw new ActionRefusedException(Refusal.INCOMPLETE, missing);
    }
  }

  private static LeadStatus currentStatus(Handle h, long leadId) {
    return h.createQuery(STATUS)
        .bind("leadId", leadId)
        .mapTo(String.class)
        .findOne()
        .map(LeadStatus::valueOf)
        .orElseThrow(() -> new ActionRefusedException(Refusal.NOT_FOUND, "no lead " + leadId));
  }

  private static Set<LeadStatus> allowedFrom(LeadAction action) {
    Set<LeadStatus> from = EnumSet.noneOf(LeadStatus.class);
    for (LeadStatus s : LeadStatus.values()) {
      if (action.allowedFrom(s)) {
        from.add(s);
      }
    }
    return from;
  }

  private static String verb(LeadAction action) {
    return action.name().toLowerCase(Locale.ROOT);
  }

  private static LeadCase leadCase(ResultSet rs, StatementContext ctx) throws SQLException {
    Lead lead = Rows.lead(rs, ctx);
    Set<PriorityFlag> flags = EnumSet.noneOf(PriorityFlag.class);
    for (String label : Rows.texts(rs, "flags")) {
      flags.add(PriorityFlag.ofLabel(label));
    }
    return new LeadCase(
        lead,
        Optional.ofNullable(rs.getString("assignee")),
        Optional.ofNullable(rs.getString("dismiss_reason")).map(DismissReason::valueOf),
        new Priority(rs.getInt("priority"), Severity.valueOf(rs.getString("severity")), flags),
        rs.getLong("epoch") > rs.getLong("seen_epoch")
            || (rs.getLong("epoch") == rs.getLong("seen_epoch")
                && rs.getLong("revision") > rs.getLong("seen_revision")),
        Rows.texts(rs, "repeat_of"));
  }
}
