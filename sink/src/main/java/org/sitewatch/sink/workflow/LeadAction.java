package org.sitewatch.sink.workflow;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.LeadStatus;

/**
 * What an analyst can do to a lead, and the lifecycle rules: this enum is the one transition table.
 * Each action lists the states it may start from and the state it leads to ({@code null}: the
 * status stays), the history kind it writes, and whether doing it acknowledges the lead's new
 * evidence.
 *
 * <pre>
 * NEW -> TRIAGED -> CONFIRMED -> REFERRED -> CLOSED
 * NEW | TRIAGED | CONFIRMED -> DISMISSED (with a reason)
 * DISMISSED | CLOSED -> NEW (reopen)
 * </pre>
 */
public enum LeadAction {
  TRIAGE(HistoryEntry.Kind.TRIAGED, LeadStatus.TRIAGED, true, LeadStatus.NEW),
  CONFIRM(HistoryEntry.Kind.CONFIRMED, LeadStatus.CONFIRMED, true, LeadStatus.TRIAGED),
  REFER(HistoryEntry.Kind.REFERRED, LeadStatus.REFERRED, false, LeadStatus.CONFIRMED),
  CLOSE(
      HistoryEntry.Kind.CLOSED,
      LeadStatus.CLOSED,
      false,
      LeadStatus.CONFIRMED,
      LeadStatus.REFERRED),
  DISMISS(
      HistoryEntry.Kind.DISMISSED,
      LeadStatus.DISMISSED,
      true,
      LeadStatus.NEW,
      LeadStatus.TRIAGED,
      LeadStatus.CONFIRMED),
  REOPEN(
      HistoryEntry.Kind.REOPENED, LeadStatus.NEW, false, LeadStatus.DISMISSED, LeadStatus.CLOSED),
  ASSIGN(HistoryEntry.Kind.ASSIGNED, null, false, LeadStatus.values()),
  NOTE(HistoryEntry.Kind.NOTED, null, false, LeadStatus.values()),
  ACK(HistoryEntry.Kind.ACKNOWLEDGED, null, true, LeadStatus.values());

  private final HistoryEntry.Kind kind;
  private final LeadStatus target;
  private final boolean acknowledges;
  private final Set<LeadStatus> from;

  LeadAction(HistoryEntry.Kind kind, LeadStatus target, boolean acknowledges, LeadStatus... from) {
    this.kind = kind;
    this.target = target;
    this.acknowledges = acknowledges;
    this.from = EnumSet.of(from[0], from);
  }

  /** Whether the rules allow this action on a lead in {@code status}. */
  public boolean allowedFrom(LeadStatus status) {
    return from.contains(status);
  }

  /** The status this action moves a lead to; empty for actions that keep the status. */
  public Optional<LeadStatus> target() {
    return Optional.ofNullable(target);
  }

  /** The status of a lead in {@code status} after this action. */
  LeadStatus after(LeadStatus status) {
    return target == null ? status : target;
  }

  /** Whether the action changes the status (and so is guarded against concurrent changes). */
  public boolean changesStatus() {
    return target != null;
  }

  /** The history kind the action records. */
  public HistoryEntry.Kind kind() {
    return kind;
  }

  /** Whether doing it marks the lead's current evidence as seen. */
  boolean acknowledges() {
    return acknowledges;
  }
}
