package org.sitewatch.events;

/**
 * Per-seed overrides of a worker's crawl budget and policy, set by whoever seeded the site. A
 * {@code null} field keeps the worker's setting.
 *
 * @param maxPages most pages to fetch from the site
 * @param maxDepth deepest link depth from the seed
 * @param maxBytes most body bytes to download from the site in total
 * @param maxDurationMs longest time the site's crawl may take
 * @param politenessDelayMs delay between two requests to one host
 * @param ignoreRobots whether robots.txt is ignored for this site (an investigation's decision;
 *     recorded on every page it affects and only allowed with a {@code reason})
 * @param reason why the overrides were set (required when {@code ignoreRobots})
 * @param operator who set them, or {@code null}
 */
public record CrawlOverrides(
    Integer maxPages,
    Integer maxDepth,
    Long maxBytes,
    Long maxDurationMs,
    Long politenessDelayMs,
    boolean ignoreRobots,
    String reason,
    String operator) {
  public CrawlOverrides {
    positive(maxPages == null ? null : maxPages.longValue(), "maxPages");
    if (maxDepth != null && maxDepth < 0) {
      throw new IllegalArgumentException("maxDepth must be >= 0");
    }
    positive(maxBytes, "maxBytes");
    positive(maxDurationMs, "maxDurationMs");
    if (politenessDelayMs != null && politenessDelayMs < 0) {
      throw new IllegalArgumentException("politenessDelayMs must be >= 0");
    }
    if (ignoreRobots && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("ignoring robots.txt needs a recorded reason");
    }
  }

  private static void positive(Long value, String name) {
    if (value != null && value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0");
    }
  }
}
