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
 */
public record PageRef(String url, double score, String bodySha256, Instant fetchedAt) {
  public PageRef {
    Checks.text(url, "url");
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1]: " + score);
    }
    Objects.requireNonNull(fetchedAt, "fetchedAt");
  }
}
