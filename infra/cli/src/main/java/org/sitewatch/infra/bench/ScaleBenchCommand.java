package org.sitewatch.infra.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.sitewatch.events.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sitewatch bench scale}. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Measure one stage with N instances (separate processes): records/s, CPU per record and CPU of",
      "each instance. classifier and sink drain an input topic filled before they start (generated",
      "pages; flagged verdicts) against a broker process and a PostgreSQL server; crawler runs the",
      "crawl benchmark with N workers. Exit code 0 when every record was handled. See docs/sizing.md."
    })
final class ScaleBenchCommand implements Callable<Integer> {
  @Option(names = "--stage", required = true, description = "crawler, classifier or sink.")
  String stage;

  @Option(
      names = "--instances",
      defaultValue = "1",
      description = "Instances (processes) of the stage (default ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--records",
      description =
          "Input records: pages for crawler and classifier, verdicts for sink (default: crawler 5000,"
              + " classifier 3000, sink 5000).")
  Integer records;

  @Option(
      names = "--pages-per-site",
      defaultValue = "50",
      description = "Pages of each site (crawler, classifier) (default ${DEFAULT-VALUE}).")
  int pagesPerSite;

  @Option(
      names = "--partitions",
      defaultValue = "12",
      description = "Partitions of each topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--html-dir",
      paramLabel = "DIR",
      description =
          "classifier: page bodies from the .html files under DIR, read in place, each cut at 80 KB"
              + " (default: the crawl benchmark farm's generated 20-40 KB pages).")
  Path htmlDir;

  @Option(
      names = "--flagged-percent",
      defaultValue = "100",
      description =
          "sink: share of flagged verdicts (each opens a lead), in percent (default ${DEFAULT-VALUE}).")
  int flaggedPercent;

  @Option(
      names = "--concurrent-sites",
      defaultValue = "200",
      description =
          "crawler: crawler.max-concurrent-sites of each worker (default ${DEFAULT-VALUE}).")
  int concurrentSites;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "600",
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--stage-jvm-opt",
      paramLabel = "OPTION",
      description =
          "JVM option of the stage processes; repeatable (default -Xmx512m; crawlers also get"
              + " -XX:-ProfileInterpreter unless an option names ProfileInterpreter).")
  List<String> stageJvm = new ArrayList<>();

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Folder for broker, database, logs (default: a new temporary folder).")
  Path workDir;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the figures as JSON to FILE.")
  Path json;

  @Spec CommandLine.Model.CommandSpec spec;

  /** The JVM options the stage processes start with (crawlers as `bench faults` starts them). */
  List<String> effectiveStageJvmOptions() {
    return FaultCluster.stageJvmOptions(stage, stageJvm.isEmpty() ? List.of("-Xmx512m") : stageJvm);
  }

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("sitewatch-bench-scale-");
    int n =
        records != null
            ? records
            : switch (stage) {
              case "crawler", "sink" -> 5000;
              default -> 3000;
            };
    ScaleBenchmark.Settings settings =
        new ScaleBenchmark.Settings(
            stage,
            instances,
            n,
            pagesPerSite,
            partitions,
            htmlDir,
            flaggedPercent,
            concurrentSites,
            timeoutSeconds,
            effectiveStageJvmOptions(),
            dir.toAbsolutePath());
    var out = spec.commandLine().getOut();
    ScaleBenchmark.Result result = new ScaleBenchmark(settings, out).run();
    out.println();
    result.printTable(out);
    if (json != null) {
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
      out.printf("figures written to %s%n", json);
    }
    return result.complete() ? 0 : 1;
  }
}
