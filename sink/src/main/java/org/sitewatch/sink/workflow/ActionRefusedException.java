package org.sitewatch.sink.workflow;

/** A lead action that was not applied, and why; nothing was written. */
public final class ActionRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an action was refused. */
  public enum Refusal {
    /** No lead with that id or site. */
    NOT_FOUND,
    /** The lifecycle rules do not allow the action from the lead's status. */
    FORBIDDEN,
    /** The lead changed status since the analyst looked at it (another analyst was faster). */
    CONFLICT,
    /** The request lacks something the action needs (reason, note, assignee). */
    INCOMPLETE
  }

  private final Refusal refusal;

  ActionRefusedException(Refusal refusal, String message) {
    super(message);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
