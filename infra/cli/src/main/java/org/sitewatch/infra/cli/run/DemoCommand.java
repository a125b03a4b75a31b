package org.sitewatch.infra.cli.run;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.ServedSite;
import org.sitewatch.infra.cli.ShutdownHook;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.demo.DemoFarm;
import org.sitewatch.infra.demo.FarmSite;
import org.sitewatch.infra.stage.Closer;
import org.sitewatch.sink.lead.Lead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch demo}: the whole pipeline on a farm of fictional websites served on loopback.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start embedded Kafka and PostgreSQL, a demo site farm on 127.0.0.1 and every stage; "
            + "crawl the farm, print each lead as it opens and a summary at the end.")
public final class DemoCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin PersistentDataDir dataDir;

  @Option(
      names = "--serve",
      description =
          "Once the leads are in, keep the workbench up on them until Ctrl-C, with a demo account"
              + " per role (passwords printed).")
  boolean serve;

  @Mixin WorkbenchOptions workbench;

  @Mixin TipSiteOptions tipSite;

  @Option(
      names = "--leads-out",
      paramLabel = "FILE",
      description = "Also write the leads as JSON lines to FILE.")
  Path leadsOut;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    // first of all, as the stage commands: reading the configuration can wait (a slow mount), and
    // a SIGTERM meanwhile must be a clean stop, not the JVM's 143; the farm closes before the hook
    try (ShutdownHook hook = ShutdownHook.interruptingCurrentThread();
        DemoFarm farm = DemoFarm.start(InetAddress.getLoopbackAddress(), 0)) {
      Map<String, String> extra = new LinkedHashMap<>();
      // The farm is on loopback: allow it, and never resolve anything that is not in the farm.
      extra.put("crawler.allow-private-addresses", "true");
      extra.put("crawler.only-resolved-hosts", "true");
      extra.put(
          "crawler.resolve",
          farm.resolveTable().entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(",")));
      Map<String, String> demoDefaults = new LinkedHashMap<>();
      demoDefaults.put("crawler.politeness-delay", "200ms");
      demoDefaults.put("local.idle-quiet-period", "1s");
      demoDefaults.putAll(config.overrides);
      config.overrides = demoDefaults;
      dataDir.addTo(extra);
      SitewatchConfig cfg = config.load(extra);
      AllInOne runner = new AllInOne(out, Clock.systemUTC(), hook);
      if (runner.stoppedWhileStarting("demo")) {
        return 0;
      }

      out.printf(
          "sitewatch demo: %d fictional sites on 127.0.0.1:%d%n", farm.sites().size(), farm.port());
      for (FarmSite site : farm.sites()) {
        out.printf(
            "  %-32s %-2s %-13s %s%n",
            site.host(), site.language(), site.kind(), site.description());
      }
      out.flush();
      List<String> seeds = farm.sites().stream().map(farm::seedUrl).toList();
      boolean[] asExpected = {false};
      AllInOne.Serving serving =
          (pipeline, drained) -> {
            AllInOne.Result r = drained.orElseThrow();
            runner.printSummary(r);
            asExpected[0] = check(farm, r, out);
            WorkbenchOptions.Started started = workbench.start(cfg, pipeline, out);
            Optional<ServedSite> tips = Optional.empty();
            try {
              tips = tipSite.start(cfg, pipeline, workbench.bind, out);
              List<DemoAccounts.Login> logins =
                  DemoAccounts.create(
                      started.accounts(), DemoAccounts.bureaus(pipeline, r.leads()));
              out.printf("sitewatch demo: sign in at %s with a demo account:%n", started.url());
              DemoAccounts.print(out, logins);
              if (dataDir.dataDir == null) {
                out.println(
                    "sitewatch demo: the demo's database is temporary: its leads and these"
                        + " accounts are gone when it stops (keep them with --data-dir DIR)");
              }
              out.flush();
              Optional<ServedSite> site = tips;
              return () -> {
                Deque<AutoCloseable> both = new ArrayDeque<>();
                both.push(started);
                site.ifPresent(both::push);
                Closer.closeAll(both, null); // the public site first
              };
            } catch (RuntimeException e) {
              Deque<AutoCloseable> both = new ArrayDeque<>();
              both.push(started);
              tips.ifPresent(both::push);
              Closer.closeAll(both, e);
              throw e;
            }
          };
      if (serve) {
        workbench.check();
        tipSite.check();
      } else if (tipSite.port != null) {
        throw new IllegalArgumentException("--tips-port needs --serve");
      }
      AllInOne.Result result =
          runner.run(cfg, seeds, CrawlRequest.Source.SEED, true, leadsOut, serve ? serving : null);
      if (!serve) {
        runner.printSummary(result);
        asExpected[0] = check(farm, result, out);
      }
      return result.drained() && asExpected[0] ? 0 : 1;
    }
  }

  /** Says whether exactly the farm's expected sites became leads. */
  private static boolean check(DemoFarm farm, AllInOne.Result result, PrintWriter out) {
    Set<String> expected =
        farm.sites().stream()
            .filter(FarmSite::expectLead)
            .map(s -> Sites.siteOf(farm.seedUrl(s)))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> actual =
        result.leads().stream().map(Lead::site).collect(Collectors.toCollection(TreeSet::new));
    if (expected.equals(actual)) {
      out.printf(
          "sitewatch demo: every expected site became a lead, and no other (%d)%n", actual.size());
    } else {
      Set<String> missed = new TreeSet<>(expected);
      missed.removeAll(actual);
      Set<String> extraLeads = new TreeSet<>(actual);
      extraLeads.removeAll(expected);
      out.printf("sitewatch demo: MISMATCH: missed %s, unexpected %s%n", missed, extraLeads);
    }
    out.flush();
    return expected.equals(actual);
  }
}
