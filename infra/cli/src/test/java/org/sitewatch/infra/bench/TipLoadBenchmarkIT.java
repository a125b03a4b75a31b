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
    // steady 5 x 2; flood: 2 clients x 4 (1 more fits under 3); burst: 8 left + 10 over
    assertThat(figures.submissions()).isEqualTo(10 + 8 + 18);
    assertThat(figures.accepted()).isEqualTo(20);
    assertThat(figures.refusedPerClient()).isEqualTo(6);
    assertThat(figures.refusedGlobal()).isEqualTo(10);
    assertThat(figures.loss().lost()).as(text.toString()).isZero();
    assertThat(figures.loss().reportRows()).isEqualTo(20);
    assertThat(figures.loss().crawlRequests()).isEqualTo(20);
    assertThat(figures.accepted95Ms()).isPositive();
    assertThat(figures.acceptedPerSecond()).isPositive();
    assertThat(figures.pow().bits()).isEqualTo(18);
    assertThat(figures.pow().medianMs()).isPositive();
    assertThat(text.toString())
        .contains("lost: 0")
        .containsPattern("accepted tips per second\\s+\\d")
        .containsPattern("refused, global limit\\s+10");
  }
}
