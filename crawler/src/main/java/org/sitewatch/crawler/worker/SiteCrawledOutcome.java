package org.sitewatch.crawler.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.sitewatch.crawler.crawl.SiteReport;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.Outcome;

/**
 * The site-level outcome that ends every acted-on request: {@code SITE_CRAWLED} with the crawl's
 * result, counts, seed facts for recrawl checks and its {@link Outcome#CRAWL_ID}. The result and
 * the seed travel typed ({@link Outcome#result()}, {@link Outcome#seed()}) and, for readers of
 * version 1, as {@code details} entries too.
 */
final class SiteCrawledOutcome {
  private SiteCrawledOutcome() {}

  /**
   * The id every SITE_CRAWLED of one request record carries ({@link Outcome#CRAWL_ID}): where the
   * record sits and when it was requested, so offsets that start again at 0 (a recreated topic, a
   * fresh local broker over a kept database) never repeat an earlier crawl's id.
   */
  static String crawlId(TopicPartition partition, long offset, Instant requestedAt) {
    return partition.topic()
        + ":"
        + partition.partition()
        + ":"
        + offset
        + ":"
        + requestedAt.toEpochMilli();
  }

  /** Details key: set when the crawl's pages were not all acknowledged by the broker. */
  static final String PUBLISH = "publish";

  /** {@link #PUBLISH} value: a page or outcome of the crawl could not be written. */
  static final String PUBLISH_FAILED = "failed";

  /**
   * {@link #PUBLISH} value: not acknowledged in time (broker slow or away, or the worker stopping).
   */
  static final String PUBLISH_UNCONFIRMED = "unconfirmed";

  /**
   * @param publish {@code null} when everything the crawl sent was acknowledged, else {@link
   *     #PUBLISH_FAILED} or {@link #PUBLISH_UNCONFIRMED}
   */
  static Outcome of(
      CrawlRequest request,
      String crawlId,
      SiteReport report,
      String error,
      Duration took,
      Instant now,
      String publish) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put(Outcome.CRAWL_ID, crawlId); // the same on every attempt: consumers dedupe on it
    details.put(CrawlResult.DETAILS_KEY, report.result().detailsValue());
    details.put("pages", Integer.toString(report.pages()));
    details.put("failures", Integer.toString(report.failures()));
    details.put("durationMs", Long.toString(took.toMillis()));
    details.put("source", request.source().name());
    details.put("hops", Integer.toString(request.hops()));
    // version-1 entries seedStatus, seedSha256, seedUrl or seedError, beside the typed seed result
    details.putAll(report.seedDetails());
    if (report.interrupted()) {
      details.put("interrupted", "true");
    }
    if (error != null) {
      details.put("error", error);
    }
    if (publish != null) {
      details.put(PUBLISH, publish); // the result says what was fetched, not what reached a topic
    }
    report.details().forEach(details::putIfAbsent);
    // the details keep the order of version 1, so the 64-entry cap never cuts result or seed
    return new Outcome(
        Outcome.VERSION,
        request.site(),
        request.url(),
        Outcome.Stage.CRAWLER,
        Outcome.Kind.SITE_CRAWLED,
        report.reason(),
        now,
        details,
        report.result(),
        report.seed());
  }
}
