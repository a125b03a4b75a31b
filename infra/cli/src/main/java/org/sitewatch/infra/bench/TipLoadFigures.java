package org.sitewatch.infra.bench;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * What {@code bench tips} measured.
 *
 * @param settings what ran
 * @param submissions POSTs of the report form, over every phase
 * @param accepted answered 200 with a receipt
 * @param refusedPerClient answered 429 to a client that already had its per-client limit of
 *     accepted tips
 * @param refusedGlobal answered 429 to a client still under its per-client limit: the global limit
 * @param otherErrors any other answer (400, 5xx, a 200 without a receipt, no answer at all)
 * @param otherExamples up to five of them, as "status: what the page said"
 * @param burst submissions of the burst phase (fresh clients, one tip each)
 * @param steadyAccepted tips accepted in the steady phase (every client, its tips one after
 *     another)
 * @param steadySeconds wall time of the steady phase
 * @param accepted50Ms p50 latency of the accepted POSTs, in ms (send to last byte), every phase
 * @param slowest the slowest accepted POSTs, as "ms at +seconds into the run"
 * @param refused50Ms p50 latency of the POSTs refused by a limit, in ms (-1 when none)
 * @param pow the cost of one proof of work at the real default
 * @param loss the loss check
 * @param cpus processors of this machine
 * @param loadBefore the load average (1, 5, 15 minutes) before the run: the site, the database, the
 *     broker and the clients share these processors with whatever else runs
 */
record TipLoadFigures(
    TipLoadBenchmark.Settings settings,
    long submissions,
    long accepted,
    long refusedPerClient,
    long refusedGlobal,
    long otherErrors,
    List<String> otherExamples,
    int burst,
    long steadyAccepted,
    double steadySeconds,
    double accepted50Ms,
    double accepted95Ms,
    double accepted99Ms,
    double acceptedMaxMs,
    List<String> slowest,
    double refused50Ms,
    PowCost pow,
    Loss loss,
    int cpus,
    String loadBefore,
    String loadAfter) {

  TipLoadFigures {
    otherExamples = List.copyOf(otherExamples);
    slowest = List.copyOf(slowest);
  }

  /**
   * What one solve costs at {@code bits} on this machine, in Java on one core (a browser's script
   * is slower): the expected work is 2^bits hashes.
   */
  record PowCost(
      int bits, int samples, double medianMs, double meanMs, double maxMs, double hashesPerSecond) {
    /** The expected time of one solve: 2^bits hashes at the measured rate. */
    double expectedMs() {
      return hashesPerSecond <= 0 ? -1 : Math.pow(2, bits) / hashesPerSecond * 1e3;
    }
  }

  /**
   * The loss check: every accepted receipt's report is in the database, every accepted tip's crawl
   * request is on the crawl-request topic.
   *
   * @param reportRows rows of {@code tip_report} after the run
   * @param notInDatabase accepted receipts (shown cut to their first group) with no report
   * @param notOnTopic accepted URLs with no crawl request (source TIP) on the topic
   * @param crawlRequests crawl requests read from the topic
   * @param unsentTips tips whose crawl request the public site did not note as sent
   */
  record Loss(
      long reportRows,
      List<String> notInDatabase,
      List<String> notOnTopic,
      long crawlRequests,
      long unsentTips) {
    Loss {
      notInDatabase = List.copyOf(notInDatabase);
      notOnTopic = List.copyOf(notOnTopic);
    }

    long lost() {
      return notInDatabase.size() + notOnTopic.size();
    }
  }

  /** Accepted tips per second in the steady phase. */
  double acceptedPerSecond() {
    return steadySeconds <= 0 ? 0 : steadyAccepted / steadySeconds;
  }

  /** Share of the submissions refused by a limit (429), in percent. */
  double refusedPercent() {
    return submissions == 0 ? 0 : 100.0 * (refusedPerClient + refusedGlobal) / submissions;
  }

  /** The smallest value with at least {@code p} percent of the values at or below it (-1: none). */
  static double percentile(Collection<Double> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int rank = (int) Math.ceil(p / 100.0 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  private static String shown(java.time.Duration d) {
    if (d.toSeconds() % 60 == 0 && d.toNanosPart() == 0) {
      return d.toMinutes() + " min";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  void printTable(PrintWriter out) {
    TipLoadBenchmark.Settings s = settings;
    out.printf(
        "simulated clients            %,d x %d tips, %d at a time; %d flooders; a burst of %,d fresh clients%n",
        s.clients(), s.tipsPerClient(), s.concurrency(), s.flooders(), burst);
    out.printf(
        "limits                       %d per client per %s, %,d in all per %s%n",
        s.perClientLimit(), shown(s.perClientWindow()), s.globalLimit(), shown(s.globalWindow()));
    out.printf(
        "proof of work                %d bits in this run (the real default: %d)%n",
        s.powBits(), pow.bits());
    out.printf(
        "machine                      %d processors, load average %s before, %s after%n",
        cpus, loadBefore, loadAfter);
    out.printf("submissions                  %,d%n", submissions);
    out.printf("accepted                     %,d%n", accepted);
    out.printf("refused, per-client limit    %,d%n", refusedPerClient);
    out.printf("refused, global limit        %,d%n", refusedGlobal);
    out.printf("share refused by the limits  %.1f %%%n", refusedPercent());
    out.printf(
        "other errors                 %,d%s%n",
        otherErrors, otherExamples.isEmpty() ? "" : " " + otherExamples);
    out.printf(
        "accepted tips per second     %.1f (steady phase: %,d tips in %.2f s, each with its GET and proof of work)%n",
        acceptedPerSecond(), steadyAccepted, steadySeconds);
    out.printf(
        "accepted POST latency        p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        accepted50Ms, accepted95Ms, accepted99Ms, acceptedMaxMs);
    out.printf("slowest accepted POSTs       %s%n", String.join(", ", slowest));
    out.printf("refused POST latency         p50 %.1f ms%n", refused50Ms);
    out.printf(
        "one solve at %d bits         %.0f ms expected (2^%d hashes at %.2f M hashes/s, Java, one core);"
            + " measured over %d solves: median %.0f ms, mean %.0f ms, max %.0f ms%n",
        pow.bits(),
        pow.expectedMs(),
        pow.bits(),
        pow.hashesPerSecond() / 1e6,
        pow.samples(),
        pow.medianMs(),
        pow.meanMs(),
        pow.maxMs());
    out.printf(
        "database                     %,d reports (%,d tips not noted as sent)%n",
        loss.reportRows(), loss.unsentTips());
    out.printf("crawl-request topic          %,d requests%n", loss.crawlRequests());
    if (loss.lost() == 0) {
      out.println("lost: 0");
    } else {
      out.printf(
          "lost: %d (not in the database: %s; not on the crawl-request topic: %s)%n",
          loss.lost(), loss.notInDatabase(), loss.notOnTopic());
    }
    out.flush();
  }
}
