package org.sitewatch.classifier.page;

import java.util.List;
import java.util.Objects;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.SignalHit;

/**
 * A page's score and its explanation.
 *
 * @param url the page URL
 * @param score in [0, 1]: logistic of the bias plus the signal weights
 * @param flagged whether {@code score >= pageThreshold}
 * @param signals every signal that fired, strongest first; their weights add up to the logit minus
 *     the bias (negative-context signals have negative weights)
 * @param categories categories of the positive signals, e.g. {@code explicit}, {@code profit}
 * @param identifiers filing numbers, contact handles, payment accounts and tracking IDs found on
 *     the page, one per (type, value)
 * @param findings notable facts that are not score signals, e.g. {@code injected-links} or {@code
 *     forged-filing}
 * @param textSimhash 64-bit SimHash of the page's visible text as 16 hex digits, or {@code null}
 *     when the page has too little text (see {@code TextSimhash})
 * @param conductReasons the page's evidence for each conduct ({@code ConductDetector}); the site
 *     decides its conducts from the evidence of all its pages
 */
public record PageScore(
    String url,
    double score,
    boolean flagged,
    List<SignalHit> signals,
    List<String> categories,
    List<Identifier> identifiers,
    List<Finding> findings,
    String textSimhash,
    List<ConductReason> conductReasons) {
  public PageScore {
    Objects.requireNonNull(url, "url");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
    signals = List.copyOf(signals);
    categories = List.copyOf(categories);
    identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
    findings = findings == null ? List.of() : List.copyOf(findings);
    conductReasons = conductReasons == null ? List.of() : List.copyOf(conductReasons);
  }

  /** A score without conduct evidence. */
  public PageScore(
      String url,
      double score,
      boolean flagged,
      List<SignalHit> signals,
      List<String> categories,
      List<Identifier> identifiers,
      List<Finding> findings,
      String textSimhash) {
    this(url, score, flagged, signals, categories, identifiers, findings, textSimhash, List.of());
  }

  /** A score without a text SimHash. */
  PageScore(
      String url,
      double score,
      boolean flagged,
      List<SignalHit> signals,
      List<String> categories,
      List<Identifier> identifiers,
      List<Finding> findings) {
    this(url, score, flagged, signals, categories, identifiers, findings, null);
  }

  /** A score without identifiers or findings. */
  PageScore(
      String url, double score, boolean flagged, List<SignalHit> signals, List<String> categories) {
    this(url, score, flagged, signals, categories, List.of(), List.of(), null);
  }
}
