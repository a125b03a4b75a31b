package org.sitewatch.crawler;

import java.time.Duration;
import org.sitewatch.events.CrawlOverrides;

/**
 * The budget and robots policy of one site crawl: the worker's settings, with the request's
 * per-seed overrides applied.
 *
 * @param maxPages most URLs fetched (the seed and redirect targets count)
 * @param maxDepth deepest link depth from the seed
 * @param maxBytes most body bytes downloaded
 * @param maxDurationMs longest crawl time
 * @param politenessDelayMs least delay between two requests to one host
 * @param ignoreRobots whether pages robots.txt disallows are fetched anyway
 * @param robotsOverrideNote the note each such page carries ({@code "<reason> (operator <name>)"}),
 *     or {@code null}
 */
record SiteBudget(
    int maxPages,
    int maxDepth,
    long maxBytes,
    long maxDurationMs,
    long politenessDelayMs,
    boolean ignoreRobots,
    String robotsOverrideNote) {
  /** The FetchedPage note key of pages fetched although robots.txt disallows them. */
  static final String ROBOTS_OVERRIDE_NOTE = "robots-override";

  SiteBudget {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be at least 1, got " + maxPages);
    }
    if (maxDepth < 0 || maxDepth > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxDepth must be between 0 and " + Short.MAX_VALUE + ", got " + maxDepth);
    }
    if (maxBytes < 1 || maxDurationMs < 1) {
      throw new IllegalArgumentException("maxBytes and maxDurationMs must be positive");
    }
    if (politenessDelayMs < 0 || politenessDelayMs > Duration.ofHours(1).toMillis()) {
      throw new IllegalArgumentException(
          "politenessDelayMs must be between 0 and 3600000, got " + politenessDelayMs);
    }
    if (ignoreRobots && (robotsOverrideNote == null || robotsOverrideNote.isBlank())) {
      throw new IllegalArgumentException("ignoring robots.txt needs a recorded reason");
    }
  }

  /**
   * The worker's budget with {@code overrides} (may be null) applied.
   *
   * @throws IllegalArgumentException if an override is outside what a worker accepts
   */
  static SiteBudget of(CrawlerSettings settings, CrawlOverrides overrides) {
    SiteLimits limits = settings.limits();
    if (overrides == null) {
      return new SiteBudget(
          settings.maxPagesPerSite(),
          settings.maxDepth(),
          limits.maxSiteBytes(),
          limits.maxSiteDurationMs(),
          settings.politenessDelayMs(),
          false,
          null);
    }
    String note = null;
    if (overrides.ignoreRobots()) {
      String operator =
          overrides.operator() == null || overrides.operator().isBlank()
              ? "unknown"
              : overrides.operator().strip();
      note = overrides.reason().strip() + " (operator " + operator + ")";
    }
    return new SiteBudget(
        pick(overrides.maxPages(), settings.maxPagesPerSite()),
        pick(overrides.maxDepth(), settings.maxDepth()),
        pick(overrides.maxBytes(), limits.maxSiteBytes()),
        pick(overrides.maxDurationMs(), limits.maxSiteDurationMs()),
        pick(overrides.politenessDelayMs(), settings.politenessDelayMs()),
        overrides.ignoreRobots(),
        note);
  }

  private static <T> T pick(T override, T setting) {
    return override != null ? override : setting;
  }
}
