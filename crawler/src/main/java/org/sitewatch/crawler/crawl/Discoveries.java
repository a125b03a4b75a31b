package org.sitewatch.crawler.crawl;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.common.net.Sites;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.policy.CrawlTraps;
import org.sitewatch.events.CrawlRequest;

/**
 * Which links and redirects to other sites one site crawl publishes as crawl requests: one per
 * linked site, only URLs within the crawl-trap limits, and at most {@link
 * RequestPolicy#maxDiscoveriesPerSite()} sites, so that one hostile page cannot queue thousands of
 * third-party crawls. What was left out is counted for the {@code SITE_CRAWLED} outcome.
 */
final class Discoveries {
  private final String scope;
  private final CrawlTraps traps;
  private final int max;
  private final Set<String> published = new HashSet<>();
  private final Set<String> droppedSites = new HashSet<>();
  private int trapped;

  Discoveries(String scope, CrawlerSettings settings) {
    this.scope = scope;
    this.traps = new CrawlTraps(settings.limits());
    this.max = settings.requests().maxDiscoveriesPerSite();
  }

  /** The request to publish for {@code link}, or empty when it is in scope, known, or refused. */
  synchronized Optional<CrawlRequest> admit(String link, String referrer, int hops, Instant now) {
    String target;
    try {
      target = Sites.siteOf(link);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (target.equals(scope) || published.contains(target) || droppedSites.contains(target)) {
      return Optional.empty(); // one request per linked site: the receiving worker crawls it all
    }
    if (traps.check(link).isPresent()) {
      trapped++;
      return Optional.empty();
    }
    if (published.size() >= max) {
      if (droppedSites.size() < 100_000) {
        droppedSites.add(target);
      }
      return Optional.empty();
    }
    published.add(target);
    // discovered links have the lowest priority; seeds, tips and recrawls go first (QueuedCrawl)
    return Optional.of(
        new CrawlRequest(
            CrawlRequest.VERSION,
            link,
            target,
            CrawlRequest.Source.LINK,
            hops,
            referrer,
            now,
            0,
            null,
            CrawlRequest.newTraceId())); // a link is a new request: a new trace
  }

  /** {@code discoveries} published, {@code discoveriesDropped} over the cap, and trap refusals. */
  synchronized Map<String, String> details() {
    Map<String, String> d = new LinkedHashMap<>();
    if (!published.isEmpty() || !droppedSites.isEmpty()) {
      d.put("discoveries", Integer.toString(published.size()));
    }
    if (!droppedSites.isEmpty()) {
      d.put("discoveriesDropped", Integer.toString(droppedSites.size()));
      d.put("discoveriesLimit", Integer.toString(max));
    }
    if (trapped > 0) {
      d.put("discoveriesOverTrapLimits", Integer.toString(trapped));
    }
    return d;
  }
}
