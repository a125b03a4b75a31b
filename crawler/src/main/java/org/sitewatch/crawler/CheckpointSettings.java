package org.sitewatch.crawler;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a running site crawl publishes its state to the crawl-state topic, so that a worker
 * taking its partition over resumes it (docs/crawl-state.md). A crash refetches at most the URLs
 * finished since the last checkpoint plus the one in flight.
 *
 * @param pages a checkpoint after this many fetched URLs (default 10)
 * @param interval or once this much time passed since the last one, at the next fetched URL
 *     (default 2 s), whichever comes first
 */
public record CheckpointSettings(int pages, Duration interval) {
  public CheckpointSettings {
    if (pages < 1 || pages > 100_000) {
      throw new IllegalArgumentException(
          "checkpoint pages must be between 1 and 100000, got " + pages);
    }
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive, got " + interval);
    }
  }

  public static CheckpointSettings defaults() {
    return new CheckpointSettings(5, Duration.ofSeconds(1));
  }
}
