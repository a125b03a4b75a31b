package org.sitewatch.crawler;

import java.time.Duration;
import org.sitewatch.events.CrawlRequest;

/**
 * Per-site crawl limits of a worker beyond pages and depth: the robots.txt Crawl-delay cap, the
 * byte and time budgets of one site crawl, and the crawl-trap limits. Every default lives in {@link
 * #defaults()}.
 *
 * @param maxCrawlDelayMs the largest robots.txt {@code Crawl-delay} obeyed; a longer one is cut to
 *     this (default 10 s). The delay used for a host is the larger of the politeness delay and its
 *     capped Crawl-delay
 * @param maxSiteBytes most body bytes downloaded per site crawl (default 50 MiB); the crawl stops
 *     after the page that reaches it
 * @param maxSiteDurationMs longest time one site crawl may take (default 30 min); checked before
 *     every fetch, so it is overshot by at most one fetch
 * @param maxUrlLength longer URLs are not fetched (crawl-trap limit, default 2048)
 * @param maxPathSegments URLs with more path segments are not fetched (default 16)
 * @param maxSegmentRepeats URLs where one path segment occurs more often are not fetched (default
 *     2, so {@code /a/b/a/b/a/} is cut)
 * @param maxQueryParams URLs with more query parameters are not fetched (default 12)
 * @param maxQueryVariants distinct query strings fetched per path and site crawl (default 50;
 *     calendars and facet explosions)
 */
public record SiteLimits(
    long maxCrawlDelayMs,
    long maxSiteBytes,
    long maxSiteDurationMs,
    int maxUrlLength,
    int maxPathSegments,
    int maxSegmentRepeats,
    int maxQueryParams,
    int maxQueryVariants) {

  public SiteLimits {
    CrawlerSettings.within(maxCrawlDelayMs, 0, Duration.ofHours(1).toMillis(), "maxCrawlDelayMs");
    CrawlerSettings.within(maxSiteBytes, 1, Long.MAX_VALUE, "maxSiteBytes");
    CrawlerSettings.within(maxSiteDurationMs, 1, Long.MAX_VALUE, "maxSiteDurationMs");
    CrawlerSettings.within(maxUrlLength, 32, CrawlRequest.MAX_URL_LENGTH, "maxUrlLength");
    CrawlerSettings.within(maxPathSegments, 1, 10_000, "maxPathSegments");
    CrawlerSettings.within(maxSegmentRepeats, 1, 10_000, "maxSegmentRepeats");
    CrawlerSettings.within(maxQueryParams, 0, 10_000, "maxQueryParams");
    CrawlerSettings.within(maxQueryVariants, 1, 1_000_000, "maxQueryVariants");
  }

  /** 10 s Crawl-delay cap, 50 MiB and 30 min per site, traps 2048 / 16 / 2 / 12 / 50. */
  public static SiteLimits defaults() {
    return new SiteLimits(
        10_000, 50L * 1024 * 1024, Duration.ofMinutes(30).toMillis(), 2048, 16, 2, 12, 50);
  }
}
