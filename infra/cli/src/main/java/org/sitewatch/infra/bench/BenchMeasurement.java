package org.sitewatch.infra.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the crawl benchmark's consumer of pages and outcomes saw. */
final class BenchMeasurement {
  final Set<String> seededSites = new HashSet<>();
  final List<Long> pageNanos = new ArrayList<>();
  final Map<String, Integer> siteCrawled = new HashMap<>();
  final Map<String, Long> results = new LinkedHashMap<>();
  long pageRecordBytes;
  double secondsToAllCrawled;
  double killedAtSecond = -1;
  long killedAtNanos;
  boolean timedOut;
  long seededAtNanos;

  /** Seconds from the kill to the first request for a URL the farm had served before. */
  double firstRefetchAfterKillSecond(List<BenchFarm.Request> log) {
    Set<String> seen = new HashSet<>();
    for (BenchFarm.Request r :
        log.stream().sorted(Comparator.comparingLong(BenchFarm.Request::nanos)).toList()) {
      if (r.path().equals(BenchFigures.ROBOTS_PATH)) {
        continue;
      }
      if (!seen.add(r.host() + r.path()) && r.nanos() > killedAtNanos) {
        return (r.nanos() - killedAtNanos) / 1e9;
      }
    }
    return -1;
  }
}
