package org.sitewatch.sink.tips;

/** Where a tip stands, as its reporter sees it (never more: no lead detail is public). */
public enum TipStatus {
  /** Recorded; its site is queued for a crawl. */
  RECEIVED,
  /** Its site was crawled (or could not be reached and will be tried again) and is being judged. */
  REVIEWING,
  /** Its site has a lead: investigators act on it. */
  ACTION_TAKEN,
  /**
   * Nothing to act on: the site was not flagged, could not be reached, or its lead was dismissed.
   */
  NOT_ACTIONABLE;

  /** Whether the status can still change without a new crawl (received or reviewing). */
  public boolean open() {
    return this == RECEIVED || this == REVIEWING;
  }
}
