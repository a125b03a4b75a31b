package org.sitewatch.infra.cli.run;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.ShutdownHook;
import org.sitewatch.infra.cli.UrlListFile;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sitewatch run}: the all-in-one mode on the given seeds. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run every stage in this process (embedded Kafka and PostgreSQL unless configured) on the given seeds.")
public final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin PersistentDataDir dataDir;

  static final class SeedSource {
    @Option(
        names = "--seed",
        paramLabel = "URL",
        required = true,
        description = "A URL to crawl; repeatable.")
    List<String> seeds;

    @Option(
        names = "--seeds-file",
        paramLabel = "FILE",
        required = true,
        description = "A file with one URL per line (# starts a comment).")
    Path seedsFile;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  SeedSource source;

  @Mixin LocalCrawlOptions crawl;

  @Option(
      names = "--until-idle",
      description = "Exit once every seeded site is crawled and every verdict processed.")
  boolean untilIdle;

  @Option(
      names = "--leads-out",
      paramLabel = "FILE",
      description = "Write the leads as JSON lines to FILE at the end.")
  Path leadsOut;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    // first of all, as the stage commands: reading the configuration and the seeds can wait (a
    // slow mount), and a SIGTERM meanwhile must be a clean stop, not the JVM's 143
    try (ShutdownHook hook = ShutdownHook.interruptingCurrentThread()) {
      AllInOne runner = new AllInOne(out, Clock.systemUTC(), hook);
      SitewatchConfig cfg = crawl.load(config, dataDir);
      List<String> seeds = source.seeds != null ? source.seeds : UrlListFile.read(source.seedsFile);
      if (runner.stoppedWhileStarting("run")) {
        return 0;
      }
      if (seeds.isEmpty()) {
        throw new IllegalArgumentException("no seed URLs given");
      }
      AllInOne.Result result =
          runner.run(cfg, seeds, CrawlRequest.Source.SEED, untilIdle, leadsOut);
      runner.printSummary(result);
      return result.drained() ? 0 : 1;
    }
  }
}
