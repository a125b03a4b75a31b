package org.sitewatch.infra.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The figures the benchmark computes from the farm's request log and the page arrival times. */
final class BenchFigures {
  static final String ROBOTS_PATH = "/robots.txt";

  private BenchFigures() {}

  /**
   * Time between consecutive requests to one host, over every host.
   *
   * @param hosts hosts that received at least two requests
   * @param gaps number of consecutive-request gaps measured
   * @param minGapMs the smallest gap over all hosts, in ms (-1 when there is no gap)
   * @param minGapHost the host where it occurred
   * @param belowDelay gaps shorter than the politeness delay
   * @param belowDelayByMoreThan1ms gaps shorter than the delay minus 1 ms (the crawler counts in
   *     whole milliseconds, so a gap a fraction of a millisecond short is rounding, not
   *     impoliteness)
   * @param medianOfHostMinimaMs the median over hosts of each host's smallest gap
   */
  record Gaps(
      int hosts,
      long gaps,
      double minGapMs,
      String minGapHost,
      long belowDelay,
      long belowDelayByMoreThan1ms,
      double medianOfHostMinimaMs) {}

  static Gaps gaps(List<BenchFarm.Request> log, long delayMs) {
    Map<String, List<Long>> byHost = new HashMap<>();
    for (BenchFarm.Request r : log) {
      byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r.nanos());
    }
    long delayNanos = delayMs * 1_000_000L;
    long count = 0;
    long below = 0;
    long belowMore = 0;
    long min = Long.MAX_VALUE;
    String minHost = "";
    int hosts = 0;
    List<Long> hostMinima = new ArrayList<>();
    for (var e : byHost.entrySet()) {
      List<Long> times = e.getValue();
      if (times.size() < 2) {
        continue;
      }
      hosts++;
      times.sort(null);
      long hostMin = Long.MAX_VALUE;
      for (int i = 1; i < times.size(); i++) {
        long gap = times.get(i) - times.get(i - 1);
        count++;
        if (gap < delayNanos) {
          below++;
        }
        if (gap < delayNanos - 1_000_000L) {
          belowMore++;
        }
        hostMin = Math.min(hostMin, gap);
      }
      hostMinima.add(hostMin);
      if (hostMin < min) {
        min = hostMin;
        minHost = e.getKey();
      }
    }
    hostMinima.sort(null);
    double median = hostMinima.isEmpty() ? -1 : hostMinima.get(hostMinima.size() / 2) / 1e6;
    return new Gaps(hosts, count, count == 0 ? -1 : min / 1e6, minHost, below, belowMore, median);
  }

  /**
   * What the farm served, by URL.
   *
   * @param pageRequests requests for pages (everything but robots.txt)
   * @param distinctPages distinct host + path pairs among them
   * @param refetches page requests beyond the first for their URL
   * @param robotsRequests robots.txt requests (one per site crawl, so a re-crawled site asks again)
   */
  record Served(
      long pageRequests, long distinctPages, long refetches, long robotsRequests, long bytes) {
    /** Refetches as a share of distinct pages, in percent. */
    double refetchPercent() {
      return distinctPages == 0 ? 0 : 100.0 * refetches / distinctPages;
    }
  }

  static Served served(List<BenchFarm.Request> log) {
    Set<String> seen = new HashSet<>();
    long pages = 0;
    long refetches = 0;
    long robots = 0;
    long bytes = 0;
    for (BenchFarm.Request r : log) {
      bytes += r.bytes();
      if (r.path().equals(ROBOTS_PATH)) {
        robots++;
        continue;
      }
      pages++;
      if (!seen.add(r.host() + r.path())) {
        refetches++;
      }
    }
    return new Served(pages, seen.size(), refetches, robots, bytes);
  }

  /**
   * Throughput over a series of event times.
   *
   * @param overall events per second from the first to the last event
   * @param middle80 events per second between the 10th and the 90th percentile event (steady state)
   */
  record Rate(double overall, double middle80) {}

  /**
   * @param nanos event times in nanoseconds, in any order
   */
  static Rate rate(List<Long> nanos) {
    if (nanos.size() < 2) {
      return new Rate(0, 0);
    }
    List<Long> t = new ArrayList<>(nanos);
    t.sort(null);
    int n = t.size();
    double overall = perSecond(n - 1, t.get(n - 1) - t.get(0));
    int from = (int) Math.floor(0.1 * (n - 1));
    int to = (int) Math.ceil(0.9 * (n - 1));
    double middle = perSecond(to - from, t.get(to) - t.get(from));
    return new Rate(overall, middle);
  }

  /** A process's CPU time (user + system, seconds) read at a {@link System#nanoTime()} instant. */
  record CpuSample(long nanos, double cpuSeconds) {}

  /**
   * CPU milliseconds per event between the 10th and the 90th percentile event (the window of {@link
   * Rate#middle80()}), the process's CPU at both ends interpolated between the samples around them:
   * the steady cost of an event, without start-up and tail. 0 without the samples.
   *
   * @param events event times in nanoseconds, in any order
   * @param samples CPU samples of each process that did the work, in time order per process
   */
  static double steadyCpuMsPerEvent(List<Long> events, List<List<CpuSample>> samples) {
    if (events.size() < 2) {
      return 0;
    }
    List<Long> t = new ArrayList<>(events);
    t.sort(null);
    int n = t.size();
    int from = (int) Math.floor(0.1 * (n - 1));
    int to = (int) Math.ceil(0.9 * (n - 1));
    double cpu = 0;
    for (List<CpuSample> process : samples) {
      double start = cpuAt(process, t.get(from));
      double end = cpuAt(process, t.get(to));
      if (Double.isNaN(start) || Double.isNaN(end)) {
        return 0;
      }
      cpu += end - start;
    }
    return to == from ? 0 : cpu * 1000 / (to - from);
  }

  /** CPU seconds at {@code nanos}, interpolated; NaN outside the samples. */
  static double cpuAt(List<CpuSample> samples, long nanos) {
    for (int i = 1; i < samples.size(); i++) {
      CpuSample a = samples.get(i - 1);
      CpuSample b = samples.get(i);
      if (a.nanos() <= nanos && nanos <= b.nanos()) {
        double f =
            b.nanos() == a.nanos() ? 0 : (double) (nanos - a.nanos()) / (b.nanos() - a.nanos());
        return a.cpuSeconds() + f * (b.cpuSeconds() - a.cpuSeconds());
      }
    }
    return Double.NaN;
  }

  private static double perSecond(long events, long nanos) {
    return nanos <= 0 ? 0 : events * 1e9 / nanos;
  }

  /**
   * Exact order statistics of a set of latencies (nearest rank, no interpolation), in ms; all -1
   * when there is none.
   */
  record Latency(double p50, double p95, double max) {
    static final Latency NONE = new Latency(-1, -1, -1);
  }

  /**
   * @param millis latencies in ms, in any order
   */
  static Latency latency(List<Double> millis) {
    if (millis.isEmpty()) {
      return Latency.NONE;
    }
    List<Double> sorted = new ArrayList<>(millis);
    sorted.sort(null);
    return new Latency(
        nearestRank(sorted, 0.50), nearestRank(sorted, 0.95), sorted.get(sorted.size() - 1));
  }

  /** The smallest value with at least {@code q} of the values at or below it. */
  private static double nearestRank(List<Double> sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
