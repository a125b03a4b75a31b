package org.sitewatch.infra.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.sitewatch.common.concurrent.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log when the process is not ready, and when it is again: it asks {@link
 * ProcessHealth} every {@link #PERIOD}; once a check has failed for a round it logs a WARN naming
 * the failing checks, again when they change and at least every {@link #REPEAT} while it lasts;
 * when every check holds again, one INFO with how long it lasted. Each round also refreshes {@code
 * sitewatch_stage_ready}.
 */
public final class HealthWatch implements AutoCloseable {
  /** Time between two evaluations. */
  public static final Duration PERIOD = Duration.ofSeconds(10);

  /** Longest time between two WARN lines about one lasting problem. */
  public static final Duration REPEAT = Duration.ofMinutes(1);

  /** Where the lines go: the log, or a test's list. */
  interface Reporter {
    void warn(String line);

    void info(String line);
  }

  private static final Logger log = LoggerFactory.getLogger(HealthWatch.class);

  private static final Reporter LOG =
      new Reporter() {
        @Override
        public void warn(String line) {
          log.warn(line);
        }

        @Override
        public void info(String line) {
          log.info(line);
        }
      };

  private final ProcessHealth health;
  private final Clock clock;
  private final Reporter reporter;
  private final ScheduledExecutorService scheduler;
  private Instant notReadySince;
  private Instant warnedAt;
  private String warnedNames = "";

  private HealthWatch(ProcessHealth health, Clock clock, Reporter reporter, boolean schedule) {
    this.health = Objects.requireNonNull(health, "health");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.scheduler =
        schedule
            ? Executors.newSingleThreadScheduledExecutor(
                Threads.named("sitewatch-health-watch").daemon())
            : null;
  }

  /** Starts watching on a thread of its own ({@code sitewatch-health-watch}), at once. */
  public static HealthWatch start(ProcessHealth health, Clock clock) {
    HealthWatch watch = new HealthWatch(health, clock, LOG, true);
    watch.scheduler.scheduleWithFixedDelay(
        watch::evaluateQuietly, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    return watch;
  }

  /** A watch that evaluates only when {@link #evaluate()} is called: for tests. */
  static HealthWatch manual(ProcessHealth health, Clock clock, Reporter reporter) {
    return new HealthWatch(health, clock, reporter, false);
  }

  private void evaluateQuietly() {
    try {
      evaluate();
    } catch (RuntimeException e) {
      log.warn("health watch: evaluation failed: {}", e.toString()); // and the next round goes on
    }
  }

  /** One round: asks every check and logs what changed or lasted. */
  synchronized void evaluate() {
    List<ProcessHealth.Problem> problems = health.ready().problems();
    Instant now = clock.instant();
    if (problems.isEmpty()) {
      if (warnedAt != null) {
        reporter.info(
            "ready again after "
                + Duration.between(notReadySince, now).toSeconds()
                + " s not ready ("
                + warnedNames
                + ")");
      }
      notReadySince = null;
      warnedAt = null;
      warnedNames = "";
      return;
    }
    if (notReadySince == null) {
      notReadySince = now;
    }
    if (now.isBefore(notReadySince.plus(PERIOD))) {
      return; // a blip shorter than a round (a rebalance, the first seconds) is not worth a WARN
    }
    String names =
        problems.stream().map(p -> p.stage() + "/" + p.check()).collect(Collectors.joining(", "));
    if (warnedAt == null || !names.equals(warnedNames) || !now.isBefore(warnedAt.plus(REPEAT))) {
      reporter.warn(
          "not ready for "
              + Duration.between(notReadySince, now).toSeconds()
              + " s: "
              + problems.stream().map(Object::toString).collect(Collectors.joining("; ")));
      warnedAt = now;
      warnedNames = names;
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
