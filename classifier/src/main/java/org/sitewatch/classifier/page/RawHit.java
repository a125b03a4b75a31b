package org.sitewatch.classifier.page;

import java.util.Objects;

/**
 * A signal as a detector found it, before scoring: the rule's weight per match and how often it
 * matched. {@link Scoring} turns raw hits into {@link org.sitewatch.events.SignalHit}s.
 */
public record RawHit(String id, Category category, double weight, int count, String snippet) {
  public RawHit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(snippet, "snippet");
    if (count < 1) {
      throw new IllegalArgumentException("a hit has count >= 1");
    }
  }
}
