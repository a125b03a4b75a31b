package org.sitewatch.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A URL to crawl. Keyed by {@link #site()} on the crawl-request topic, so one worker owns a site.
 *
 * @param v schema version (2; version 1 had no {@code priority} and {@code overrides})
 * @param url absolute http(s) URL to start from
 * @param site registered domain the URL belongs to (the partitioning key)
 * @param source why the URL is to be crawled
 * @param hops site-to-site hops from a seed (0 for seeds)
 * @param referrer the page that linked here, or {@code null} for seeds
 * @param requestedAt when the request was made
 * @param priority 0 (normal) to 9 (most urgent); a worker starts higher priorities first. Tips
 *     default to {@link #TIP_PRIORITY}
 * @param overrides per-seed budget and policy overrides, or {@code null} for the worker's settings
 * @param traceId the identifier that follows this request's crawl through the stages (its pages,
 *     the verdict that counts them, the lead), set when the request is made ({@link #newTraceId()}
 *     ); optional: {@code null} in requests made before it existed. A link found by a crawl is a
 *     new request with a new id
 */
public record CrawlRequest(
    int v,
    String url,
    String site,
    Source source,
    int hops,
    String referrer,
    Instant requestedAt,
    int priority,
    CrawlOverrides overrides,
    String traceId) {
  /**
   * The longest URL any stage carries, in characters: the crawler never fetches or publishes a
   * longer one ({@code crawler.trap.max-url-length} may only lower it), and the classifier cuts a
   * longer one with a marker. One number, so a URL a lead quotes is always one that can be fetched.
   */
  public static final int MAX_URL_LENGTH = 2048;

  public static final int VERSION = 2;
  public static final int MAX_PRIORITY = 9;
  public static final int TIP_PRIORITY = 5;

  /** Why a URL entered the crawl. */
  public enum Source {
    SEED,
    TIP,
    LINK,
    /** A scheduled re-check of a site that has an open lead. */
    RECRAWL,
    /**
     * Sent by an analyst from the workbench, who waits for its verdict: as urgent as a tip at least
     * (the short constructor gives it {@link #TIP_PRIORITY}). A reader older than this value cannot
     * read such a request (it becomes a bad-record outcome there): upgrade crawlers first.
     */
    ANALYST
  }

  public CrawlRequest {
    v = Checks.version(v);
    Checks.text(url, "url");
    if (!(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new IllegalArgumentException("url must be http or https: " + url);
    }
    Checks.text(site, "site");
    Objects.requireNonNull(source, "source");
    if (hops < 0) {
      throw new IllegalArgumentException("hops must be >= 0");
    }
    Objects.requireNonNull(requestedAt, "requestedAt");
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "priority must be in 0.." + MAX_PRIORITY + ": " + priority);
    }
    traceId = Checks.traceId(traceId);
  }

  /** A request without a trace id. */
  public CrawlRequest(
      int v,
      String url,
      String site,
      Source source,
      int hops,
      String referrer,
      Instant requestedAt,
      int priority,
      CrawlOverrides overrides) {
    this(v, url, site, source, hops, referrer, requestedAt, priority, overrides, null);
  }

  /** A fresh trace id for a request being made (a random UUID). */
  public static String newTraceId() {
    return UUID.randomUUID().toString();
  }

  /**
   * A request without priority or overrides (tips and analysts' requests get {@link
   * #TIP_PRIORITY}).
   */
  public CrawlRequest(
      int v,
      String url,
      String site,
      Source source,
      int hops,
      String referrer,
      Instant requestedAt) {
    this(
        v,
        url,
        site,
        source,
        hops,
        referrer,
        requestedAt,
        source == Source.TIP || source == Source.ANALYST ? TIP_PRIORITY : 0,
        null);
  }

  /** A seed request, with a new trace id. */
  public static CrawlRequest seed(String url, String site, Instant at) {
    return new CrawlRequest(VERSION, url, site, Source.SEED, 0, null, at).withTraceId(newTraceId());
  }

  /** The same request with another priority and overrides. */
  public CrawlRequest with(int newPriority, CrawlOverrides newOverrides) {
    return new CrawlRequest(
        v, url, site, source, hops, referrer, requestedAt, newPriority, newOverrides, traceId);
  }

  /** The same request with {@code id} as its trace id ({@code null}: none). */
  public CrawlRequest withTraceId(String id) {
    return new CrawlRequest(
        v, url, site, source, hops, referrer, requestedAt, priority, overrides, id);
  }

  /** The same request with a new trace id, as when a request is made. */
  public CrawlRequest traced() {
    return withTraceId(newTraceId());
  }
}
