package org.sitewatch.sink.recrawl;

import java.time.Duration;
import java.util.Objects;

/**
 * When the sites of open leads are re-checked.
 *
 * @param interval how long after the lead was opened, and then after each scheduled check, the site
 *     is checked again; zero turns recrawling off
 * @param checkInterval how often the scheduler looks for due leads
 */
public record RecrawlSettings(Duration interval, Duration checkInterval) {
  /** A day between two checks of a site. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);

  /** Due leads are looked for every ten minutes. */
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofMinutes(10);

  public RecrawlSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(checkInterval, "checkInterval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("recrawl interval must not be negative: " + interval);
    }
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException(
          "recrawl check interval must be positive: " + checkInterval);
    }
  }

  /** Whether recrawling is on (a non-zero interval). */
  public boolean enabled() {
    return !interval.isZero();
  }

  /** Every 24 h, looked for every 10 min. */
  public static RecrawlSettings defaults() {
    return new RecrawlSettings(DEFAULT_INTERVAL, DEFAULT_CHECK_INTERVAL);
  }
}
