package org.sitewatch.infra.local;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.sitewatch.events.Outcome;

/**
 * What the local mode counts of the outcome topic: outcomes per kind, and the sites whose crawl
 * ended (crawled, or skipped as crawled recently). A crawl is counted once: a second {@code
 * SITE_CRAWLED} with the {@code crawlId} of one already counted (the crawler may publish a
 * request's outcome again after its partition moved, docs/crawl-state.md) is counted as a repeat
 * only. Thread-safe.
 */
final class OutcomeTally {
  private final Map<Outcome.Kind, Integer> counts = new EnumMap<>(Outcome.Kind.class);
  private final Set<String> crawledSites = new HashSet<>();
  private final Set<String> crawlIds = new HashSet<>();
  private int repeatedCrawls;

  /** Counts {@code outcome}; false when it repeats a crawl already counted. */
  synchronized boolean add(Outcome outcome) {
    boolean crawler = outcome.stage() == Outcome.Stage.CRAWLER;
    if (crawler && outcome.kind() == Outcome.Kind.SITE_CRAWLED) {
      String id = outcome.details().get(Outcome.CRAWL_ID);
      if (id != null && !crawlIds.add(id)) {
        repeatedCrawls++;
        return false;
      }
    }
    if (crawler
        && (outcome.kind() == Outcome.Kind.SITE_CRAWLED
            || outcome.kind() == Outcome.Kind.SKIPPED)) {
      crawledSites.add(outcome.site());
    }
    counts.merge(outcome.kind(), 1, Integer::sum);
    return true;
  }

  synchronized Map<Outcome.Kind, Integer> counts() {
    return new EnumMap<>(counts);
  }

  synchronized Set<String> crawledSites() {
    return Set.copyOf(crawledSites);
  }

  /** SITE_CRAWLED outcomes not counted because their crawl was counted already. */
  synchronized int repeatedCrawls() {
    return repeatedCrawls;
  }
}
