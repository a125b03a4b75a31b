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

/** {@code sitewatch bench}: benchmarks that run on this machine only, on loopback. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks on loopback (not tests): see the README section \"Crawler benchmark\".",
    subcommands = {
      BenchCommand.Crawl.class,
      BenchCommand.Workbench.class,
      TipsBenchCommand.class,
      FaultsBenchCommand.class,
      PipelineBenchCommand.class,
      ScaleBenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BenchCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code sitewatch bench crawl}. */
  @Command(
      name = "crawl",
      mixinStandardHelpOptions = true,
      description = {
        "Crawl a loopback farm of generated sites with crawler worker processes against an embedded",
        "Kafka broker and measure pages/s end to end, politeness as seen by the farm, refetches,",
        "CPU and memory of each worker. Exit code 0 when every seeded site got a SITE_CRAWLED outcome."
      })
  static final class Crawl implements Callable<Integer> {
    @Option(
        names = "--hosts",
        defaultValue = "200",
        description = "Virtual hosts (sites) of the farm (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(
        names = "--pages",
        defaultValue = "50",
        description = "Pages per site; also crawler.max-pages-per-site (default ${DEFAULT-VALUE}).")
    int pages;

    @Option(
        names = "--politeness-ms",
        defaultValue = "200",
        description = "crawler.politeness-delay in ms (default ${DEFAULT-VALUE}).")
    long politenessMs;

    @Option(
        names = "--workers",
        defaultValue = "1",
        description = "Crawler worker processes (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(
        names = "--concurrent-sites",
        defaultValue = "64",
        description = "crawler.max-concurrent-sites of each worker (default ${DEFAULT-VALUE}).")
    int concurrentSites;

    @Option(
        names = "--kill-after-seconds",
        defaultValue = "0",
        description =
            "Kill worker 0 with SIGKILL this long after seeding; nothing replaces it (needs --workers >= 2; 0: no kill).")
    int killAfterSeconds;

    @Option(
        names = "--partitions",
        defaultValue = "12",
        description = "Partitions of each topic (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--timeout-seconds",
        defaultValue = "900",
        description = "Give up after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
        names = "--farm-threads",
        defaultValue = "16",
        description = "Request threads of the farm (default ${DEFAULT-VALUE}).")
    int farmThreads;

    @Option(
        names = "--worker-jvm-opt",
        paramLabel = "OPTION",
        description =
            "JVM option for the worker processes; repeatable (default -Xmx512m"
                + " -XX:-ProfileInterpreter, replaced as a whole by the options given)."
                + " E.g. -XX:StartFlightRecording=filename=w.jfr")
    List<String> workerJvmOptions = new ArrayList<>();

    /**
     * The worker's JVM options when none are given: the heap of the published figures, and no
     * profiling in the interpreter, as the crawler runs in production (infra/deploy). With
     * interpreter profiling on, a hot method whose profile matures in the interpreter while the
     * loaded C1 compiler has not yet reached it is queued for C2 directly, and C2's queue serves
     * methods compiled before first: under a crawl's load it stays interpreted for a minute, which
     * made runs bimodal (docs/crawler-benchmark.md, "What picks the mode").
     */
    static final List<String> DEFAULT_WORKER_JVM_OPTIONS =
        List.copyOf(FaultCluster.stageJvmOptions("crawler", List.of("-Xmx512m")));

    /** The JVM options the workers are started with. */
    List<String> effectiveWorkerJvmOptions() {
      return workerJvmOptions.isEmpty() ? DEFAULT_WORKER_JVM_OPTIONS : workerJvmOptions;
    }

    @Option(
        names = "--work-dir",
        paramLabel = "DIR",
        description =
            "Folder for the broker, worker configs, logs and frontiers (default: a new temporary folder).")
    Path workDir;

    @Option(
        names = "--json",
        paramLabel = "FILE",
        description = "Also write the figures as JSON to FILE.")
    Path json;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Path dir = workDir != null ? workDir : Files.createTempDirectory("sitewatch-bench-");
      List<String> jvm = effectiveWorkerJvmOptions();
      CrawlBenchmark.Settings settings =
          new CrawlBenchmark.Settings(
              hosts,
              pages,
              politenessMs,
              workers,
              concurrentSites,
              killAfterSeconds,
              partitions,
              timeoutSeconds,
              farmThreads,
              jvm,
              dir.toAbsolutePath());
      var out = spec.commandLine().getOut();
      CrawlBenchResult result = new CrawlBenchmark(settings, out).run();
      out.println();
      result.printTable(out);
      if (json != null) {
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
        out.printf("figures written to %s%n", json);
      }
      return result.allSitesCrawled() ? 0 : 1;
    }
  }

  /** {@code sitewatch bench workbench}. */
  @Command(
      name = "workbench",
      mixinStandardHelpOptions = true,
      description = {
        "Fill an embedded PostgreSQL with generated leads and history, start the workbench on",
        "loopback and time signed-in queue and lead pages (p50, p95, max). Exit code 0 when every",
        "page's p95 is under --goal-ms."
      })
  static final class Workbench implements Callable<Integer> {
    @Option(
        names = "--leads",
        defaultValue = "100000",
        description = "Leads (default ${DEFAULT-VALUE}).")
    int leads;

    @Option(
        names = "--history",
        defaultValue = "1000000",
        description =
            "History rows: verdict events, review actions and custody entries (default ${DEFAULT-VALUE}).")
    int history;

    @Option(
        names = "--samples",
        defaultValue = "200",
        description = "Timed requests per page (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(
        names = "--goal-ms",
        defaultValue = "100",
        description = "The p95 every page must stay under (default ${DEFAULT-VALUE}).")
    double goalMs;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Path dir = Files.createTempDirectory("sitewatch-bench-workbench");
      double worst =
          new WorkbenchBenchmark(leads, history, samples, spec.commandLine().getOut()).run(dir);
      return worst < goalMs ? 0 : 1;
    }
  }
}
