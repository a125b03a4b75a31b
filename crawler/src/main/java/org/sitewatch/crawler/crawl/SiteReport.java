package org.sitewatch.crawler.crawl;

import java.util.Map;

/**
 * How one site crawl ended.
 *
 * @param result {@code ok} (at least one page fetched), {@code refused} (the seed was refused
 *     before any connection: address policy, only-resolved-hosts, robots.txt) or {@code
 *     unreachable} (nothing could be fetched)
 * @param reason a human-readable summary
 * @param pages pages published
 * @param failures URL-level failure outcomes published
 * @param interrupted whether the crawl was cut short by the worker closing
 * @param details extra facts for the {@code SITE_CRAWLED} outcome (budget that stopped the crawl,
 *     bytes, refusals per rule)
 * @param seed what became of the seed, for recrawl checks: {@code seedStatus}, {@code seedSha256}
 *     and {@code seedUrl} of its page, or {@code seedError} (and {@code seedStatus} when there was
 *     one) when it failed; the first page or failure of the crawl is the seed's
 */
public record SiteReport(
    String result,
    String reason,
    int pages,
    int failures,
    boolean interrupted,
    Map<String, String> details,
    Map<String, String> seed) {
  public SiteReport {
    details = details == null ? Map.of() : Map.copyOf(details);
    seed = seed == null ? Map.of() : Map.copyOf(seed);
  }

  public SiteReport(String result, String reason, int pages, int failures, boolean interrupted) {
    this(result, reason, pages, failures, interrupted, Map.of(), Map.of());
  }

  public static final String OK = "ok";
  static final String REFUSED = "refused";
  public static final String UNREACHABLE = "unreachable";
}
