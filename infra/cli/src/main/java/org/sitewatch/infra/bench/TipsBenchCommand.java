package org.sitewatch.infra.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.sitewatch.infra.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sitewatch bench tips}: the public tip-off site under a burst of reports. */
@Command(
    name = "tips",
    mixinStandardHelpOptions = true,
    description = {
      "Reports from many simulated clients to the public tip-off site on loopback; nothing lost?",
      "Starts an embedded PostgreSQL and Kafka and the public site, and sends it reports from",
      "simulated clients (each its own X-Forwarded-For address; GET the form, solve the proof of",
      "work, POST), then a flood past the per-client limit and a burst past the global limit.",
      "Prints accepted tips/s, the share refused by the limits and POST latency, and checks that",
      "every accepted tip is in the database and on the crawl-request topic. Exit code 0 when",
      "nothing accepted was lost (docs/tips.md, \"Load benchmark\")."
    })
final class TipsBenchCommand implements Callable<Integer> {
  @Option(
      names = "--clients",
      defaultValue = "200",
      description = "Simulated clients of the steady phase (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--tips-per-client",
      defaultValue = "3",
      description = "Reports each client sends in the steady phase (default ${DEFAULT-VALUE}).")
  int tipsPerClient;

  @Option(
      names = "--concurrency",
      defaultValue = "16",
      description = "Clients sending at the same time (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--pow-bits",
      defaultValue = "8",
      description =
          "Proof-of-work bits the site asks for in this run (default ${DEFAULT-VALUE}; the site's own"
              + " default is 18, whose cost is measured and printed apart).")
  int powBits;

  @Option(
      names = "--per-client-limit",
      defaultValue = "5",
      description = "Reports per client per --per-client-window (default ${DEFAULT-VALUE}).")
  int perClientLimit;

  @Option(
      names = "--per-client-window",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "Like 10m or 90s (default ${DEFAULT-VALUE}).")
  Duration perClientWindow;

  @Option(
      names = "--global-limit",
      defaultValue = "1000",
      description =
          "Reports from everyone per --global-window (default ${DEFAULT-VALUE}: above the steady"
              + " phase, so that only the burst meets it).")
  int globalLimit;

  @Option(
      names = "--global-window",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "Like 10m; longer than the run, so the burst meets what the earlier phases left"
              + " (default ${DEFAULT-VALUE}).")
  Duration globalWindow;

  @Option(
      names = "--flooders",
      defaultValue = "20",
      description =
          "Clients that go on 3 reports past the per-client limit (default ${DEFAULT-VALUE}).")
  int flooders;

  @Option(
      names = "--pow-samples",
      defaultValue = "10",
      description =
          "Proofs of work solved at the site's default bits to measure one's cost (default"
              + " ${DEFAULT-VALUE}; 0: skip).")
  int powSamples;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Folder for the database and broker (default: a new temporary folder).")
  Path workDir;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("sitewatch-bench-tips-");
    TipLoadBenchmark.Settings settings =
        new TipLoadBenchmark.Settings(
            clients,
            tipsPerClient,
            concurrency,
            powBits,
            perClientLimit,
            perClientWindow,
            globalLimit,
            globalWindow,
            Math.min(flooders, clients),
            powSamples,
            3,
            dir.toAbsolutePath());
    var out = spec.commandLine().getOut();
    TipLoadFigures figures = new TipLoadBenchmark(settings, out).run();
    out.println();
    figures.printTable(out);
    return figures.loss().lost() == 0 && figures.accepted() > 0 ? 0 : 1;
  }

  /** Durations as the configuration writes them: 500ms, 10s, 5m, 24h, or ISO-8601. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return ConfigLoader.parseDuration(value);
    }
  }
}
