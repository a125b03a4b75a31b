package org.sitewatch.crawler;

import java.time.Duration;
import java.util.Objects;

/**
 * What a worker accepts from a crawl request and how it treats investigations. Anyone who can write
 * to the request topic can ask for anything, so the worker bounds it: per-seed overrides are
 * clamped to ceilings (and the politeness delay to a floor), and one site crawl publishes at most
 * {@code maxDiscoveriesPerSite} cross-site crawl requests. Every default lives in {@link
 * #defaults()}.
 *
 * @param maxDiscoveriesPerSite other sites one site crawl may publish as crawl requests (links and
 *     redirects; default 50); the rest are counted as dropped in its {@code SITE_CRAWLED} outcome
 * @param maxOverridePages highest {@code maxPages} override accepted (default 1000)
 * @param maxOverrideDepth highest {@code maxDepth} override accepted (default 10)
 * @param maxOverrideBytes highest {@code maxBytes} override accepted (default 512 MiB)
 * @param maxOverrideDurationMs highest {@code maxDurationMs} override accepted (default 4 h)
 * @param minOverridePolitenessMs lowest {@code politenessDelayMs} override accepted (default 250
 *     ms); the worker's own {@code politenessDelayMs} setting is not affected
 * @param confirmUserAgent the browser-like User-Agent of the second fetch that confirms a seed
 *     which looks gone in a recrawl check; blank: no confirmation (docs/politeness.md)
 */
public record RequestPolicy(
    int maxDiscoveriesPerSite,
    int maxOverridePages,
    int maxOverrideDepth,
    long maxOverrideBytes,
    long maxOverrideDurationMs,
    long minOverridePolitenessMs,
    String confirmUserAgent) {
  public static final String DEFAULT_CONFIRM_USER_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0 Safari/537.36";

  public RequestPolicy {
    CrawlerSettings.within(maxDiscoveriesPerSite, 0, 100_000, "maxDiscoveriesPerSite");
    CrawlerSettings.within(maxOverridePages, 1, 10_000_000, "maxOverridePages");
    CrawlerSettings.within(maxOverrideDepth, 0, Short.MAX_VALUE, "maxOverrideDepth");
    CrawlerSettings.within(maxOverrideBytes, 1, Long.MAX_VALUE, "maxOverrideBytes");
    CrawlerSettings.within(maxOverrideDurationMs, 1, Long.MAX_VALUE, "maxOverrideDurationMs");
    CrawlerSettings.within(
        minOverridePolitenessMs, 0, Duration.ofHours(1).toMillis(), "minOverridePolitenessMs");
    Objects.requireNonNull(confirmUserAgent, "confirmUserAgent");
    if (confirmUserAgent.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      throw new IllegalArgumentException("confirmUserAgent must be printable text");
    }
    confirmUserAgent = confirmUserAgent.strip();
  }

  /** 50 discoveries per site; overrides up to 1000 pages, depth 10, 512 MiB, 4 h, 250 ms floor. */
  public static RequestPolicy defaults() {
    return new RequestPolicy(
        50,
        1000,
        10,
        512L * 1024 * 1024,
        Duration.ofHours(4).toMillis(),
        250,
        DEFAULT_CONFIRM_USER_AGENT);
  }

  /** Whether a recrawl check that sees its seed gone confirms it with a second fetch. */
  public boolean confirmsGone() {
    return !confirmUserAgent.isEmpty();
  }
}
