package org.sitewatch.sink.lead;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A lead as the analysts work it: the evidence ({@link Lead}) with its review state.
 *
 * @param lead the lead and its latest evidence
 * @param assignee who it is assigned to, if anyone
 * @param dismissReason why it was dismissed, while it is {@link LeadStatus#DISMISSED}
 * @param priority its place in the queue, severity and priority flags
 * @param hasNewEvidence whether a verdict changed it since an analyst last acknowledged it
 * @param repeatOf sites of confirmed, referred or closed leads it shares a strong identifier with
 */
public record LeadCase(
    Lead lead,
    Optional<String> assignee,
    Optional<DismissReason> dismissReason,
    Priority priority,
    boolean hasNewEvidence,
    List<String> repeatOf) {
  public LeadCase {
    Objects.requireNonNull(lead, "lead");
    assignee = assignee == null ? Optional.empty() : assignee;
    dismissReason = dismissReason == null ? Optional.empty() : dismissReason;
    Objects.requireNonNull(priority, "priority");
    repeatOf = repeatOf == null ? List.of() : List.copyOf(repeatOf);
  }
}
