package org.sitewatch.sink.lead;

/**
 * Where a lead stands in the analysts' workflow. The sink opens leads as {@link #NEW}; the other
 * states belong to the review lifecycle and are set by people, never by verdicts.
 */
public enum LeadStatus {
  /** Opened by the sink, not yet looked at. */
  NEW,
  /** An analyst has looked at it and queued it for a decision. */
  TRIAGED,
  /** The evidence was confirmed. */
  CONFIRMED,
  /** Referred to the competent bureaus. */
  REFERRED,
  /** Work on it has ended. */
  CLOSED,
  /** Judged not to be a case (e.g. a news page about the campaign). */
  DISMISSED
}
