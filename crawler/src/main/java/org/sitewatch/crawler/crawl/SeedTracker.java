package org.sitewatch.crawler.crawl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.sitewatch.events.SeedResult;

/**
 * What became of the seed URL of one crawl (its page or failure), for recrawl checks; the first
 * page or failure of the seed wins. Absent when a resumed crawl did not fetch the seed again.
 */
final class SeedTracker {
  private final String requestedUrl;
  private final AtomicReference<SeedResult> seed = new AtomicReference<>();
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
    seed.compareAndSet(null, SeedResult.fetched(status, bodySha256, finalUrl));
  }

  /** A failure of the seed itself; {@code status} is the HTTP status as text, or {@code null}. */
  void failure(String reason, String status) {
    seed.compareAndSet(null, SeedResult.failed(reason, httpStatus(status)));
  }

  /** The seed's page or failure, or {@code null}. */
  SeedResult result() {
    return seed.get();
  }

  private static Integer httpStatus(String status) {
    if (status == null) {
      return null;
    }
    try {
      int s = Integer.parseInt(status);
      return s >= 100 && s <= 999 ? s : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
