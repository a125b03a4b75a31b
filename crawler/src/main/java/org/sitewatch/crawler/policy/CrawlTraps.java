package org.sitewatch.crawler.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.crawler.SiteLimits;

/**
 * Crawl-trap rules: URLs that look like an endless space (session-id loops, relative-link
 * recursion, calendars, facet explosions) are not fetched. {@link #check} is pure; {@link #admit}
 * also counts distinct query strings per path, so one instance serves one site crawl and is used by
 * its single fetch thread only.
 */
public final class CrawlTraps {
  /** Why a URL was cut; the names appear in outcomes as {@code rule=trap:<name>}. */
  enum Rule {
    URL_LENGTH("url-length"),
    PATH_SEGMENTS("path-segments"),
    REPEATED_SEGMENT("repeated-segment"),
    QUERY_PARAMS("query-params"),
    QUERY_VARIANTS("query-variants"),
    UNPARSABLE("unparsable");

    final String label;

    Rule(String label) {
      this.label = label;
    }
  }

  private final SiteLimits limits;
  private final Map<String, Set<String>> queriesByPath = new HashMap<>();

  public CrawlTraps(SiteLimits limits) {
    this.limits = limits;
  }

  /** The first stateless rule {@code url} breaks, if any. */
  public Optional<Rule> check(String url) {
    if (url.length() > limits.maxUrlLength()) {
      return Optional.of(Rule.URL_LENGTH);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of(Rule.UNPARSABLE);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    Map<String, Integer> seen = new HashMap<>();
    int segments = 0;
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      segments++;
      if (seen.merge(segment, 1, Integer::sum) > limits.maxSegmentRepeats()) {
        return Optional.of(Rule.REPEATED_SEGMENT);
      }
    }
    if (segments > limits.maxPathSegments()) {
      return Optional.of(Rule.PATH_SEGMENTS);
    }
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      long params = query.split("[&;]").length;
      if (params > limits.maxQueryParams()) {
        return Optional.of(Rule.QUERY_PARAMS);
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #check}, and also refuses a new query string on a path that already had {@code
   * maxQueryVariants} distinct ones in this crawl. Admitted query strings are remembered.
   */
  Optional<Rule> admit(String url) {
    Optional<Rule> broken = check(url);
    if (broken.isPresent()) {
      return broken;
    }
    URI uri = URI.create(url);
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return Optional.empty();
    }
    String key = uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    Set<String> queries = queriesByPath.computeIfAbsent(key, k -> new HashSet<>());
    if (queries.contains(query)) {
      return Optional.empty();
    }
    if (queries.size() >= limits.maxQueryVariants()) {
      return Optional.of(Rule.QUERY_VARIANTS);
    }
    queries.add(query);
    return Optional.empty();
  }
}
