package org.sitewatch.crawler.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.events.CrawlRequest;

/**
 * When each site of this worker's partitions was last crawled, for the {@code
 * crawler.recrawl-after} skip rule: by this worker, or by any earlier owner of the partition (the
 * {@code done} records of the crawl-state topic, read when the partition is assigned;
 * docs/crawl-state.md). Crawls of discovered links are kept apart: a polite discovery crawl never
 * stands in for a seed, tip or recrawl check of the same site (docs/politeness.md). Consumer thread
 * only.
 */
final class RecentCrawls {
  private static final int PRUNE_ABOVE = 10_000;

  private final Map<String, Instant> lastCrawled = new HashMap<>();
  private final Map<String, Instant> lastDiscovered = new HashMap<>();

  /** A crawl for {@code request} ended at {@code at}. */
  void crawled(CrawlRequest request, Instant at) {
    (request.source() == CrawlRequest.Source.LINK ? lastDiscovered : lastCrawled)
        .put(request.site(), at);
  }

  /** Sources whose requests are crawled however recently the site was. */
  private static final java.util.Set<CrawlRequest.Source> WAITED_FOR =
      java.util.EnumSet.of(
          CrawlRequest.Source.RECRAWL, CrawlRequest.Source.TIP, CrawlRequest.Source.ANALYST);

  /**
   * A crawl of {@code site} ended at {@code at} according to the crawl state (its {@code done}
   * record), written by this worker or an earlier owner; {@code discovery}: it was a crawl of a
   * discovered link. An older record never hides a newer crawl.
   */
  void crawledElsewhere(String site, Instant at, boolean discovery) {
    (discovery ? lastDiscovered : lastCrawled).merge(site, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * Why {@code request} is skipped as a recent repeat, or {@code null}. Requests someone waits for
   * are never skipped: a {@code RECRAWL} (a lead's check), a {@code TIP} (a citizen's report, whose
   * status follows this crawl, and whose reported page may not be one the last crawl reached) and
   * an {@code ANALYST} request; a discovered link also counts earlier discovery crawls.
   */
  String skipReason(CrawlRequest request, Instant now, Duration recrawlAfter) {
    String site = request.site();
    Instant last = lastCrawled.get(site);
    Instant discovered = lastDiscovered.get(site);
    if (request.source() == CrawlRequest.Source.LINK
        && discovered != null
        && (last == null || discovered.isAfter(last))) {
      last = discovered;
    }
    if (!WAITED_FOR.contains(request.source())
        && last != null
        && now.isBefore(last.plus(recrawlAfter))) {
      // the wording is read by the sink (TipCrawls) and the meters: kept although the crawl may
      // have been an earlier owner's of this partition
      return "site was crawled by this worker at "
          + last
          + ", less than crawler.recrawl-after ("
          + recrawlAfter
          + ") ago";
    }
    return null;
  }

  /** Drops entries older than {@code horizon} once a map grows large. */
  void prune(Instant horizon) {
    for (Map<String, Instant> crawled : List.of(lastCrawled, lastDiscovered)) {
      if (crawled.size() > PRUNE_ABOVE) {
        crawled.values().removeIf(t -> t.isBefore(horizon));
      }
    }
  }
}
