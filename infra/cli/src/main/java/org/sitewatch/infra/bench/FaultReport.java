package org.sitewatch.infra.bench;

import java.io.PrintWriter;
import java.util.List;

/** Prints the figures of {@code bench faults} runs as text. */
final class FaultReport {
  private FaultReport() {}

  static void print(FaultBenchmark.Run run, PrintWriter out) {
    FaultFigures.Figures f = run.figures();
    out.printf("%n== run %s (%s) ==%n", run.name(), run.idle() ? "idle" : "NOT idle at the cap");
    out.printf("  secondsToIdle                %.1f%n", run.secondsToIdle());
    out.printf("  sitesSeeded                  %d%n", f.sitesSeeded());
    out.printf("  sitesCrawled                 %d%n", f.sitesCrawled());
    out.printf("  extraSiteCrawledOutcomes     %d%n", f.extraSiteCrawledOutcomes());
    out.printf("  leadsExpected                %d%n", f.leadsExpected());
    out.printf("  leadsFound                   %d%n", f.leadsFound());
    out.printf(
        "  leadsMissing                 %d %s%n", f.leadsMissing().size(), head(f.leadsMissing()));
    out.printf(
        "  leadsUnexpected              %d %s%n",
        f.leadsUnexpected().size(), head(f.leadsUnexpected()));
    out.printf("  historyRows / custodyRows    %d / %d%n", f.historyRows(), f.custodyRows());
    out.printf("  duplicateHistoryRows         %d%n", f.duplicateHistoryRows());
    out.printf("  duplicateCustodyRows         %d%n", f.duplicateCustodyRows());
    out.printf("  leadsWithInflatedPages       %d%n", f.leadsWithInflatedPages());
    out.printf(
        "  leadsDifferingFromFaultFree  %s %s%n",
        f.leadsDifferingFromFaultFree() < 0
            ? "-"
            : Integer.toString(f.leadsDifferingFromFaultFree()),
        head(f.differingLeads()));
    out.printf("  unplannedRestarts            %s%n", run.unplannedRestarts());
    for (FaultBenchmark.Fault fault : run.faults()) {
      out.printf(
          "  fault at %6.1f s: %-55s secondsToRecover %s%n",
          fault.atSecond(),
          fault.what(),
          fault.secondsToRecover() < 0
              ? "not within the cap"
              : String.format("%.1f", fault.secondsToRecover()));
    }
    for (ClusterProcess.Stop stop : run.cleanStop()) {
      out.printf(
          "  clean stop (brokers away) %-13s %5.1f s, exit code %d%s%n",
          stop.process(),
          stop.seconds(),
          stop.exitCode(),
          stop.killed() ? " (killed at the cap)" : "");
    }
    out.flush();
  }

  private static String head(List<String> sites) {
    if (sites.isEmpty()) {
      return "";
    }
    return sites.size() <= 8 ? sites.toString() : sites.subList(0, 8) + " ...";
  }
}
