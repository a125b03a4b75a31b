package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.Json;

/**
 * {@code sitewatch bench scale} in its smallest case: one sink process drains 20 verdicts written
 * before it started (a broker process and a PostgreSQL server beside it), prints its figures and
 * writes them as JSON, exit 0.
 */
class BenchScaleCommandIT {
  @TempDir Path dir;

  @Test
  void oneSinkDrainsEveryVerdictAndItsCpuPerRecordIsReported() throws Exception {
    Path json = dir.resolve("figures.json");

    var bench =
        sitewatch(
            "bench",
            "scale",
            "--stage",
            "sink",
            "--instances",
            "1",
            "--records",
            "20",
            "--partitions",
            "1",
            "--work-dir",
            dir.resolve("work").toString(),
            "--json",
            json.toString());

    assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
    assertThat(bench.out())
        .containsPattern("\\nsink\\s+1\\s+\\d+\\s")
        .containsPattern("\\n  sink-0\\s+pid \\d+\\s+cpu")
        .contains("beside the stage: broker")
        .contains("figures written to " + json);
    JsonNode figures = Json.mapper().readTree(json.toFile());
    assertThat(figures.get("stage").asText()).isEqualTo("sink");
    assertThat(figures.get("instances").asInt()).isEqualTo(1);
    assertThat(figures.get("unit").asText()).isEqualTo("verdicts");
    assertThat(figures.get("recordsInput").asLong()).isEqualTo(20);
    assertThat(figures.get("complete").asBoolean()).isTrue();
    assertThat(figures.get("recordsMeasured").asLong()).isPositive();
    assertThat(figures.get("cpuMsPerRecord").asDouble()).isPositive();
    assertThat(figures.get("meanInputRecordBytes").asDouble()).isGreaterThan(500);
    assertThat(figures.get("perInstance")).hasSize(1);
    assertThat(figures.get("perInstance").get(0).get("name").asText()).isEqualTo("sink-0");
    assertThat(figures.get("perInstance").get(0).get("cpuSeconds").asDouble()).isPositive();
    assertThat(figures.get("databaseBytesPerRecord").asDouble()).isPositive();
    assertThat(figures.get("databaseRows").asText()).isEqualTo("20/20/20/20");
  }
}
