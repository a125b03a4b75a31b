package org.sitewatch.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.util.Locale;
import java.util.Optional;

/**
 * How a site crawl ended, on its {@code SITE_CRAWLED} {@link Outcome} ({@link Outcome#result()},
 * version 2; before that the {@code result} details entry, which writers keep for one version).
 */
public enum CrawlResult {
  /** At least one page was fetched. */
  OK,
  /** The seed was refused before any connection (address policy, only-resolved-hosts, robots.txt). */
  REFUSED,
  /** Nothing could be fetched. */
  UNREACHABLE,
  /** A value this reader does not know (a newer writer). */
  @JsonEnumDefaultValue
  OTHER;

  /** The {@code details} key of the version-1 form. */
  public static final String DETAILS_KEY = "result";

  /** The version-1 details value: {@code ok}, {@code refused}, {@code unreachable}. */
  public String detailsValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads the version-1 details value; empty when absent, {@link #OTHER} when unknown. */
  public static Optional<CrawlResult> fromDetailsValue(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    for (CrawlResult r : values()) {
      if (r != OTHER && r.detailsValue().equals(text.strip())) {
        return Optional.of(r);
      }
    }
    return Optional.of(OTHER);
  }
}
