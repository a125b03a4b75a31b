package org.sitewatch.crawler.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.RequestPolicy;
import org.sitewatch.crawler.SiteLimits;
import org.sitewatch.crawler.output.Bounded;
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
 * @param clamped the overrides the worker did not accept as asked, e.g. {@code "maxPages 100000 ->
 *     1000 (crawler.override.max-pages)"}; empty when every override was within the worker's {@link
 *     RequestPolicy}
 */
public record SiteBudget(
    int maxPages,
    int maxDepth,
    long maxBytes,
    long maxDurationMs,
    long politenessDelayMs,
    boolean ignoreRobots,
    String robotsOverrideNote,
    List<String> clamped) {
  /** The FetchedPage note key of pages fetched although robots.txt disallows them. */
  static final String ROBOTS_OVERRIDE_NOTE = "robots-override";

  /** Longest reason and operator name taken from a request (each page of the site carries both). */
  static final int MAX_NOTE_PART = 200;

  public SiteBudget {
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
    clamped = clamped == null ? List.of() : List.copyOf(clamped);
  }

  /**
   * The worker's budget with {@code overrides} (may be null) applied. Overrides come from whoever
   * can write to the request topic, so each is held within the worker's {@link RequestPolicy}
   * (ceilings for pages, depth, bytes and duration, a floor for the politeness delay); one outside
   * is clamped and listed in {@link #clamped()}.
   */
  public static SiteBudget of(CrawlerSettings settings, CrawlOverrides overrides) {
    SiteLimits limits = settings.limits();
    if (overrides == null) {
      return new SiteBudget(
          settings.maxPagesPerSite(),
          settings.maxDepth(),
          limits.maxSiteBytes(),
          limits.maxSiteDurationMs(),
          settings.politenessDelayMs(),
          false,
          null,
          List.of());
    }
    RequestPolicy p = settings.requests();
    List<String> clamped = new ArrayList<>();
    String note = null;
    if (overrides.ignoreRobots()) {
      String operator =
          overrides.operator() == null || overrides.operator().isBlank()
              ? "unknown"
              : Bounded.text(overrides.operator().strip(), MAX_NOTE_PART);
      note =
          Bounded.text(overrides.reason().strip(), MAX_NOTE_PART) + " (operator " + operator + ")";
    }
    long maxDuration =
        overrides.maxDurationMs() == null
            ? limits.maxSiteDurationMs()
            : clamp(
                "maxDurationMs",
                overrides.maxDurationMs(),
                1,
                p.maxOverrideDurationMs(),
                "crawler.override.max-duration",
                clamped);
    return new SiteBudget(
        overrides.maxPages() == null
            ? settings.maxPagesPerSite()
            : (int)
                clamp(
                    "maxPages",
                    overrides.maxPages(),
                    1,
                    p.maxOverridePages(),
                    "crawler.override.max-pages",
                    clamped),
        overrides.maxDepth() == null
            ? settings.maxDepth()
            : (int)
                clamp(
                    "maxDepth",
                    overrides.maxDepth(),
                    0,
                    p.maxOverrideDepth(),
                    "crawler.override.max-depth",
                    clamped),
        overrides.maxBytes() == null
            ? limits.maxSiteBytes()
            : clamp(
                "maxBytes",
                overrides.maxBytes(),
                1,
                p.maxOverrideBytes(),
                "crawler.override.max-bytes",
                clamped),
        maxDuration,
        overrides.politenessDelayMs() == null
            ? settings.politenessDelayMs()
            : clamp(
                "politenessDelayMs",
                overrides.politenessDelayMs(),
                p.minOverridePolitenessMs(),
                Duration.ofHours(1).toMillis(),
                "crawler.override.min-politeness-delay",
                clamped),
        overrides.ignoreRobots(),
        note,
        clamped);
  }

  private static long clamp(
      String name, long asked, long min, long max, String key, List<String> clamped) {
    long used = Math.max(min, Math.min(max, asked));
    if (used != asked) {
      clamped.add(name + " " + asked + " -> " + used + " (" + key + ")");
    }
    return used;
  }
}
