package org.sitewatch.infra.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The figures of one {@code bench pipeline} run; written as JSON with {@code --json} and printed as
 * a table. Latencies are in ms and exact (every verdict and lead timed, nearest rank):
 *
 * <ul>
 *   <li>{@code fetchToVerdictMs}: per verdict record, from the fetch of the page that made it
 *       ({@code lastFetchedAt}, the crawler's clock) to the moment a {@code read_committed} reader
 *       received it (the classifier's transaction had committed);
 *   <li>{@code fetchToDecisionMs}: the same start, to the classifier's {@code decidedAt} (before
 *       its transaction commits): what {@code sitewatch_fetch_to_verdict_seconds} measures;
 *   <li>{@code fetchToLeadMs}: per opened lead, from the fetch of the page whose verdict first
 *       flagged the site to the sink's listener call after the lead's transaction committed;
 *   <li>{@code stepsMs}, where that time goes: {@code fetchToPublish} (the fetch to the page
 *       record's timestamp, set when the crawler's producer took it), {@code publishToDecision}
 *       (waiting in the pages topic and being classified), {@code decisionToVisible} (the
 *       classifier's transaction commit and a consumer's fetch), {@code visibleToLead} (the sink's
 *       poll and its database transaction).
 * </ul>
 *
 * @param pagesFetched page requests the farm answered (robots.txt not counted)
 * @param leadsApplied verdicts the sink applied to a lead (opened or updated)
 * @param leadsFound expected leads that exist ({@code leadsExpected} when nothing is missing)
 * @param cpuMsPerPage the process's CPU time (every stage, the broker, the database client and the
 *     farm; not the PostgreSQL server processes) per classified page
 */
record PipelineBenchResult(
    int sites,
    int pagesPerSite,
    double adultShare,
    long seed,
    long politenessMs,
    int partitions,
    int warmUpSites,
    Map<String, String> overrides,
    String loadAverageBefore,
    String loadAverageAfter,
    int cpus,
    boolean drained,
    double secondsToIdle,
    long pagesFetched,
    Stage crawledPages,
    Stage classifiedPages,
    Stage verdicts,
    Stage leads,
    long leadsApplied,
    BenchFigures.Latency fetchToVerdictMs,
    BenchFigures.Latency fetchToDecisionMs,
    BenchFigures.Latency fetchToLeadMs,
    Map<String, BenchFigures.Latency> stepsMs,
    int verdictsTimed,
    int leadsTimed,
    int leadsExpected,
    int leadsFound,
    List<String> leadsMissing,
    List<String> leadsUnexpected,
    int unreadableVerdicts,
    double processCpuSeconds,
    double cpuMsPerPage) {

  /**
   * Items through one stage.
   *
   * @param perSecond from the first item to the last
   * @param steadyPerSecond between the 10th and the 90th percentile item
   * @param firstAfterSeedSeconds when the first item came, counted from the seeding
   * @param lastAfterSeedSeconds when the last item came, counted from the seeding
   */
  record Stage(
      long count,
      double perSecond,
      double steadyPerSecond,
      double firstAfterSeedSeconds,
      double lastAfterSeedSeconds) {
    /** The same rates with the exact count (a sampled counter's rates, its final value). */
    Stage withCount(long exact) {
      return new Stage(
          exact, perSecond, steadyPerSecond, firstAfterSeedSeconds, lastAfterSeedSeconds);
    }
  }

  /** Whether the run drained and exactly the adult sites became leads. */
  boolean leadsAsExpected() {
    return drained && leadsFound == leadsExpected && leadsUnexpected.isEmpty();
  }

  void printTable(PrintWriter out) {
    row(
        out,
        "farm",
        "%d sites x %d pages, %.0f%% adult (seed %d), politeness %d ms, %d partitions,"
            + " %d warm-up site(s)",
        sites,
        pagesPerSite,
        adultShare * 100,
        seed,
        politenessMs,
        partitions,
        warmUpSites);
    if (!overrides.isEmpty()) {
      row(out, "settings", "%s", overrides);
    }
    row(
        out,
        "load average",
        "%s before, %s after (%d CPUs)",
        loadAverageBefore,
        loadAverageAfter,
        cpus);
    row(out, "idle after", "%.1f s from seeding%s", secondsToIdle, drained ? "" : " (TIMED OUT)");
    stageRow(out, "crawled pages", crawledPages);
    stageRow(out, "classified pages", classifiedPages);
    stageRow(out, "verdicts", verdicts);
    stageRow(out, "leads opened", leads);
    latencyRow(out, "fetch -> verdict", fetchToVerdictMs, verdictsTimed, "verdicts, committed");
    latencyRow(out, "fetch -> decision", fetchToDecisionMs, verdictsTimed, "verdicts, decidedAt");
    latencyRow(out, "fetch -> lead", fetchToLeadMs, leadsTimed, "leads opened");
    stepsMs.forEach(
        (step, l) ->
            row(
                out,
                "  " + step,
                "p50 %.0f ms, p95 %.0f ms, max %.0f ms",
                l.p50(),
                l.p95(),
                l.max()));
    row(
        out,
        "leads",
        "%d of %d expected found, %d unexpected%s%s",
        leadsFound,
        leadsExpected,
        leadsUnexpected.size(),
        leadsMissing.isEmpty() ? "" : "; missing " + leadsMissing,
        leadsUnexpected.isEmpty() ? "" : "; unexpected " + leadsUnexpected);
    row(
        out,
        "cpu",
        "%.1f s of process CPU, %.2f ms per classified page",
        processCpuSeconds,
        cpuMsPerPage);
    out.flush();
  }

  private static void stageRow(PrintWriter out, String name, Stage s) {
    row(
        out,
        name,
        "%d, %.1f/s first to last, %.1f/s steady, first at %.1f s, last at %.1f s",
        s.count(),
        s.perSecond(),
        s.steadyPerSecond(),
        s.firstAfterSeedSeconds(),
        s.lastAfterSeedSeconds());
  }

  private static void latencyRow(
      PrintWriter out, String name, BenchFigures.Latency l, int n, String what) {
    row(
        out,
        name,
        "p50 %.0f ms, p95 %.0f ms, max %.0f ms (%d %s)",
        l.p50(),
        l.p95(),
        l.max(),
        n,
        what);
  }

  private static void row(PrintWriter out, String name, String format, Object... args) {
    out.printf("%-18s %s%n", name, String.format(java.util.Locale.ROOT, format, args));
  }
}
