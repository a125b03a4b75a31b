package org.sitewatch.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A URL to crawl. Keyed by {@link #site()} on the crawl-request topic, so one worker owns a site.
 *
 * @param v schema version (1)
 * @param url absolute http(s) URL to start from
 * @param site registered domain the URL belongs to (the partitioning key)
 * @param source why the URL is to be crawled
 * @param hops site-to-site hops from a seed (0 for seeds)
 * @param referrer the page that linked here, or {@code null} for seeds
 * @param requestedAt when the request was made
 */
public record CrawlRequest(
    int v, String url, String site, Source source, int hops, String referrer, Instant requestedAt) {
  public static final int VERSION = 1;

  /** Why a URL entered the crawl. */
  public enum Source {
    SEED,
    TIP,
    LINK
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
  }

  public static CrawlRequest seed(String url, String site, Instant at) {
    return new CrawlRequest(VERSION, url, site, Source.SEED, 0, null, at);
  }
}
