package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.Json;

/**
 * {@code sitewatch bench pipeline} on a farm of six sites, half of them adult: every stage in one
 * process on an embedded broker and PostgreSQL; the three adult sites and no other become leads,
 * and the figures carry both latencies with p50, p95 and max.
 */
class BenchPipelineCommandIT {
  @TempDir Path dir;

  @Test
  void aSmallFarmEndsWithExactlyTheAdultSitesAsLeadsAndBothLatenciesInTheJson() throws Exception {
    Path json = dir.resolve("figures.json");

    var bench =
        sitewatch(
            "bench",
            "pipeline",
            "--sites",
            "6",
            "--pages-per-site",
            "3",
            "--adult-share",
            "0.5",
            "--seed",
            "7",
            "--politeness-ms",
            "50",
            "--partitions",
            "1",
            "--work-dir",
            dir.resolve("work").toString(),
            "--json",
            json.toString());

    assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
    assertThat(bench.out())
        .containsPattern("\\nleads\\s+3 of 3 expected found, 0 unexpected")
        .containsPattern("\\nfetch -> lead\\s+p50 \\d+ ms, p95 \\d+ ms, max \\d+ ms \\(3 leads")
        .contains("figures written to " + json);
    JsonNode figures = Json.mapper().readTree(json.toFile());
    assertThat(figures.get("drained").asBoolean()).isTrue();
    assertThat(figures.get("leadsExpected").asInt()).isEqualTo(3);
    assertThat(figures.get("leadsFound").asInt()).isEqualTo(3);
    assertThat(figures.get("leadsUnexpected")).isEmpty();
    assertThat(figures.get("leadsTimed").asInt()).isEqualTo(3);
    assertThat(figures.get("crawledPages").get("count").asLong()).isEqualTo(18);
    assertThat(figures.get("classifiedPages").get("count").asLong()).isEqualTo(18);
    for (String latency : new String[] {"fetchToVerdictMs", "fetchToLeadMs"}) {
      JsonNode l = figures.get(latency);
      assertThat(l.fieldNames()).toIterable().containsExactlyInAnyOrder("p50", "p95", "max");
      assertThat(l.get("p50").asDouble()).as(latency).isPositive();
      assertThat(l.get("p95").asDouble())
          .as(latency)
          .isGreaterThanOrEqualTo(l.get("p50").asDouble());
      assertThat(l.get("max").asDouble())
          .as(latency)
          .isGreaterThanOrEqualTo(l.get("p95").asDouble());
    }
  }
}
