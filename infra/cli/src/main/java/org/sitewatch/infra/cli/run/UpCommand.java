package org.sitewatch.infra.cli.run;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.ServedSite;
import org.sitewatch.infra.cli.ShutdownHook;
import org.sitewatch.infra.cli.UrlListFile;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.stage.Closer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch up}: every stage, the embedded Kafka and PostgreSQL and the workbench (and with
 * {@code --tips-port} the public tip-off site), until Ctrl-C: how a small team runs Sitewatch on
 * one machine.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Run every stage, embedded Kafka and PostgreSQL (unless configured) and the analysts'"
            + " workbench (with --tips-port also the public tip-off site) in this process until"
            + " Ctrl-C; crawl the given seeds and whatever the workbench and the public site"
            + " send.")
public final class UpCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin PersistentDataDir dataDir;

  @Mixin WorkbenchOptions workbench;

  @Mixin TipSiteOptions tipSite;

  @Option(names = "--seed", paramLabel = "URL", description = "A URL to crawl; repeatable.")
  List<String> seeds = new ArrayList<>();

  @Option(
      names = "--seeds-file",
      paramLabel = "FILE",
      description = "A file with one URL per line (# starts a comment).")
  Path seedsFile;

  @Mixin LocalCrawlOptions crawl;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    workbench.check();
    tipSite.check();
    PrintWriter out = spec.commandLine().getOut();
    // first of all, as the stage commands: reading the configuration and the seeds can wait (a
    // slow mount), and a SIGTERM meanwhile must be a clean stop, not the JVM's 143
    try (ShutdownHook hook = ShutdownHook.interruptingCurrentThread()) {
      AllInOne runner = new AllInOne(out, Clock.systemUTC(), hook);
      SitewatchConfig cfg = crawl.load(config, dataDir);
      List<String> all = new ArrayList<>(seeds);
      if (seedsFile != null) {
        all.addAll(UrlListFile.read(seedsFile));
      }
      if (runner.stoppedWhileStarting("up")) {
        return 0;
      }
      return run(runner, cfg, all, out);
    }
  }

  private int run(AllInOne runner, SitewatchConfig cfg, List<String> all, PrintWriter out)
      throws Exception {
    if (dataDir.dataDir == null) {
      out.println(
          "sitewatch up: no --data-dir: the leads and accounts of this run are gone when it"
              + " stops");
    }
    AllInOne.Result result =
        runner.run(
            cfg,
            all,
            CrawlRequest.Source.SEED,
            false,
            null,
            (pipeline, drained) -> {
              var served = workbench.start(cfg, pipeline, out);
              Optional<ServedSite> tips;
              try {
                tips = tipSite.start(cfg, pipeline, workbench.bind, out);
              } catch (RuntimeException e) {
                served.close();
                throw e;
              }
              printAccountHint(out, served, cfg);
              return () -> {
                Deque<AutoCloseable> both = new ArrayDeque<>();
                both.push(served);
                tips.ifPresent(both::push);
                Closer.closeAll(both, null); // the public site first
              };
            });
    runner.printSummary(result);
    return 0;
  }

  private void printAccountHint(
      PrintWriter out, WorkbenchOptions.Started served, SitewatchConfig cfg) {
    String login = "--config " + WorkbenchOptions.analystLoginFile(cfg);
    String after =
        dataDir.dataDir == null ? "" : " (once stopped: --data-dir " + dataDir.dataDir + ")";
    if (served.accounts().list().isEmpty()) {
      out.printf(
          "sitewatch up: no workbench account yet; while this runs, add one (the password is"
              + " read from standard input):%n"
              + "  sitewatch user add NAME --role admin --password-stdin %s%n"
              + "  sitewatch user add NAME --role analyst --bureau REGION_CODE --password-stdin"
              + " %s%s%n",
          login, login, after);
      out.flush();
    }
  }
}
