package org.sitewatch.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.account.Viewer;

class DashboardCacheTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final Viewer ANALYST = new Viewer(1, "ana", Role.ANALYST, Set.of("310000", "110000"));
  static final Viewer SAME_BUREAUS = new Viewer(2, "bo", Role.ANALYST, Set.of("110000", "310000"));
  static final Viewer OTHER_BUREAU = new Viewer(3, "cy", Role.ANALYST, Set.of("110000"));
  static final Viewer ADMIN = new Viewer(4, "root", Role.ADMIN, Set.of());
  static final Viewer AUDITOR = new Viewer(5, "aud", Role.AUDITOR, Set.of("110000"));

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
  final DashboardCache cache = new DashboardCache(clock, Duration.ofSeconds(30), 256);
  final AtomicInteger computations = new AtomicInteger();

  /** Figures that name the viewer they were computed for and the how-manieth computation. */
  Map<String, Object> figuresFor(Viewer v) {
    return Map.of("for", v.name(), "n", computations.incrementAndGet());
  }

  DashboardCache.Figures get(Viewer v) {
    return cache.get(DashboardCache.Scope.of(v, ZONE), () -> figuresFor(v));
  }

  @Test
  void figuresAreKeptForTheTtlOnTheClockAndComputedAgainAfterIt() {
    DashboardCache.Figures first = get(ANALYST);
    assertThat(first.computedAt()).isEqualTo(clock.instant());
    clock.advance(Duration.ofSeconds(29));
    assertThat(get(ANALYST)).isSameAs(first);
    assertThat(computations).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    DashboardCache.Figures second = get(ANALYST);
    assertThat(computations).hasValue(2);
    assertThat(second.figures()).containsEntry("n", 2);
    assertThat(second.computedAt()).isEqualTo(Instant.parse("2026-12-06T10:00:30Z"));
  }

  @Test
  void scopesNeverShareFigures() {
    assertThat(get(ADMIN).figures()).containsEntry("for", "root");
    assertThat(get(ANALYST).figures()).containsEntry("for", "ana");
    assertThat(get(OTHER_BUREAU).figures()).containsEntry("for", "cy");
    assertThat(get(ANALYST).figures()).containsEntry("for", "ana");
    assertThat(get(ADMIN).figures()).containsEntry("for", "root");
    assertThat(computations).hasValue(3);
    // the same sorted bureau set is one scope; every role that sees all is one scope
    assertThat(get(SAME_BUREAUS).figures()).containsEntry("for", "ana");
    assertThat(get(AUDITOR).figures()).containsEntry("for", "root");
    // another time zone buckets days differently: another scope
    assertThat(
            cache
                .get(
                    DashboardCache.Scope.of(ANALYST, ZoneId.of("UTC")),
                    () -> figuresFor(SAME_BUREAUS))
                .figures())
        .containsEntry("for", "bo");
    assertThat(computations).hasValue(4);
  }

  @Test
  void theLeastRecentlyUsedScopeIsDroppedBeyondTheBound() {
    DashboardCache small = new DashboardCache(clock, Duration.ofSeconds(30), 2);
    AtomicInteger n = new AtomicInteger();
    small.get(DashboardCache.Scope.of(ANALYST, ZONE), () -> Map.of("n", n.incrementAndGet()));
    small.get(DashboardCache.Scope.of(ADMIN, ZONE), () -> Map.of("n", n.incrementAndGet()));
    small.get(DashboardCache.Scope.of(ANALYST, ZONE), () -> Map.of("n", n.incrementAndGet()));
    small.get(DashboardCache.Scope.of(OTHER_BUREAU, ZONE), () -> Map.of("n", n.incrementAndGet()));
    assertThat(small.size()).isEqualTo(2);
    assertThat(n).hasValue(3);
    // the analyst's was used last: kept; the admin's dropped
    small.get(DashboardCache.Scope.of(ANALYST, ZONE), () -> Map.of("n", n.incrementAndGet()));
    assertThat(n).hasValue(3);
    small.get(DashboardCache.Scope.of(ADMIN, ZONE), () -> Map.of("n", n.incrementAndGet()));
    assertThat(n).hasValue(4);
  }

  @Test
  void aFailedComputationIsNotKept() {
    assertThatThrownBy(
            () ->
                cache.get(
                    DashboardCache.Scope.of(ANALYST, ZONE),
                    () -> {
                      throw new IllegalStateException("database away");
                    }))
        .hasMessage("database away");
    assertThat(get(ANALYST).figures()).containsEntry("for", "ana");
  }

  @Test
  void aZeroTtlComputesEveryTime() {
    DashboardCache off = new DashboardCache(clock, Duration.ZERO, 256);
    off.get(DashboardCache.Scope.of(ANALYST, ZONE), () -> figuresFor(ANALYST));
    off.get(DashboardCache.Scope.of(ANALYST, ZONE), () -> figuresFor(ANALYST));
    assertThat(computations).hasValue(2);
  }
}
