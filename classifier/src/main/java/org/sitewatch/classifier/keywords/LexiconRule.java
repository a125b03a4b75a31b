package org.sitewatch.classifier.keywords;

import java.util.List;
import java.util.Objects;
import org.sitewatch.classifier.page.Category;

/**
 * One lexicon line: a keyword (or a co-occurrence of keywords) that signals a category.
 *
 * @param id stable rule id, reported as the signal id
 * @param category what a match indicates
 * @param weight logit contribution of one match
 * @param phrases the phrases that must all occur (one, or several for {@code a + b} and {@code a ~N
 *     b})
 * @param within 0 when the phrases may occur anywhere on the page ({@code a + b}); otherwise the
 *     most token positions between a match of the first phrase and one of each other phrase ({@code
 *     a ~N b})
 * @param origin where the rule was read, {@code file:line}, for error messages
 */
public record LexiconRule(
    String id, Category category, double weight, List<String> phrases, int within, String origin) {
  /** Longest distance a proximity rule may ask for; beyond it, {@code a + b} says the same. */
  static final int MAX_WITHIN = 100;

  public LexiconRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    phrases = List.copyOf(phrases);
    if (phrases.isEmpty()) {
      throw new IllegalArgumentException("a rule needs a phrase");
    }
    if (within < 0 || within > MAX_WITHIN) {
      throw new IllegalArgumentException("within must be in [0, " + MAX_WITHIN + "]: " + within);
    }
    if (within > 0 && phrases.size() < 2) {
      throw new IllegalArgumentException("a proximity rule needs two phrases or more");
    }
    Objects.requireNonNull(origin, "origin");
  }

  /** A rule whose phrases may occur anywhere on the page. */
  LexiconRule(String id, Category category, double weight, List<String> phrases, String origin) {
    this(id, category, weight, phrases, 0, origin);
  }
}
