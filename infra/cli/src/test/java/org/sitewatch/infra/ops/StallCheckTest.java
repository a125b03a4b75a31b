package org.sitewatch.infra.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.common.metrics.StageMeters;

/** The stalled check, on a clock the test moves and a progress source the test sets. */
class StallCheckTest {
  private static final Duration WINDOW = Duration.ofMinutes(5);

  private final Moving clock = new Moving(Instant.parse("2026-12-07T07:00:00Z"));
  private final AtomicLong waiting = new AtomicLong();
  private final AtomicLong position = new AtomicLong();
  private final StallCheck check = new StallCheck(waiting::get, position::get, WINDOW, clock);

  /** Looks at the check {@code after} the previous look. */
  private Optional<String> lookAfter(Duration after) {
    clock.advance(after);
    return check.problem();
  }

  @Test
  void waitingRecordsWithoutProgressFailOnlyOnceTheWindowHasPassed() {
    waiting.set(3);
    assertThat(lookAfter(Duration.ZERO)).isEmpty();
    assertThat(lookAfter(Duration.ofMinutes(2))).isEmpty();
    assertThat(lookAfter(Duration.ofMinutes(3))).as("exactly the window").isEmpty();
    assertThat(lookAfter(Duration.ofSeconds(72)))
        .contains("3 records waiting, no progress for 6m12s");
  }

  @Test
  void progressMakesTheStageReadyAgainAndRestartsTheWindow() {
    waiting.set(40);
    lookAfter(Duration.ZERO);
    assertThat(lookAfter(Duration.ofMinutes(6))).isPresent();

    position.addAndGet(10);
    waiting.set(30);
    assertThat(lookAfter(Duration.ofSeconds(10))).as("progress resumed").isEmpty();
    assertThat(lookAfter(Duration.ofMinutes(5))).as("window counted from the progress").isEmpty();
    assertThat(lookAfter(Duration.ofSeconds(1)))
        .contains("30 records waiting, no progress for 5m01s");
  }

  @Test
  void anIdleStageIsReadyHoweverLongNothingArrives() {
    waiting.set(0);
    lookAfter(Duration.ZERO);
    assertThat(lookAfter(Duration.ofHours(3))).isEmpty();

    waiting.set(2); // records arrive after the long idle time: the window starts now
    assertThat(lookAfter(Duration.ofSeconds(10))).isEmpty();
    assertThat(lookAfter(Duration.ofMinutes(4))).isEmpty();
    assertThat(lookAfter(Duration.ofMinutes(2))).isPresent();
  }

  @Test
  void forStageReadsTheStagesConsumerMetersAndIsOffAtZero() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AtomicLong lag = new AtomicLong(5);
    AtomicLong processed = new AtomicLong(100);
    StageMeters.consumer(meters, "sink", "verdicts", lag::get, () -> Duration.ZERO);
    StageMeters.processed(meters, "sink", "verdicts", processed, AtomicLong::get);
    // another stage's meters on the same registry do not count
    StageMeters.processed(meters, "crawler", "requests", new AtomicLong(7), AtomicLong::get);

    List<HealthCheck> checks = StallCheck.forStage(meters, "sink", "verdicts", WINDOW, clock);
    assertThat(checks).extracting(HealthCheck::name).containsExactly("stalled");
    HealthCheck stalled = checks.get(0);
    assertThat(stalled.problem().get()).isEmpty();
    clock.advance(Duration.ofMinutes(6));
    assertThat(stalled.problem().get()).contains("5 records waiting, no progress for 6m00s");
    processed.incrementAndGet();
    assertThat(stalled.problem().get()).isEmpty();

    assertThat(StallCheck.forStage(meters, "sink", "verdicts", Duration.ZERO, clock)).isEmpty();
  }

  @Test
  void workOnRecordsAlreadyTakenInCountsAsProgressWhereTheStageSaysSo() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    StageMeters.consumer(meters, "crawler", "requests", () -> 9, () -> Duration.ZERO);
    StageMeters.processed(meters, "crawler", "requests", new AtomicLong(3), AtomicLong::get);
    Counter pages = meters.counter("sitewatch.crawler.pages");
    HealthCheck stalled =
        StallCheck.forStage(meters, "crawler", "requests", WINDOW, clock, "sitewatch.crawler.pages")
            .get(0);

    stalled.problem().get();
    clock.advance(Duration.ofMinutes(4));
    pages.increment(); // the intake is paused, but a crawl fetched a page
    assertThat(stalled.problem().get()).isEmpty();
    clock.advance(Duration.ofMinutes(4));
    assertThat(stalled.problem().get()).as("4 minutes since that page").isEmpty();
    clock.advance(Duration.ofMinutes(2));
    assertThat(stalled.problem().get()).contains("9 records waiting, no progress for 6m00s");
  }

  @Test
  void theHealthWatchWarnsAboutAStallAndSaysWhenItEnds() {
    waiting.set(4);
    ProcessHealth health =
        new ProcessHealth(
            List.of(StageHealth.serving("sink", List.of(check.check()))),
            new SimpleMeterRegistry());
    List<String> lines = new ArrayList<>();
    HealthWatch watch =
        HealthWatch.manual(
            health,
            clock,
            new HealthWatch.Reporter() {
              @Override
              public void warn(String line) {
                lines.add("WARN " + line);
              }

              @Override
              public void info(String line) {
                lines.add("INFO " + line);
              }
            });
    for (int round = 0; round <= 32; round++) { // 5 min 20 s in rounds of 10 s
      watch.evaluate();
      clock.advance(HealthWatch.PERIOD);
    }
    position.incrementAndGet();
    watch.evaluate();

    assertThat(lines)
        .containsExactly(
            "WARN not ready for 10 s: sink/stalled: 4 records waiting, no progress for 5m20s",
            "INFO ready again after 20 s not ready (sink/stalled)");
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "59, 59s", "60, 1m00s", "372, 6m12s", "3600, 1h00m00s", "7512, 2h05m12s"})
  void durationsAreShortAndExact(long seconds, String shown) {
    assertThat(StallCheck.format(Duration.ofSeconds(seconds))).isEqualTo(shown);
  }

  private static final class Moving extends Clock {
    private Instant now;

    Moving(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
