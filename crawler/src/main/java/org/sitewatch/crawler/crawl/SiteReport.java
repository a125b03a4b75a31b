package org.sitewatch.crawler.crawl;

import java.util.Map;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.SeedResult;

/**
 * How one site crawl ended.
 *
 * @param result {@code OK} (at least one page fetched), {@code REFUSED} (the seed was refused
 *     before any connection: address policy, only-resolved-hosts, robots.txt) or {@code
 *     UNREACHABLE} (nothing could be fetched)
 * @param reason a human-readable summary
 * @param pages pages published
 * @param failures URL-level failure outcomes published
 * @param interrupted whether the crawl was cut short by the worker closing
 * @param details extra facts for the {@code SITE_CRAWLED} outcome (budget that stopped the crawl,
 *     bytes, refusals per rule)
 * @param seed what became of the seed, for recrawl checks: its page, or its failure; the first page
 *     or failure of the crawl is the seed's; {@code null} when a resumed crawl did not fetch it
 *     again
 */
public record SiteReport(
    CrawlResult result,
    String reason,
    int pages,
    int failures,
    boolean interrupted,
    Map<String, String> details,
    SeedResult seed) {
  public SiteReport {
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  public SiteReport(
      CrawlResult result, String reason, int pages, int failures, boolean interrupted) {
    this(result, reason, pages, failures, interrupted, Map.of(), null);
  }

  /** The seed facts as version-1 {@code details} entries (empty when there is no seed result). */
  public Map<String, String> seedDetails() {
    return seed == null ? Map.of() : seed.toDetails();
  }
}
