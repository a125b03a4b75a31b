package org.sitewatch.infra.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.sitewatch.common.metrics.StageMeters;

/**
 * The {@code stalled} readiness check of a stage: not ready while records wait for it (lag above
 * zero) and its processed position has not moved for longer than {@code health.stall-after}; ready
 * again at the first look that sees the position move or nothing waiting. An idle stage (nothing
 * waiting) is never stalled, however long it has been idle.
 *
 * <p>The check remembers when it last saw the position move, so it measures between its own looks:
 * the process's {@link HealthWatch} looks every {@link HealthWatch#PERIOD}, which bounds the error.
 * Time is the injected clock's.
 */
public final class StallCheck {
  /** The check's name in the readiness answer and the log. */
  public static final String NAME = "stalled";

  private final LongSupplier waiting;
  private final LongSupplier position;
  private final Duration after;
  private final Clock clock;
  private long lastPosition;
  private Instant movedAt;

  /**
   * @param waiting records waiting for the stage (its consumer lag)
   * @param position a count that grows whenever the stage processes a record
   * @param after how long the position may stand still while records wait; positive
   */
  StallCheck(LongSupplier waiting, LongSupplier position, Duration after, Clock clock) {
    this.waiting = Objects.requireNonNull(waiting, "waiting");
    this.position = Objects.requireNonNull(position, "position");
    this.after = Objects.requireNonNull(after, "after");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (after.isNegative() || after.isZero()) {
      throw new IllegalArgumentException("stall window must be positive, got " + after);
    }
  }

  /**
   * The {@code stalled} check of {@code stage} on {@code topic}, read from the stage's consumer
   * meters in {@code meters} ({@code sitewatch.consumer.lag} and {@code
   * sitewatch.consumer.processed}); none when {@code after} is zero (the check is off). A meter not
   * (yet) registered reads as nothing waiting. Each counter named in {@code alsoProgress} (all its
   * series) counts as progress too: a stage that stops taking records in while it works on those it
   * took (the crawler pauses its intake while its crawl slots are full) is not stalled while that
   * work goes on.
   */
  public static List<HealthCheck> forStage(
      MeterRegistry meters,
      String stage,
      String topic,
      Duration after,
      Clock clock,
      String... alsoProgress) {
    if (after.isZero()) {
      return List.of();
    }
    LongSupplier waiting =
        () -> {
          Gauge lag =
              meters.find(StageMeters.CONSUMER_LAG).tag("stage", stage).tag("topic", topic).gauge();
          double v = lag == null ? 0 : lag.value();
          return Double.isNaN(v) ? 0 : (long) v;
        };
    LongSupplier position =
        () -> {
          FunctionCounter c =
              meters
                  .find(StageMeters.CONSUMER_PROCESSED)
                  .tag("stage", stage)
                  .tag("topic", topic)
                  .functionCounter();
          long sum = c == null ? 0 : (long) c.count();
          for (String name : alsoProgress) {
            for (Counter more : meters.find(name).counters()) {
              sum += (long) more.count();
            }
          }
          return sum;
        };
    return List.of(new StallCheck(waiting, position, after, clock).check());
  }

  /** This check as a readiness check named {@value #NAME}. */
  HealthCheck check() {
    return new HealthCheck(NAME, this::problem);
  }

  synchronized Optional<String> problem() {
    Instant now = clock.instant();
    long waitingNow = waiting.getAsLong();
    long positionNow = position.getAsLong();
    if (movedAt == null || positionNow != lastPosition || waitingNow <= 0) {
      lastPosition = positionNow;
      movedAt = now;
      return Optional.empty();
    }
    Duration still = Duration.between(movedAt, now);
    if (still.compareTo(after) <= 0) {
      return Optional.empty();
    }
    return Optional.of(waitingNow + " records waiting, no progress for " + format(still));
  }

  /** {@code 45s}, {@code 6m12s}, {@code 2h05m00s}. */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
  }
}
