package org.sitewatch.infra.stage;

import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.url.UrlClassifier;
import org.sitewatch.crawler.LinkScorer;

/** Link ranking for crawler workers, from the classifier's URL rules. */
public final class LinkScorers {
  private LinkScorers() {}

  /**
   * The classifier's URL score (built-in URL lexicon, no fetching) as the crawl priority of links:
   * suspicious-looking links of a site are fetched before the others.
   */
  public static LinkScorer urlRules(ClassifierSettings settings) {
    UrlClassifier urls = UrlClassifier.load(settings);
    return urls::score;
  }
}
