package org.sitewatch.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A page behind a verdict.
 *
 * @param url the final URL of the page
 * @param score the page's score in [0, 1]
 * @param bodySha256 SHA-256 of the raw body as captured
 * @param fetchedAt when the page was fetched
 * @param textSimhash 64-bit SimHash of the page's visible text as 16 lower-case hex digits, for
 *     near-duplicate content across sites, or {@code null} when not computed
 * @param warc where the page's HTTP exchange is stored as WARC, or {@code null}
 */
public record PageRef(
    String url,
    double score,
    String bodySha256,
    Instant fetchedAt,
    String textSimhash,
    WarcRef warc) {
  public PageRef {
    Checks.text(url, "url");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    if (textSimhash != null && !textSimhash.matches("[0-9a-f]{16}")) {
      throw new IllegalArgumentException("textSimhash must be 16 lower-case hex digits");
    }
  }

  /** A page reference without SimHash or WARC reference. */
  public PageRef(String url, double score, String bodySha256, Instant fetchedAt) {
    this(url, score, bodySha256, fetchedAt, null, null);
  }
}
