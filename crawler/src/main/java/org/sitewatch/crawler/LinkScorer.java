package org.sitewatch.crawler;

/**
 * Ranks the links of a site before they are fetched: within a site crawl, links with a higher score
 * are fetched first (crawler4j's frontier orders queued URLs by priority when it hands out its next
 * batch). Meant for a cheap URL-only model, e.g. the classifier's URL rules, so that
 * suspicious-looking pages are reached before a page budget runs out. Called on the crawl's fetch
 * thread for every admitted link; implementations must be thread-safe and fast.
 */
@FunctionalInterface
public interface LinkScorer {
  /** Scores nothing: links are fetched in discovery order. */
  LinkScorer NONE = url -> 0;

  /**
   * @param url an absolute http(s) URL
   * @return a score in [0, 1]; higher is fetched earlier. Values outside are clamped, NaN and
   *     exceptions count as 0
   */
  double score(String url);
}
