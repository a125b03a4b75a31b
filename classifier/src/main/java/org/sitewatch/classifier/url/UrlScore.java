package org.sitewatch.classifier.url;

import java.util.List;
import java.util.Objects;
import org.sitewatch.events.SignalHit;

/**
 * The score of an address (URL or bare domain), computed from its tokens alone.
 *
 * @param input the item as given
 * @param score in [0, 1]: logistic of the bias plus the signal weights
 * @param flagged whether {@code score >= pageThreshold}
 * @param signals every rule that matched, strongest first; snippet = the matched token (the whole
 *     chunk for substring rules), url = {@code input}
 */
public record UrlScore(String input, double score, boolean flagged, List<SignalHit> signals) {
  public UrlScore {
    Objects.requireNonNull(input, "input");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
    signals = List.copyOf(signals);
  }
}
