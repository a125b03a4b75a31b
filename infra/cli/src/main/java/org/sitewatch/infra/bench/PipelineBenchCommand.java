package org.sitewatch.infra.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.events.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sitewatch bench pipeline}. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Run every stage in this process (embedded Kafka broker and PostgreSQL, as `sitewatch run`",
      "does) on a loopback farm with a known share of adult sites; print pages/s through each",
      "stage and the latency from a page's fetch to its site's verdict and to the lead (p50, p95,",
      "max). Exit code 0 when the pipeline drained and exactly the adult sites became leads.",
      "Definitions and figures: docs/pipeline-benchmark.md."
    })
final class PipelineBenchCommand implements Callable<Integer> {
  @Option(
      names = "--sites",
      defaultValue = "100",
      description = "Sites of the farm (default ${DEFAULT-VALUE}).")
  int sites;

  @Option(
      names = "--pages-per-site",
      defaultValue = "20",
      description = "Pages per site; also crawler.max-pages-per-site (default ${DEFAULT-VALUE}).")
  int pagesPerSite;

  @Option(
      names = "--adult-share",
      defaultValue = "0.3",
      description =
          "Share of the sites that are adult and must become leads (default ${DEFAULT-VALUE}).")
  double adultShare;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the choice of adult sites (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--politeness-ms",
      defaultValue = "100",
      description = "crawler.politeness-delay in ms (default ${DEFAULT-VALUE}).")
  long politenessMs;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "kafka.partitions (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--warm-up-sites",
      defaultValue = "1",
      description =
          "Everyday sites crawled through every stage before the measured ones, so that start-up"
              + " (class loading, lexicons, JIT) is not counted; 0: none (default ${DEFAULT-VALUE}).")
  int warmUpSites;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "300",
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A configuration setting over the benchmark's own, e.g. --set sink.kafka.fetch.max.wait.ms=100; repeatable.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Folder for the broker, the database and the WARC files (default: a new temporary folder).")
  Path workDir;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the figures as JSON to FILE.")
  Path json;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("sitewatch-bench-pipeline-");
    var settings =
        new PipelineBenchmark.Settings(
            sites,
            pagesPerSite,
            adultShare,
            seed,
            politenessMs,
            partitions,
            warmUpSites,
            timeoutSeconds,
            overrides,
            dir.toAbsolutePath());
    var out = spec.commandLine().getOut();
    PipelineBenchResult result = new PipelineBenchmark(settings, out).run();
    out.println();
    result.printTable(out);
    if (json != null) {
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
      out.printf("figures written to %s%n", json);
    }
    return result.leadsAsExpected() ? 0 : 1;
  }
}
