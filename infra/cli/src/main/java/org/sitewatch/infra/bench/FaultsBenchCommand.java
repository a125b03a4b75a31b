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

/** {@code sitewatch bench faults}. */
@Command(
    name = "faults",
    mixinStandardHelpOptions = true,
    description = {
      "Run the production shape as separate processes on this machine (KRaft brokers, a PostgreSQL",
      "server, two crawlers, two classifiers, two sinks, a loopback farm whose leads are known), once",
      "without faults and once with kill -9 of each stage and of a broker, a PostgreSQL outage and a",
      "rolling restart; print what was lost, duplicated or slow. Exit code 0 when both runs crawled",
      "every site and found exactly the expected leads. See docs/operations-fault-benchmark.md."
    })
final class FaultsBenchCommand implements Callable<Integer> {
  @Option(names = "--sites", description = "Sites of the farm (default 320; 48 with --quick).")
  Integer sites;

  @Option(
      names = "--quick",
      description = "A short run: 48 sites, one broker, one fault (kill -9 of a classifier).")
  boolean quick;

  @Option(names = "--no-postgres-outage", description = "Leave out the 30 s PostgreSQL outage.")
  boolean noPostgresOutage;

  @Option(
      names = "--restart-delay-seconds",
      defaultValue = "5",
      description = "How long a killed process stays down (default ${DEFAULT-VALUE}).")
  int restartDelaySeconds;

  @Option(
      names = "--recovery-cap-seconds",
      defaultValue = "240",
      description = "Longest wait for a fault's recovery (default ${DEFAULT-VALUE}).")
  int recoveryCapSeconds;

  @Option(
      names = "--idle-cap-seconds",
      defaultValue = "1800",
      description = "Longest wait for a run to become idle (default ${DEFAULT-VALUE}).")
  int idleCapSeconds;

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
      description = "Folder for brokers, database, logs (default: a new temporary folder).")
  Path workDir;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the figures as JSON to FILE.")
  Path json;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("sitewatch-bench-faults-");
    FaultBenchmark.Settings settings =
        new FaultBenchmark.Settings(
            sites != null ? sites : quick ? 48 : 320,
            quick,
            quick ? 1 : 3,
            6,
            restartDelaySeconds,
            !quick && !noPostgresOutage,
            30,
            recoveryCapSeconds,
            idleCapSeconds,
            quick ? 10 : 20,
            120,
            stageJvm.isEmpty() ? List.of("-Xmx512m") : stageJvm,
            List.of("-Xmx384m"),
            dir.toAbsolutePath());
    var out = spec.commandLine().getOut();
    FaultBenchmark.Result result = new FaultBenchmark(settings, out).run();
    if (json != null) {
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
      out.printf("figures written to %s%n", json);
    }
    boolean ok =
        result.runs().stream()
            .allMatch(
                r ->
                    r.figures().sitesCrawled() == r.figures().sitesSeeded()
                        && r.figures().leadsMissing().isEmpty()
                        && r.figures().leadsUnexpected().isEmpty());
    return ok ? 0 : 1;
  }
}
