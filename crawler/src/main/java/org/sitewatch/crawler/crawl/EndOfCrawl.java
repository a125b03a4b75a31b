package org.sitewatch.crawler.crawl;

import org.sitewatch.crawler.policy.SitePolicy;
import org.sitewatch.events.CrawlResult;

/** How a crawl that ran ended: {@code OK} with counts, or why no page could be fetched. */
final class EndOfCrawl {
  private EndOfCrawl() {}

  record Verdict(CrawlResult result, String reason) {}

  /**
   * @param p the crawl's policy, or {@code null} when it ended before one was made
   */
  static Verdict verdict(FetchEvents events, SitePolicy p, int maxSiteHops) {
    int fetched = events.pages();
    if (fetched > 0) {
      return new Verdict(
          CrawlResult.OK,
          "crawled "
              + fetched
              + " page(s), "
              + events.failures()
              + " failure(s)"
              + (p == null
                  ? ""
                  : p.stoppedBy().map(b -> "; stopped by the " + b + " budget").orElse("")));
    }
    if (!events.redirects().redirectedAway().isEmpty()) {
      return new Verdict(
          CrawlResult.UNREACHABLE,
          "no page fetched: the site redirects to "
              + events.redirects().redirectedAway()
              + " (requested as another site)");
    }
    if (!events.redirects().redirectedBeyondHops().isEmpty()) {
      return new Verdict(
          CrawlResult.UNREACHABLE,
          "no page fetched: the site redirects to "
              + events.redirects().redirectedBeyondHops()
              + ", another site beyond crawler.max-site-hops ("
              + maxSiteHops
              + ")");
    }
    return new Verdict(
        CrawlResult.UNREACHABLE, "no page could be fetched (" + events.failures() + " failure(s))");
  }
}
