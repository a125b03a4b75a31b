package org.sitewatch.classifier;

import java.util.List;
import java.util.Objects;
import org.sitewatch.events.SignalHit;

/**
 * A page's score and its explanation.
 *
 * @param url the page URL
 * @param score in [0, 1]: logistic of the bias plus the signal weights
 * @param flagged whether {@code score >= pageThreshold}
 * @param signals every signal that fired, strongest first; their weights add up to the logit
 *     minus the bias (negative-context signals have negative weights)
 * @param categories categories of the positive signals, e.g. {@code explicit}, {@code profit}
 */
public record PageScore(
    String url, double score, boolean flagged, List<SignalHit> signals, List<String> categories) {
  public PageScore {
    Objects.requireNonNull(url, "url");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
    signals = List.copyOf(signals);
    categories = List.copyOf(categories);
  }
}
