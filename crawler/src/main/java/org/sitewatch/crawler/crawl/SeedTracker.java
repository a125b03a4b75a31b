package org.sitewatch.crawler.crawl;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What became of the seed URL of one crawl (its page or failure), for recrawl checks; the first
 * page or failure of the seed wins. Absent when a resumed crawl did not fetch the seed again.
 */
final class SeedTracker {
  private final String requestedUrl;
  private final AtomicReference<Map<String, String>> seed = new AtomicReference<>();
  private final Set<String> seedUrls = ConcurrentHashMap.newKeySet(); // as given and normalised

  SeedTracker(String requestedUrl) {
    this.requestedUrl = requestedUrl;
  }

  /** {@code url} also names the seed (e.g. its normalised form). */
  void alias(String url) {
    if (url != null) {
      seedUrls.add(url);
    }
  }

  boolean isSeed(String url) {
    return url != null && (url.equals(requestedUrl) || seedUrls.contains(url));
  }

  void page(int status, String bodySha256, String finalUrl) {
    seed.compareAndSet(
        null,
        Map.of(
            "seedStatus", Integer.toString(status), "seedSha256", bodySha256, "seedUrl", finalUrl));
  }

  /** A failure of the seed itself; {@code status} is the HTTP status or {@code null}. */
  void failure(String reason, String status) {
    seed.compareAndSet(
        null,
        status != null
            ? Map.of("seedError", reason, "seedStatus", status)
            : Map.of("seedError", reason));
  }

  /** {@code seedStatus}, {@code seedSha256}, {@code seedUrl} or {@code seedError}; may be null. */
  Map<String, String> facts() {
    return seed.get();
  }
}
