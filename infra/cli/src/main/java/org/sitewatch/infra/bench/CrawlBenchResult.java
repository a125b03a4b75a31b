package org.sitewatch.infra.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The figures of one crawl benchmark run; written as JSON with {@code --json} and printed as a
 * table. Rates are measured where the benchmark consumes the pages topic, so they are end to end:
 * fetched, published, acknowledged by the broker and delivered.
 */
record CrawlBenchResult(
    int hosts,
    int pagesPerHost,
    long politenessMs,
    int workers,
    int concurrentSites,
    int killAfterSeconds,
    int partitions,
    List<String> workerJvmOptions,
    String loadAverageBefore,
    String loadAverageAfter,
    int cpus,
    double machineCpuBusyPercent,
    int sitesSeeded,
    int sitesCrawled,
    List<String> sitesMissing,
    long duplicateSiteCrawledOutcomes,
    Map<String, Long> siteResults,
    long pageRecords,
    long pageRecordBytes,
    double firstToLastPageSeconds,
    double secondsUntilAllSitesCrawled,
    double pagesPerSecond,
    double pagesPerSecondMiddle80,
    double pageRecordMegabytesPerSecond,
    long farmPageRequests,
    long farmDistinctPages,
    long refetches,
    double refetchPercent,
    long robotsRequests,
    double farmMegabytesPerSecond,
    int hostsWithGaps,
    long gaps,
    double minGapMs,
    String minGapHost,
    long gapsBelowDelay,
    long gapsBelowDelayByMoreThan1ms,
    double medianHostMinGapMs,
    List<Worker> workerProcesses,
    double benchProcessCpuSeconds,
    double farmCpuSeconds,
    double killedAtSecond,
    double firstRefetchAfterKillSeconds,
    boolean timedOut,
    String workDir,
    double workerCpuMsPerPage,
    double workerCpuMsPerPageSteady) {

  /** One worker process: CPU seconds used (user + system) and peak resident memory (VmHWM). */
  record Worker(int index, long pid, double cpuSeconds, long peakRssMegabytes, boolean killed) {}

  /** True when every seeded site has a SITE_CRAWLED outcome. */
  boolean allSitesCrawled() {
    return !timedOut && sitesMissing.isEmpty() && sitesCrawled == sitesSeeded;
  }

  void printTable(PrintWriter out) {
    row(out, "farm", "%d hosts x %d pages, politeness %d ms", hosts, pagesPerHost, politenessMs);
    row(
        out,
        "workers",
        "%d process(es), %d concurrent sites each, %d partitions, JVM %s",
        workers,
        concurrentSites,
        partitions,
        workerJvmOptions.isEmpty() ? "defaults" : String.join(" ", workerJvmOptions));
    row(
        out,
        "load average",
        "%s before, %s after (%d CPUs, machine %.0f%% busy during the run)",
        loadAverageBefore,
        loadAverageAfter,
        cpus,
        machineCpuBusyPercent);
    row(
        out,
        "sites",
        "%d/%d crawled%s, %d duplicate SITE_CRAWLED, results %s",
        sitesCrawled,
        sitesSeeded,
        timedOut ? " (TIMED OUT)" : "",
        duplicateSiteCrawledOutcomes,
        siteResults);
    if (!sitesMissing.isEmpty()) {
      row(
          out,
          "sites missing",
          "%s",
          sitesMissing.size() > 10 ? sitesMissing.subList(0, 10) + " ..." : sitesMissing);
    }
    row(
        out,
        "pages published",
        "%d records, %.1f MB",
        pageRecords,
        pageRecordBytes / (1024.0 * 1024));
    row(
        out,
        "time",
        "%.1f s first to last page, %.1f s from seeding until every site was crawled",
        firstToLastPageSeconds,
        secondsUntilAllSitesCrawled);
    row(
        out,
        "pages/s",
        "%.1f first to last, %.1f steady (middle 80%%)",
        pagesPerSecond,
        pagesPerSecondMiddle80);
    row(
        out,
        "bytes/s",
        "%.2f MB/s page records, %.2f MB/s served by the farm",
        pageRecordMegabytesPerSecond,
        farmMegabytesPerSecond);
    row(
        out,
        "farm requests",
        "%d pages (%d distinct), %d refetches (%.2f%%), %d robots.txt",
        farmPageRequests,
        farmDistinctPages,
        refetches,
        refetchPercent,
        robotsRequests);
    row(
        out,
        "politeness",
        "min gap %.1f ms (%s), %d of %d gaps < %d ms (%d by more than 1 ms), median host min %.1f ms",
        minGapMs,
        minGapHost,
        gapsBelowDelay,
        gaps,
        politenessMs,
        gapsBelowDelayByMoreThan1ms,
        medianHostMinGapMs);
    for (Worker w : workerProcesses) {
      row(
          out,
          "worker " + w.index(),
          "pid %d: %.1f CPU s (%.2f cores), peak RSS %d MB%s",
          w.pid(),
          w.cpuSeconds(),
          secondsUntilAllSitesCrawled == 0 ? 0 : w.cpuSeconds() / secondsUntilAllSitesCrawled,
          w.peakRssMegabytes(),
          w.killed() ? ", KILLED (figures of its last sample)" : "");
    }
    row(
        out,
        "worker CPU",
        "%.2f ms per page overall, %s ms per page steady (middle 80%%), all workers",
        workerCpuMsPerPage,
        // 0: a worker's CPU samples do not cover the middle of the run (one was killed)
        workerCpuMsPerPageSteady > 0
            ? String.format(java.util.Locale.ROOT, "%.2f", workerCpuMsPerPageSteady)
            : "n/a");
    row(
        out,
        "bench process",
        "%.1f CPU s (broker + farm %.1f s + consumer)",
        benchProcessCpuSeconds,
        farmCpuSeconds);
    if (killedAtSecond >= 0) {
      row(
          out,
          "kill -9",
          "worker 0 at %.1f s; first refetch %.1f s later",
          killedAtSecond,
          firstRefetchAfterKillSeconds);
    }
    row(out, "work folder", "%s", workDir);
    out.flush();
  }

  private static void row(PrintWriter out, String name, String format, Object... args) {
    out.printf("%-16s %s%n", name, String.format(java.util.Locale.ROOT, format, args));
  }
}
