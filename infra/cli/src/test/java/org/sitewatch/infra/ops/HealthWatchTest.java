package org.sitewatch.infra.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The health watch's log lines, driven round by round on a clock the test moves. */
class HealthWatchTest {
  private final Moving clock = new Moving(Instant.parse("2026-12-07T03:00:00Z"));
  private final AtomicReference<Optional<String>> kafka = new AtomicReference<>(Optional.empty());
  private final AtomicReference<Optional<String>> assigned =
      new AtomicReference<>(Optional.empty());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final ProcessHealth health =
      new ProcessHealth(
          List.of(
              StageHealth.serving(
                  "crawler",
                  List.of(
                      new HealthCheck("kafka", kafka::get),
                      new HealthCheck("consumer-assigned", assigned::get)))),
          meters);
  private final List<String> lines = new ArrayList<>();
  private final HealthWatch watch =
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

  /** Runs one round {@code after} the previous one. */
  private void round(Duration after) {
    clock.advance(after);
    watch.evaluate();
  }

  @Test
  void saysNothingWhileReady() {
    round(Duration.ZERO);
    round(HealthWatch.PERIOD);
    assertThat(lines).isEmpty();
    assertThat(meters.get("sitewatch.stage.ready").tag("stage", "crawler").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void aProblemShorterThanARoundIsNotWorthAWarning() {
    kafka.set(Optional.of("no answer within 2 s"));
    round(Duration.ZERO);
    kafka.set(Optional.empty());
    round(HealthWatch.PERIOD);
    assertThat(lines).isEmpty();
  }

  @Test
  void warnsAfterARoundThenAtLeastOnceAMinuteNamingTheCheckAndOnceWhenItRecovers() {
    round(Duration.ZERO);
    kafka.set(Optional.of("no answer within 2 s"));
    round(HealthWatch.PERIOD);
    assertThat(lines).isEmpty();
    assertThat(meters.get("sitewatch.stage.ready").tag("stage", "crawler").gauge().value())
        .isZero();
    round(HealthWatch.PERIOD);
    assertThat(lines)
        .containsExactly("WARN not ready for 10 s: crawler/kafka: no answer within 2 s");

    for (int i = 0; i < 5; i++) {
      round(HealthWatch.PERIOD); // the problem lasts; nothing new to say within the minute
    }
    assertThat(lines).hasSize(1);
    round(HealthWatch.PERIOD); // a minute after the first warning
    assertThat(lines)
        .hasSize(2)
        .last()
        .isEqualTo("WARN not ready for 70 s: crawler/kafka: no answer within 2 s");

    kafka.set(Optional.empty());
    round(HealthWatch.PERIOD);
    round(HealthWatch.PERIOD);
    assertThat(lines)
        .hasSize(3)
        .last()
        .isEqualTo("INFO ready again after 80 s not ready (crawler/kafka)");
    assertThat(meters.get("sitewatch.stage.ready").tag("stage", "crawler").gauge().value())
        .isEqualTo(1.0);
  }

  @Test
  void warnsAgainAtOnceWhenAnotherCheckFails() {
    kafka.set(Optional.of("no answer within 2 s"));
    round(Duration.ZERO);
    round(HealthWatch.PERIOD);
    assigned.set(Optional.of("the consumer has no partition assignment from its group"));
    round(HealthWatch.PERIOD);
    assertThat(lines)
        .containsExactly(
            "WARN not ready for 10 s: crawler/kafka: no answer within 2 s",
            "WARN not ready for 20 s: crawler/kafka: no answer within 2 s;"
                + " crawler/consumer-assigned: the consumer has no partition assignment from its"
                + " group");
  }

  /** A clock that moves only when told. */
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
