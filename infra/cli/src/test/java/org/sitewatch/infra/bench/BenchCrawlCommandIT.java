package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.Json;

/**
 * {@code sitewatch bench crawl} on the smallest farm its flags allow (two sites of three pages, one
 * worker process): it crawls every site, prints its figures and writes them as JSON, exit 0.
 */
class BenchCrawlCommandIT {
  @TempDir Path dir;

  @Test
  void aTinyFarmIsCrawledWholeAndItsFiguresPrintedWithExitZero() throws Exception {
    Path json = dir.resolve("figures.json");

    var bench =
        sitewatch(
            "bench",
            "crawl",
            "--hosts",
            "2",
            "--pages",
            "3",
            "--politeness-ms",
            "50",
            "--workers",
            "1",
            "--concurrent-sites",
            "2",
            "--partitions",
            "1",
            "--farm-threads",
            "2",
            "--work-dir",
            dir.resolve("work").toString(),
            "--json",
            json.toString());

    assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
    assertThat(bench.out())
        .containsPattern("\\nsites\\s+2/2 crawled, 0 duplicate SITE_CRAWLED")
        .containsPattern("\\npages published\\s+6 records")
        .containsPattern("\\nworker 0\\s+pid \\d+")
        .contains("figures written to " + json);
    JsonNode figures = Json.mapper().readTree(json.toFile());
    assertThat(figures.get("sitesSeeded").asInt()).isEqualTo(2);
    assertThat(figures.get("sitesCrawled").asInt()).isEqualTo(2);
    assertThat(figures.get("sitesMissing")).isEmpty();
    assertThat(figures.get("pageRecords").asLong()).isEqualTo(6);
    assertThat(figures.get("farmDistinctPages").asLong()).isEqualTo(6);
    assertThat(figures.get("pagesPerSecond").asDouble()).isPositive();
  }
}
