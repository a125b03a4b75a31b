package org.sitewatch.common.concurrent;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between retries of an unavailable resource (a database, a broker): initial,
 * doubling, capped; with a rule for logging a long outage without flooding the log. Not
 * thread-safe: one owner (for example a {@link org.sitewatch.common.kafka.ConsumerLoop} thread).
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private int failures;

  public Backoff(Duration initial, Duration max) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
    }
  }

  /** Records one more failure and returns how long to wait before the next attempt. */
  public Duration failed() {
    failures++;
    Duration delay = initial;
    for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }

  /** Failures since the last success. */
  public int failures() {
    return failures;
  }

  /** Whether this failure count deserves a log line: the 1st, 2nd, 4th, 8th... (bounded noise). */
  public boolean worthLogging() {
    return failures > 0 && Integer.bitCount(failures) == 1;
  }

  /** Records a success; returns the number of failures that preceded it. */
  public int succeeded() {
    int before = failures;
    failures = 0;
    return before;
  }
}
