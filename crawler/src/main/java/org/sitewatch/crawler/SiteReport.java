package org.sitewatch.crawler;

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
 */
record SiteReport(
    String result,
    String reason,
    int pages,
    int failures,
    boolean interrupted,
    java.util.Map<String, String> details) {
  SiteReport {
    details = java.util.Map.copyOf(details);
  }

  SiteReport(String result, String reason, int pages, int failures, boolean interrupted) {
    this(result, reason, pages, failures, interrupted, java.util.Map.of());
  }

  static final String OK = "ok";
  static final String REFUSED = "refused";
  static final String UNREACHABLE = "unreachable";
}
