package org.sitewatch.classifier;

import java.util.List;
import java.util.Objects;

/**
 * One lexicon line: a keyword (or a co-occurrence of keywords) that signals a category.
 *
 * @param id stable rule id, reported as the signal id
 * @param category what a match indicates
 * @param weight logit contribution of one match
 * @param phrases the phrases that must all occur on a page (one, or several for {@code a + b})
 * @param origin where the rule was read, {@code file:line}, for error messages
 */
record LexiconRule(
    String id, Category category, double weight, List<String> phrases, String origin) {
  LexiconRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    phrases = List.copyOf(phrases);
    if (phrases.isEmpty()) {
      throw new IllegalArgumentException("a rule needs a phrase");
    }
    Objects.requireNonNull(origin, "origin");
  }
}
