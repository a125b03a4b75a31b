package org.sitewatch.sink.lead;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a lead's append-only review history: who did what, when, and why.
 *
 * @param leadId the lead
 * @param site the lead's site
 * @param kind what happened
 * @param actor who did it (an analyst's name, or {@code sink} for a reopening caused by a verdict)
 * @param from the status before
 * @param to the status after (the same for assignments, notes, acknowledgements)
 * @param reason the dismissal reason, for {@link Kind#DISMISSED}
 * @param note free text from the analyst; empty if none
 * @param assignee the new assignee, for {@link Kind#ASSIGNED}
 * @param signalIds for a reopening by a verdict: the new heavy signals that caused it
 * @param at when it happened
 */
public record HistoryEntry(
    long leadId,
    String site,
    Kind kind,
    String actor,
    LeadStatus from,
    LeadStatus to,
    Optional<DismissReason> reason,
    String note,
    Optional<String> assignee,
    List<String> signalIds,
    Instant at) {
  /** What a review history entry records. */
  public enum Kind {
    TRIAGED,
    CONFIRMED,
    REFERRED,
    CLOSED,
    DISMISSED,
    REOPENED,
    ASSIGNED,
    NOTED,
    ACKNOWLEDGED,
    /** The sink linked the lead to a confirmed, referred or closed lead (repeat offender). */
    LINKED,
    /** A repeat-offender link no longer holds (identifier ignored, related lead reopened...). */
    UNLINKED
  }

  public HistoryEntry {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    reason = reason == null ? Optional.empty() : reason;
    note = note == null ? "" : note;
    assignee = assignee == null ? Optional.empty() : assignee;
    signalIds = signalIds == null ? List.of() : List.copyOf(signalIds);
    Objects.requireNonNull(at, "at");
  }
}
