package org.sitewatch.sink.lead;

/** Why an analyst dismissed a lead. */
public enum DismissReason {
  /** The evidence does not show what the classifier took it for (e.g. a news page). */
  FALSE_POSITIVE,
  /** A real finding, but not for this campaign (e.g. a site outside the jurisdiction). */
  OUT_OF_SCOPE,
  /** Another lead already covers it. */
  DUPLICATE
}
