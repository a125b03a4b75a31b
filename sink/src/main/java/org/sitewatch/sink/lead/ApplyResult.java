package org.sitewatch.sink.lead;

import org.sitewatch.sink.intake.VerdictTrust;

/** What applying one verdict did to the lead store. */
public enum ApplyResult {
  /** The site was flagged for the first time: a lead was opened. */
  OPENED,
  /** The verdict is newer than the lead's: the lead's evidence was replaced. */
  UPDATED,
  /**
   * The lead already reflects this (epoch, revision) or a newer one (a replay or an out-of-order
   * copy), or the verdict's evidence equals the lead's (a replay under a new revision: the lead's
   * position moves, no history is written).
   */
  UNCHANGED,
  /** The verdict does not flag the site and the site has no lead: nothing to do. */
  IGNORED,
  /**
   * The verdict is implausibly far ahead ({@link VerdictTrust}): not applied, and reported as an
   * outcome.
   */
  REFUSED;

  /** Whether the lead changed (and a history entry was written). */
  public boolean changed() {
    return this == OPENED || this == UPDATED;
  }
}
