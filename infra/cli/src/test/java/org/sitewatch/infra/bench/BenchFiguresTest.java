package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchFiguresTest {
  private static final long MS = 1_000_000L;

  private static BenchFarm.Request at(String host, String path, long ms) {
    return new BenchFarm.Request(host, path, ms * MS, 200, 1000);
  }

  @Test
  void findsTheSmallestGapBetweenTwoRequestsToOneHostWhateverTheLogOrder() {
    List<BenchFarm.Request> log =
        List.of(
            at("a.test", "/", 0),
            at("b.test", "/", 10), // another host: never compared with a.test
            at("a.test", "/p/2.html", 450),
            at("a.test", "/p/1.html", 250),
            at("b.test", "/p/1.html", 300));

    BenchFigures.Gaps gaps = BenchFigures.gaps(log, 200);

    assertThat(gaps.hosts()).isEqualTo(2);
    assertThat(gaps.gaps()).isEqualTo(3);
    assertThat(gaps.minGapMs()).isEqualTo(200.0);
    assertThat(gaps.minGapHost()).isEqualTo("a.test");
    assertThat(gaps.belowDelay()).isZero();
  }

  @ParameterizedTest(name = "gap {0} ms with delay 200 ms: below {1}, below by more than 1 ms {2}")
  @CsvSource({
    "250, 0, 0",
    "200, 0, 0",
    "199.5, 1, 0",
    "150, 1, 1",
  })
  void countsGapsShorterThanTheDelaySeparatelyFromMillisecondRounding(
      double gapMs, long below, long belowMore) {
    List<BenchFarm.Request> log =
        List.of(
            new BenchFarm.Request("a.test", "/", 0, 200, 1),
            new BenchFarm.Request("a.test", "/p/1.html", (long) (gapMs * MS), 200, 1));

    BenchFigures.Gaps gaps = BenchFigures.gaps(log, 200);

    assertThat(gaps.belowDelay()).isEqualTo(below);
    assertThat(gaps.belowDelayByMoreThan1ms()).isEqualTo(belowMore);
    assertThat(gaps.minGapMs()).isCloseTo(gapMs, within(1e-6));
  }

  @Test
  void countsEveryRequestBeyondTheFirstForAUrlAsARefetchButNotRobotsTxt() {
    List<BenchFarm.Request> log =
        List.of(
            at("a.test", "/robots.txt", 0),
            at("a.test", "/", 1),
            at("a.test", "/p/1.html", 2),
            at("a.test", "/robots.txt", 3), // the site crawled again after a worker died
            at("a.test", "/", 4),
            at("a.test", "/", 5),
            at("b.test", "/", 6)); // same path, other host: not a refetch

    BenchFigures.Served served = BenchFigures.served(log);

    assertThat(served.pageRequests()).isEqualTo(5);
    assertThat(served.distinctPages()).isEqualTo(3);
    assertThat(served.refetches()).isEqualTo(2);
    assertThat(served.robotsRequests()).isEqualTo(2);
    assertThat(served.bytes()).isEqualTo(7000);
    assertThat(served.refetchPercent()).isCloseTo(66.67, within(0.01));
  }

  @Test
  void steadyRateIgnoresTheSlowStartAndTail() {
    List<Long> nanos = new ArrayList<>();
    nanos.add(0L); // a lone first page, then 100 pages/s for 1 s, then a late straggler
    for (int i = 0; i <= 100; i++) {
      nanos.add(5_000 * MS + i * 10 * MS);
    }
    nanos.add(20_000 * MS);

    BenchFigures.Rate rate = BenchFigures.rate(nanos);

    assertThat(rate.overall()).isCloseTo(102 / 20.0, within(1e-9));
    assertThat(rate.middle80()).isCloseTo(100.0, within(1.0));
  }

  @Test
  void latencyPercentilesAreExactNearestRankWhateverTheOrder() {
    List<Double> millis = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      millis.add((double) i); // 1..100 ms, given in reverse
    }
    millis.add(5_000.0); // one slow item of 101

    BenchFigures.Latency l = BenchFigures.latency(millis);

    // nearest rank: p50 is the 51st of 101 (51 ms), p95 the 96th (96 ms)
    assertThat(l).isEqualTo(new BenchFigures.Latency(51, 96, 5_000));
  }

  @Test
  void latencyOfOneItemIsThatItemAndOfNoneIsMinusOne() {
    assertThat(BenchFigures.latency(List.of(7.5)))
        .isEqualTo(new BenchFigures.Latency(7.5, 7.5, 7.5));
    assertThat(BenchFigures.latency(List.of())).isEqualTo(BenchFigures.Latency.NONE);
  }

  @Test
  void rateOfFewerThanTwoEventsIsZero() {
    assertThat(BenchFigures.rate(List.of(5L))).isEqualTo(new BenchFigures.Rate(0, 0));
  }

  @Test
  void readsCpuSecondsFromAStatLineWhoseCommandNameHasSpacesAndParentheses() {
    String line =
        "1234 (java (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 12345 0 0";

    assertThat(ProcStats.cpuSecondsOfStatLine(line)).isEqualTo(3.25);
  }

  @Test
  void readsAKilobyteFieldOfProcStatusAsBytes() {
    String status = "Name:\tjava\nVmPeak:\t 2000 kB\nVmHWM:\t  512000 kB\nVmRSS:\t 400000 kB\n";

    assertThat(ProcStats.statusField(status, "VmHWM")).contains(512000L * 1024);
    assertThat(ProcStats.statusField(status, "VmSwap")).isEmpty();
  }

  @Test
  void machineTicksCountIdleAndIowaitAsNotBusy() {
    long[] ticks = ProcStats.machineTicksOf("cpu  100 0 50 800 50 0 0 0 0 0");

    assertThat(ticks).containsExactly(150L, 1000L);
  }

  @Test
  void steadyCpuPerPageLeavesOutStartUpAndTail() {
    // 11 pages, one per second from t = 10 s; the worker burns 20 s of CPU starting up before the
    // first page and 2 ms per page from then on, sampled every 500 ms
    List<Long> pages = new ArrayList<>();
    for (int i = 0; i <= 10; i++) {
      pages.add((10_000L + 1000L * i) * MS);
    }
    List<BenchFigures.CpuSample> samples = new ArrayList<>();
    for (long ms = 0; ms <= 25_000; ms += 500) {
      double cpu = ms < 10_000 ? 2.0 * ms / 1000 : 20 + 0.002 * (ms - 10_000) / 1000;
      samples.add(new BenchFigures.CpuSample(ms * MS, cpu));
    }

    assertThat(BenchFigures.steadyCpuMsPerEvent(pages, List.of(samples)))
        .isCloseTo(2.0, within(1e-9));
    assertThat(BenchFigures.steadyCpuMsPerEvent(pages, List.of(samples, samples)))
        .as("two workers: their CPU adds up")
        .isCloseTo(4.0, within(1e-9));
  }

  @Test
  void steadyCpuPerPageIsZeroWhenTheSamplesDoNotCoverThePages() {
    List<Long> pages = List.of(10L * MS, 20L * MS, 30L * MS);
    List<BenchFigures.CpuSample> late = List.of(new BenchFigures.CpuSample(25L * MS, 1.0));

    assertThat(BenchFigures.steadyCpuMsPerEvent(pages, List.of(late))).isZero();
  }
}
