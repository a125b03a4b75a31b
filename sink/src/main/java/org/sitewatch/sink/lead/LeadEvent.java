package org.sitewatch.sink.lead;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a lead's append-only history: a verdict revision that changed the lead.
 *
 * @param site the lead's site
 * @param revision the verdict revision that was applied
 * @param kind whether it opened or updated the lead
 * @param score the site score of that verdict
 * @param at when the sink applied it
 */
public record LeadEvent(String site, long revision, Kind kind, double score, Instant at) {
  /** What a history entry records. */
  public enum Kind {
    OPENED,
    UPDATED
  }

  public LeadEvent {
    Objects.requireNonNull(site, "site");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be >= 1");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }
}
