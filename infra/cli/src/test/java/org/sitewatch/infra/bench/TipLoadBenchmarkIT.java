package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of {@code bench tips} against the real public site, database and broker: the simulated
 * clients' tips are accepted, the flood meets the per-client limit and the burst the global one,
 * nothing accepted is lost, and the figures are printed.
 */
class TipLoadBenchmarkIT {
  @Test
  void aSmallBurstLosesNothingAndMeetsBothLimits(@TempDir Path dir) throws Exception {
    var settings =
        new TipLoadBenchmark.Settings(
            5, // clients
            2, // tips each
            4, // at a time
            4, // pow bits
            3, // per client
            Duration.ofMinutes(10),
            20, // in all
            Duration.ofMinutes(10),
            2, // flooders
            1, // one solve at the real default
            1,
            dir);
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);

    TipLoadFigures figures = new TipLoadBenchmark(settings, out).run();
    figures.printTable(out);

    assertThat(figures.otherErrors()).as(text.toString()).isZero();
    // steady: 5 x 2, all within the limits; flood: 2 clients x 4, the last 3 each over the
    // per-client limit of 3; burst: 8 left under the global limit + 10 (the limiter may count
    // refused reports too, so at least 10 meet the global limit)
    assertThat(figures.steadyAccepted()).isEqualTo(10);
    assertThat(figures.submissions()).isEqualTo(10 + 8 + 18);
    assertThat(figures.refusedPerClient()).isEqualTo(6);
    assertThat(figures.refusedGlobal()).isGreaterThanOrEqualTo(10);
    assertThat(figures.accepted() + figures.refusedPerClient() + figures.refusedGlobal())
        .isEqualTo(figures.submissions());
    assertThat(figures.loss().lost()).as(text.toString()).isZero();
    assertThat(figures.loss().reportRows()).isEqualTo(figures.accepted());
    assertThat(figures.loss().crawlRequests()).isEqualTo(figures.accepted());
    assertThat(figures.accepted95Ms()).isPositive();
    assertThat(figures.acceptedPerSecond()).isPositive();
    assertThat(figures.pow().bits()).isEqualTo(18);
    assertThat(figures.pow().medianMs()).isPositive();
    assertThat(text.toString())
        .contains("lost: 0")
        .containsPattern("accepted tips per second\\s+\\d")
        .containsPattern("refused, global limit\\s+\\d");
  }
}
