package org.sitewatch.classifier.page;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a signal points to, and how much one category may move the logit in total. The caps keep one
 * kind of evidence (an ordinary video portal's VIP and top-up words, say) from flagging a page on
 * its own; see {@code package-info.java}.
 */
public enum Category {
  EXPLICIT("explicit", 6.0),
  PROFIT("profit", 1.5),
  LIVE_VIDEO("live-video", 1.0),
  SOLICITATION("solicitation", 5.0),
  /**
   * The page's host, or a parent domain, is in a known-site list ({@code url.list:<name>}): a prior
   * that cannot flag a page without evidence on it.
   */
  KNOWN_SITE(org.sitewatch.classifier.lists.KnownSites.CATEGORY, 2.0),
  /** Counts only when an {@link #EXPLICIT} signal fired on the same page. */
  MINORS("minors", 3.0),
  /** Exculpatory context (news, police, health, lingerie, art); weights are negative. */
  NEGATIVE_CONTEXT("negative-context", -8.0),
  /**
   * A keyword match read as the object of blocking, reporting, prosecuting, treating or defining
   * (see {@code keywords.MatchContext}): listed with weight 0 so that the page shows the term and
   * why it did not count. Assigned by context, never by a lexicon rule.
   */
  DISCOUNTED("discounted", 0.0);

  private final String label;
  private final double cap;

  Category(String label, double cap) {
    this.label = label;
    this.cap = cap;
  }

  public String label() {
    return label;
  }

  /** The most this category may add to the logit (negative for {@link #NEGATIVE_CONTEXT}). */
  double cap() {
    return cap;
  }

  public boolean negative() {
    return cap < 0;
  }

  /**
   * The category a rule may name ({@link #DISCOUNTED} is not one, nor {@link #KNOWN_SITE}: only a
   * known-site list gives it).
   */
  public static Optional<Category> byLabel(String label) {
    return Arrays.stream(values())
        .filter(c -> c != DISCOUNTED && c != KNOWN_SITE && c.label.equals(label))
        .findFirst();
  }
}
