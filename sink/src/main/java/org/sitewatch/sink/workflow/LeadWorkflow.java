package org.sitewatch.sink.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.sitewatch.sink.workflow.ActionRefusedException.Refusal;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.Priority;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.Severity;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.LeadStoreException;
import org.sitewatch.sink.store.Transactions;

/**
 * The analysts' side of the lead store: the priority-ordered queue, one lead with its review
 * history, and the {@link LeadAction}s. Each action is one transaction: a status change is a
 * single {@code UPDATE ... WHERE id = ? AND status = ?} guarded by the status the analyst saw, so
 * of two analysts acting on the same lead at once exactly one succeeds and the other gets {@link
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
      "SELECT " + CASE_COLUMNS
          + " FROM lead WHERE (?::text IS NULL OR status = ?) ORDER BY priority DESC, score DESC, site";

  private static final String CASE_BY_ID = "SELECT " + CASE_COLUMNS + " FROM lead WHERE id = ?";

  private static final String CASE_BY_SITE = "SELECT " + CASE_COLUMNS + " FROM lead WHERE site = ?";

  private static final String STATUS = "SELECT status, site FROM lead WHERE id = ?";

  /**
   * Applies an action. {@code ?2} is whether the action is a status change guarded by {@code ?9};
   * dismissing remembers the signals the lead has, so that only new ones can reopen it.
   */
  private static final String ACT =
      """
      UPDATE lead
         SET status = ?,
             dismiss_reason = CASE WHEN ? THEN ? ELSE dismiss_reason END,
             dismissed_signal_ids = CASE WHEN ?
                 THEN ARRAY(SELECT s ->> 'id' FROM jsonb_array_elements(signals) AS s)
                 ELSE dismissed_signal_ids END,
             assignee = COALESCE(?, assignee),
             seen_revision = CASE WHEN ? THEN revision ELSE seen_revision END,
             seen_epoch = CASE WHEN ? THEN epoch ELSE seen_epoch END
       WHERE id = ? AND (NOT ? OR status = ?)
      RETURNING site
      """;

  private static final String RECORD =
      """
      INSERT INTO lead_action (lead_id, site, kind, actor, from_status, to_status, reason, note,
                               assignee, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;

  private static final String HISTORY =
      """
      SELECT lead_id, site, kind, actor, from_status, to_status, reason, note, assignee,
             signal_ids, at
        FROM lead_action WHERE lead_id = ? ORDER BY id
      """;

  private final DataSource dataSource;
  private final Clock clock;
  private final LeadStore store;
  private final LeadUpkeep upkeep;
  private final org.sitewatch.sink.evidence.CustodyLog custody;

  public LeadWorkflow(DataSource dataSource, Clock clock) {
    this(dataSource, clock, ReviewPolicy.DEFAULTS);
  }

  public LeadWorkflow(DataSource dataSource, Clock clock, ReviewPolicy policy) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = new LeadStore(dataSource, clock, policy);
    this.upkeep = new LeadUpkeep(policy, store::lead);
    this.custody = new org.sitewatch.sink.evidence.CustodyLog(dataSource, clock);
  }

  /** The queue: leads (in {@code status}, or all) by priority, then score, descending. */
  public List<LeadCase> queue(Optional<LeadStatus> status) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(QUEUE)) {
      String s = status.map(Enum::name).orElse(null);
      ps.setString(1, s);
      ps.setString(2, s);
      List<LeadCase> cases = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          cases.add(leadCase(rs));
        }
      }
      return cases;
    } catch (SQLException e) {
      throw new LeadStoreException("cannot list leads", e);
    }
  }

  /** The lead with this id (all digits) or of this site. */
  public Optional<LeadCase> find(String siteOrId) {
    Objects.requireNonNull(siteOrId, "siteOrId");
    boolean byId = !siteOrId.isEmpty() && siteOrId.chars().allMatch(Character::isDigit);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(byId ? CASE_BY_ID : CASE_BY_SITE)) {
      if (byId) {
        ps.setLong(1, Long.parseLong(siteOrId));
      } else {
        ps.setString(1, siteOrId);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(leadCase(rs)) : Optional.empty();
      }
    } catch (SQLException | NumberFormatException e) {
      throw new LeadStoreException("cannot read lead " + siteOrId, e);
    }
  }

  /** The review history of a lead, oldest first. */
  public List<HistoryEntry> history(long leadId) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(HISTORY)) {
      ps.setLong(1, leadId);
      List<HistoryEntry> entries = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(
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
                  LeadUpkeep.textArray(rs, "signal_ids"),
                  rs.getObject("at", OffsetDateTime.class).toInstant()));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new LeadStoreException("cannot read the history of lead " + leadId, e);
    }
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
    Transactions.inTransaction(
        dataSource,
        "cannot " + verb(action) + " lead " + leadId,
        c -> {
          act(c, leadId, action, request, now);
          return null;
        });
    return find(Long.toString(leadId)).orElseThrow();
  }

  private void act(Connection c, long leadId, LeadAction action, ActionRequest request,
      Instant now) throws SQLException {
    LeadStatus current = currentStatus(c, leadId);
    LeadStatus from = request.expected().orElse(current);
    if (!action.allowedFrom(from)) {
      throw new ActionRefusedException(
          Refusal.FORBIDDEN,
          "cannot " + verb(action) + " lead " + leadId + ": it is " + from + ", and "
              + verb(action) + " is allowed only from " + allowedFrom(action));
    }
    LeadStatus to = action.after(from);
    boolean dismiss = action == LeadAction.DISMISS;
    String site;
    try (PreparedStatement ps = c.prepareStatement(ACT)) {
      int p = 0;
      ps.setString(++p, to.name());
      ps.setBoolean(++p, action.changesStatus());
      ps.setString(++p, request.reason().map(Enum::name).orElse(null));
      ps.setBoolean(++p, dismiss);
      ps.setString(++p, request.assignee().orElse(null));
      ps.setBoolean(++p, action.acknowledges());
      ps.setBoolean(++p, action.acknowledges());
      ps.setLong(++p, leadId);
      ps.setBoolean(++p, action.changesStatus());
      ps.setString(++p, from.name());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          LeadStatus now2 = currentStatus(c, leadId);
          throw new ActionRefusedException(
              Refusal.CONFLICT,
              "cannot " + verb(action) + " lead " + leadId + ": it was " + from + " but is now "
                  + now2 + " (changed by someone else meanwhile); look at it again");
        }
        site = rs.getString(1);
      }
    }
    if (!action.changesStatus()) {
      from = currentStatus(c, leadId);
      to = from;
    }
    try (PreparedStatement ps = c.prepareStatement(RECORD)) {
      int p = 0;
      ps.setLong(++p, leadId);
      ps.setString(++p, site);
      ps.setString(++p, action.kind().name());
      ps.setString(++p, request.actor());
      ps.setString(++p, from.name());
      ps.setString(++p, to.name());
      ps.setString(++p, request.reason().map(Enum::name).orElse(null));
      ps.setString(++p, request.note());
      ps.setString(++p, request.assignee().orElse(null));
      LeadUpkeep.setInstant(ps, ++p, now);
      ps.executeUpdate();
    }
    // every review action is part of the evidence's custody record, in the same transaction
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("action", action.name());
    details.put("from", from.name());
    details.put("to", to.name());
    request.reason().ifPresent(r -> details.put("reason", r.name()));
    request.assignee().ifPresent(a -> details.put("assignee", a));
    if (request.note() != null && !request.note().isEmpty()) {
      details.put("note", request.note());
    }
    custody.appendInTransaction(c, leadId, request.actor(),
        org.sitewatch.sink.evidence.CustodyAction.REVIEWED, details, now);
    if (action.changesStatus()) {
      upkeep.recompute(c, leadId, now);
      upkeep.recomputeSharing(c, leadId, now);
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

  private static LeadStatus currentStatus(Connection c, long leadId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(STATUS)) {
      ps.setLong(1, leadId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ActionRefusedException(Refusal.NOT_FOUND, "no lead " + leadId);
        }
        return LeadStatus.valueOf(rs.getString(1));
      }
    }
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
    return action.name().toLowerCase(java.util.Locale.ROOT);
  }

  private LeadCase leadCase(ResultSet rs) throws SQLException {
    Lead lead = store.lead(rs);
    Set<PriorityFlag> flags = EnumSet.noneOf(PriorityFlag.class);
    for (String label : LeadUpkeep.textArray(rs, "flags")) {
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
        LeadUpkeep.textArray(rs, "repeat_of"));
  }
}
