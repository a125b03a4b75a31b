package org.sitewatch.crawler.policy;

import java.util.Optional;
import org.sitewatch.crawler.SiteLimits;

/**
 * The crawl-trap limits applied to a request's own URL before anything is fetched: a seed, tip,
 * recrawl or discovered link that breaks them is refused with a reason an analyst can read, as a
 * link inside a site would be cut.
 */
public final class SeedLimits {
  private SeedLimits() {}

  /** Why {@code url} may not start a crawl, or empty when it is within the limits. */
  public static Optional<String> refusal(String url, SiteLimits limits) {
    return new CrawlTraps(limits)
        .check(url)
        .map(
            rule ->
                switch (rule) {
                  case URL_LENGTH ->
                      "refused: the URL is "
                          + url.length()
                          + " characters long, more than crawler.trap.max-url-length ("
                          + limits.maxUrlLength()
                          + ")";
                  case PATH_SEGMENTS ->
                      "refused: the URL has more than crawler.trap.max-path-segments ("
                          + limits.maxPathSegments()
                          + ") path segments";
                  case REPEATED_SEGMENT ->
                      "refused: a path segment of the URL repeats more than"
                          + " crawler.trap.max-segment-repeats ("
                          + limits.maxSegmentRepeats()
                          + ") times";
                  case QUERY_PARAMS ->
                      "refused: the URL has more than crawler.trap.max-query-params ("
                          + limits.maxQueryParams()
                          + ") query parameters";
                  default ->
                      "refused: the URL cannot be parsed (crawl-trap rule " + rule.label + ")";
                });
  }
}
