package org.sitewatch.sink.workflow;

import java.util.Objects;
import java.util.Optional;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.LeadStatus;

/**
 * Who asks for a {@link LeadAction}, and its details.
 *
 * @param actor the analyst doing it (required)
 * @param reason the dismissal reason (required to dismiss, refused otherwise)
 * @param note free text kept in the history (required for a note)
 * @param assignee the new assignee (required to assign, refused otherwise)
 * @param expected the status the analyst saw; the action applies only if the lead is still in it.
 *     Empty: the status the store reads just before (still guarded against a change in between)
 */
public record ActionRequest(
    String actor,
    Optional<DismissReason> reason,
    String note,
    Optional<String> assignee,
    Optional<LeadStatus> expected) {
  public ActionRequest {
    Objects.requireNonNull(actor, "actor");
    if (actor.isBlank()) {
      throw new IllegalArgumentException("actor must not be blank: say who does it");
    }
    actor = actor.strip();
    reason = reason == null ? Optional.empty() : reason;
    note = note == null ? "" : note.strip();
    assignee = assignee == null ? Optional.empty() : assignee.map(String::strip);
    if (assignee.isPresent() && assignee.get().isEmpty()) {
      throw new IllegalArgumentException("assignee must not be blank");
    }
    expected = expected == null ? Optional.empty() : expected;
  }

  /** A request by {@code actor} with nothing else. */
  public static ActionRequest by(String actor) {
    return new ActionRequest(actor, Optional.empty(), "", Optional.empty(), Optional.empty());
  }

  public ActionRequest withReason(DismissReason reason) {
    return new ActionRequest(actor, Optional.of(reason), note, assignee, expected);
  }

  public ActionRequest withNote(String note) {
    return new ActionRequest(actor, reason, note, assignee, expected);
  }

  public ActionRequest withAssignee(String assignee) {
    return new ActionRequest(actor, reason, note, Optional.of(assignee), expected);
  }

  public ActionRequest expecting(LeadStatus status) {
    return new ActionRequest(actor, reason, note, assignee, Optional.of(status));
  }
}
