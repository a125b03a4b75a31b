package org.sitewatch.infra.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.demo.ReplicaFarm;

/**
 * {@code sitewatch bench faults}: the production shape as separate processes on this machine
 * ({@link FaultCluster}), one run without faults and one with, each ending when the pipeline is
 * idle; figures from outside ({@link FaultObserver}, {@link FaultFigures}). See
 * docs/operations-fault-benchmark.md.
 */
final class FaultBenchmark {
  /** What to run. */
  record Settings(
      int sites,
      boolean quick,
      int brokers,
      int partitions,
      int restartDelaySeconds,
      boolean postgresOutage,
      int postgresOutageSeconds,
      int recoveryCapSeconds,
      int idleCapSeconds,
      int stableSeconds,
      int stopCapSeconds,
      List<String> stageJvm,
      List<String> brokerJvm,
      Path workDir) {
    Settings {
      if (sites < 1) {
        throw new IllegalArgumentException("sites must be at least 1");
      }
      if (brokers != 1 && brokers != 3) {
        throw new IllegalArgumentException("brokers must be 1 or 3");
      }
      stageJvm = List.copyOf(stageJvm);
      brokerJvm = List.copyOf(brokerJvm);
      Objects.requireNonNull(workDir, "workDir");
    }
  }

  /** One fault: what, when (seconds after the run's first seed), seconds until recovered. */
  record Fault(String what, String at, double atSecond, double secondsToRecover, String note) {}

  /** The figures of one run. */
  record Run(
      String name,
      FaultFigures.Figures figures,
      List<Fault> faults,
      Map<String, Integer> unplannedRestarts,
      double secondsToIdle,
      boolean idle,
      List<ClusterProcess.Stop> cleanStop,
      String workDir) {}

  /** Everything {@code --json} writes. */
  record Result(
      int sites,
      int brokers,
      boolean quick,
      int cpus,
      String loadBefore,
      String loadAfter,
      List<Run> runs) {}

  private final Settings settings;
  private final PrintWriter progress;

  FaultBenchmark(Settings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  Result run() throws Exception {
    String loadBefore = ProcStats.loadAverage();
    List<Run> runs = new ArrayList<>();
    try (ReplicaFarm farm =
        ReplicaFarm.start(InetAddress.getLoopbackAddress(), settings.sites(), 8)) {
      progress.printf(
          "bench: farm of %d sites on 127.0.0.1:%d (%d expected leads); load average %s%n",
          farm.sites().size(),
          farm.port(),
          farm.sites().stream().filter(ReplicaFarm.Site::expectLead).count(),
          loadBefore);
      Run clean = runOnce("fault-free", farm, false, null);
      runs.add(clean);
      Map<String, FaultFigures.Lead> reference = leadsOf;
      runs.add(runOnce("faults", farm, true, reference));
    }
    return new Result(
        settings.sites(),
        settings.brokers(),
        settings.quick(),
        ProcStats.cpuCount(),
        loadBefore,
        ProcStats.loadAverage(),
        runs);
  }

  /** The leads of the last run by site: the reference for the run with faults. */
  private Map<String, FaultFigures.Lead> leadsOf = Map.of();

  private Run runOnce(
      String name, ReplicaFarm farm, boolean faults, Map<String, FaultFigures.Lead> reference)
      throws Exception {
    Path dir = settings.workDir().resolve(name);
    progress.printf("bench: run %s in %s%n", name, dir);
    progress.flush();
    FaultCluster.Shape shape =
        new FaultCluster.Shape(
            settings.brokers(),
            2,
            2,
            2,
            settings.partitions(),
            settings.stageJvm(),
            settings.brokerJvm());
    Map<String, String> stageSettings = new LinkedHashMap<>();
    stageSettings.put("crawler.allow-private-addresses", "true");
    stageSettings.put("crawler.only-resolved-hosts", "true");
    stageSettings.put("crawler.politeness-delay", "200ms");
    StringBuilder resolve = new StringBuilder();
    farm.resolveTable()
        .forEach(
            (h, ip) ->
                resolve.append(resolve.isEmpty() ? "" : ",").append(h).append('=').append(ip));
    stageSettings.put("crawler.resolve", resolve.toString());
    stageSettings.put("sink.recrawl-interval", "0s");
    ScheduledExecutorService supervisor =
        Executors.newSingleThreadScheduledExecutor(Threads.named("bench-supervisor").daemon());
    Map<String, Integer> unplanned = new java.util.concurrent.ConcurrentHashMap<>();
    try (FaultCluster cluster = FaultCluster.start(shape, dir, progress, stageSettings)) {
      // a benchmark stopped with Ctrl-C must not leave brokers, stages or PostgreSQL behind
      Thread cleanup =
          Threads.named("bench-faults-cleanup")
              .newThread(
                  () -> {
                    try {
                      cluster.close();
                    } catch (Exception e) {
                      progress.printf("bench: cleanup failed: %s%n", e.getMessage());
                    }
                  });
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        return runStages(name, farm, faults, reference, cluster, shape, dir, supervisor, unplanned);
      } finally {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    } finally {
      supervisor.shutdownNow();
    }
  }

  private Run runStages(
      String name,
      ReplicaFarm farm,
      boolean faults,
      Map<String, FaultFigures.Lead> reference,
      FaultCluster cluster,
      FaultCluster.Shape shape,
      Path dir,
      ScheduledExecutorService supervisor,
      Map<String, Integer> unplanned)
      throws Exception {
    {
      cluster.startStages();
      Topics topics = cluster.config().topics();
      String crawlerGroup = cluster.config().crawler().groupId();
      String classifierGroup = cluster.config().classifier().applicationId();
      String sinkGroup = cluster.config().sink().groupId();
      Map<String, String> groupOf =
          Map.of("crawler", crawlerGroup, "classifier", classifierGroup, "sink", sinkGroup);
      Map<String, Set<String>> inputOf =
          Map.of(
              crawlerGroup, Set.of(topics.crawlRequests()),
              classifierGroup, Set.of(topics.pages()),
              sinkGroup, Set.of(topics.verdicts()));
      try (FaultObserver observer = new FaultObserver(cluster)) {
        supervisor.scheduleWithFixedDelay(
            () -> {
              try {
                for (String p : cluster.supervise()) {
                  unplanned.merge(p, 1, Integer::sum);
                  progress.printf("bench: %s exited by itself; restarted it%n", p);
                  progress.flush();
                }
              } catch (IOException e) {
                progress.printf("bench: cannot restart: %s%n", e.getMessage());
              }
            },
            1,
            1,
            TimeUnit.SECONDS);
        Map<String, Integer> baseline = awaitGroups(observer, inputOf, shape);

        List<ReplicaFarm.Site> sites = farm.sites();
        List<Planned> plan = faults ? plan() : List.of();
        List<List<ReplicaFarm.Site>> batches = seedBatches(sites, plan.size() + 1);
        long t0 = System.nanoTime();
        List<Fault> done = new ArrayList<>();
        Map<String, Long> committedBefore = new HashMap<>();
        try (KafkaProducer<String, CrawlRequest> producer =
            new KafkaProducer<>(
                cluster.clientProps(), new StringSerializer(), JsonSerde.of(CrawlRequest.class))) {
          int from = 0;
          for (int b = 0; b < batches.size(); b++) {
            int to = from + batches.get(b).size();
            for (ReplicaFarm.Site s : batches.get(b)) {
              String url = farm.seedUrl(s);
              String site = Sites.siteOf(url);
              producer.send(
                  new ProducerRecord<>(
                      topics.crawlRequests(), site, CrawlRequest.seed(url, site, Instant.now())));
            }
            producer.flush();
            for (String g : inputOf.keySet()) {
              committedBefore.put(g, observer.group(g, Set.of()).committed());
            }
            progress.printf("bench: %5.0f s: seeded sites %d-%d%n", seconds(t0), from, to - 1);
            progress.flush();
            from = to;
            if (b < plan.size()) {
              Planned planned = plan.get(b);
              awaitWork(observer, groupOf.get(planned.stage()), committedBefore, t0);
              done.addAll(
                  planned.step().inject(cluster, observer, groupOf, inputOf, baseline, t0, topics));
            }
          }
        }
        Set<String> seeded = new LinkedHashSet<>();
        Set<String> expected = new LinkedHashSet<>();
        for (ReplicaFarm.Site s : sites) {
          seeded.add(Sites.siteOfHost(s.host()));
          if (s.expectLead()) {
            expected.add(Sites.siteOfHost(s.host()));
          }
        }
        boolean idle = awaitIdle(observer, seeded, inputOf, t0);
        double toIdle = seconds(t0);
        FaultObserver.ReadBack db = observer.readDatabase();
        FaultFigures.Observation o =
            new FaultFigures.Observation(
                seeded, expected, observer.crawled(), db.leads(), db.history(), db.custody());
        FaultFigures.Figures figures = FaultFigures.compute(o, reference);
        Map<String, FaultFigures.Lead> bySite = new HashMap<>();
        db.leads().forEach(l -> bySite.put(l.site(), l));
        leadsOf = Map.copyOf(bySite);
        supervisor.shutdownNow();
        progress.printf("bench: stopping: brokers first, then every stage with SIGTERM%n");
        progress.flush();
        List<ClusterProcess.Stop> stops = cluster.stopAll(settings.stopCapSeconds());
        Run run =
            new Run(
                name,
                figures,
                done,
                Map.copyOf(new java.util.TreeMap<>(unplanned)),
                round(toIdle),
                idle,
                stops,
                dir.toString());
        FaultReport.print(run, progress);
        return run;
      }
    }
  }

  /** Waits until every stage group has members with partitions; returns the member counts. */
  private Map<String, Integer> awaitGroups(
      FaultObserver observer, Map<String, Set<String>> inputOf, FaultCluster.Shape shape)
      throws InterruptedException {
    Map<String, Integer> members = new HashMap<>();
    boolean ok =
        poll(
            900,
            () -> {
              for (String g : inputOf.keySet()) {
                FaultObserver.Group group = observer.group(g, Set.of());
                if (group.members() < 2 || !group.stable()) {
                  return false;
                }
                members.put(g, group.members());
              }
              return true;
            });
    if (!ok) {
      throw new IllegalStateException(
          "the stage groups did not form within 900 s; see the logs in the run folder");
    }
    progress.printf("bench: groups formed: %s%n", members);
    progress.flush();
    return Map.copyOf(members);
  }

  /**
   * Idle: every seeded site has a SITE_CRAWLED outcome, the crawler, classifier and sink groups
   * have no lag, and the lead, history and custody row counts have not changed for {@code
   * stableSeconds}.
   */
  private boolean awaitIdle(
      FaultObserver observer, Set<String> seeded, Map<String, Set<String>> inputOf, long t0)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.idleCapSeconds());
    String lastCounts = "";
    long countsSince = System.nanoTime();
    long nextReport = 0;
    while (System.nanoTime() < deadline) {
      int crawled = (int) seeded.stream().filter(observer.crawled()::containsKey).count();
      long lag = 0;
      for (var e : inputOf.entrySet()) {
        long l = observer.group(e.getKey(), e.getValue()).lag();
        lag += l < 0 ? 1_000_000 : l;
      }
      String counts = observer.rowCounts();
      if (!counts.equals(lastCounts)) {
        lastCounts = counts;
        countsSince = System.nanoTime();
      }
      boolean stable =
          !counts.isEmpty()
              && System.nanoTime() - countsSince
                  > TimeUnit.SECONDS.toNanos(settings.stableSeconds());
      if (System.nanoTime() > nextReport) {
        progress.printf(
            "bench: %5.0f s: %d/%d sites crawled, lag %d, leads/history/custody/revisions %s%n",
            seconds(t0), crawled, seeded.size(), lag, counts);
        progress.flush();
        nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      }
      if (crawled == seeded.size() && lag == 0 && stable) {
        return true;
      }
      TimeUnit.SECONDS.sleep(1);
    }
    progress.printf("bench: not idle after %d s; figures as they are%n", settings.idleCapSeconds());
    return false;
  }

  /**
   * Waits until {@code group} has committed beyond its offsets at the last seeding (the stage is
   * working on the new batch), so that a fault hits work in flight; at most 240 s.
   */
  private void awaitWork(
      FaultObserver observer, String group, Map<String, Long> committedBefore, long t0)
      throws InterruptedException {
    long before = committedBefore.getOrDefault(group, 0L);
    boolean moving = poll(240, () -> observer.group(group, Set.of()).committed() > before);
    progress.printf(
        "bench: %5.0f s: %s%n",
        seconds(t0),
        moving ? group + " is consuming the new batch" : group + " did not move within 240 s");
    progress.flush();
  }

  /** A fault and the stage whose work it waits for before it strikes. */
  private record Planned(String stage, Step step) {}

  /** The faults of the run with faults, in order; one seed batch goes out before each. */
  private List<Planned> plan() {
    List<Planned> plan = new ArrayList<>();
    if (settings.quick()) {
      plan.add(new Planned("classifier", kill("classifier-0")));
      return plan;
    }
    plan.add(new Planned("crawler", kill("crawler-0")));
    plan.add(new Planned("classifier", kill("classifier-1")));
    plan.add(new Planned("sink", kill("sink-0")));
    if (settings.brokers() > 1) {
      plan.add(new Planned("crawler", killBroker(settings.brokers() - 1)));
    }
    if (settings.postgresOutage()) {
      plan.add(new Planned("sink", this::postgresOutage));
    }
    plan.add(new Planned("crawler", this::rollingRestart));
    return plan;
  }

  /** One planned fault, injected, waited on until recovered. */
  private interface Step {
    List<Fault> inject(
        FaultCluster cluster,
        FaultObserver observer,
        Map<String, String> groupOf,
        Map<String, Set<String>> inputOf,
        Map<String, Integer> baseline,
        long t0,
        Topics topics)
        throws Exception;
  }

  private Step kill(String process) {
    return (cluster, observer, groupOf, inputOf, baseline, t0, topics) -> {
      String group = groupOf.get(process.substring(0, process.indexOf('-')));
      long committed = observer.group(group, Set.of()).committed();
      ClusterProcess p = cluster.stage(process);
      double at = seconds(t0);
      long start = System.nanoTime();
      progress.printf("bench: %5.0f s: kill -9 %s (pid %d)%n", at, process, p.pid());
      progress.flush();
      p.kill();
      TimeUnit.SECONDS.sleep(settings.restartDelaySeconds());
      p.start();
      double recovered =
          awaitRecovered(observer, Map.of(group, committed), inputOf, baseline, start, false);
      progress.printf("bench: %s recovered after %.1f s%n", process, recovered);
      progress.flush();
      return List.of(
          new Fault(
              "kill -9 " + process + ", restarted after " + settings.restartDelaySeconds() + " s",
              Instant.now().toString(),
              round(at),
              recovered,
              "until group " + group + " has its members back and commits again (or has no lag)"));
    };
  }

  private Step killBroker(int index) {
    return (cluster, observer, groupOf, inputOf, baseline, t0, topics) -> {
      Map<String, Long> committed = new HashMap<>();
      for (String g : inputOf.keySet()) {
        committed.put(g, observer.group(g, Set.of()).committed());
      }
      ClusterProcess broker = cluster.brokers().get(index);
      double at = seconds(t0);
      long start = System.nanoTime();
      progress.printf("bench: %5.0f s: kill -9 %s (pid %d)%n", at, broker.name(), broker.pid());
      progress.flush();
      broker.kill();
      TimeUnit.SECONDS.sleep(settings.restartDelaySeconds());
      broker.start();
      double recovered = awaitRecovered(observer, committed, inputOf, baseline, start, true);
      progress.printf("bench: %s recovered after %.1f s%n", broker.name(), recovered);
      progress.flush();
      return List.of(
          new Fault(
              "kill -9 "
                  + broker.name()
                  + ", restarted after "
                  + settings.restartDelaySeconds()
                  + " s",
              Instant.now().toString(),
              round(at),
              recovered,
              "until no partition is under-replicated and every stage group has its members and commits again (or has no lag)"));
    };
  }

  private List<Fault> postgresOutage(
      FaultCluster cluster,
      FaultObserver observer,
      Map<String, String> groupOf,
      Map<String, Set<String>> inputOf,
      Map<String, Integer> baseline,
      long t0,
      Topics topics)
      throws Exception {
    String sinkGroup = groupOf.get("sink");
    double at = seconds(t0);
    long start = System.nanoTime();
    progress.printf(
        "bench: %5.0f s: PostgreSQL stopped for %d s%n", at, settings.postgresOutageSeconds());
    progress.flush();
    cluster.stopPostgres();
    TimeUnit.SECONDS.sleep(settings.postgresOutageSeconds());
    long committed = observer.group(sinkGroup, Set.of()).committed();
    cluster.startPostgres();
    double recovered =
        awaitRecovered(observer, Map.of(sinkGroup, committed), inputOf, baseline, start, false);
    return List.of(
        new Fault(
            "PostgreSQL stopped for " + settings.postgresOutageSeconds() + " s",
            Instant.now().toString(),
            round(at),
            recovered,
            "from the stop (outage included) until the sink group has its members and commits again (or has no lag)"));
  }

  private List<Fault> rollingRestart(
      FaultCluster cluster,
      FaultObserver observer,
      Map<String, String> groupOf,
      Map<String, Set<String>> inputOf,
      Map<String, Integer> baseline,
      long t0,
      Topics topics)
      throws Exception {
    List<Fault> faults = new ArrayList<>();
    for (ClusterProcess p : cluster.stages()) {
      String group = groupOf.get(p.name().substring(0, p.name().indexOf('-')));
      long committed = observer.group(group, Set.of()).committed();
      double at = seconds(t0);
      long start = System.nanoTime();
      ClusterProcess.Stop stop = p.terminate(settings.stopCapSeconds());
      p.start();
      double recovered =
          awaitRecovered(observer, Map.of(group, committed), inputOf, baseline, start, false);
      progress.printf(
          "bench: %5.0f s: rolling restart of %s: stopped in %.1f s (exit %d), recovered after %.1f s%n",
          at, p.name(), stop.seconds(), stop.exitCode(), recovered);
      progress.flush();
      faults.add(
          new Fault(
              "rolling restart " + p.name() + " (SIGTERM, wait, start)",
              Instant.now().toString(),
              round(at),
              recovered,
              String.format(
                  "stopped in %.1f s, exit code %d%s; recovered: group has its members and commits again (or has no lag)",
                  stop.seconds(), stop.exitCode(), stop.killed() ? ", had to be killed" : "")));
    }
    return faults;
  }

  /**
   * Seconds from {@code startNanos} until each of {@code groups} has at least its baseline members,
   * is stable and has committed beyond the offsets given (or has no lag), and, with {@code
   * replicas}, no partition of the stage topics is under-replicated; -1 after the cap.
   */
  private double awaitRecovered(
      FaultObserver observer,
      Map<String, Long> groups,
      Map<String, Set<String>> inputOf,
      Map<String, Integer> baseline,
      long startNanos,
      boolean replicas)
      throws InterruptedException {
    Set<String> topics = new LinkedHashSet<>();
    inputOf.values().forEach(topics::addAll);
    boolean ok =
        poll(
            settings.recoveryCapSeconds(),
            () -> {
              if (replicas && observer.underReplicated(topics) != 0) {
                return false;
              }
              for (var e : groups.entrySet()) {
                FaultObserver.Group g = observer.group(e.getKey(), inputOf.get(e.getKey()));
                boolean members = g.members() >= baseline.getOrDefault(e.getKey(), 1) && g.stable();
                boolean moving = g.committed() > e.getValue() || g.lag() == 0;
                if (!members || !moving) {
                  return false;
                }
              }
              return true;
            });
    return ok ? round((System.nanoTime() - startNanos) / 1e9) : -1;
  }

  /**
   * The farm's sites in {@code count} seed batches, in farm order. The cuts fall between copies of
   * the farm (the boundary nearest an even split) when there are at least as many copies as
   * batches: a copy's sites link to each other, and a site seeded one batch after a site linking to
   * it is first crawled for the discovered link and then again for its seed (a discovery crawl
   * never stands in for a seed, docs/politeness.md), a second {@code SITE_CRAWLED} that the
   * fault-free run, seeded at once, never has. With fewer copies the split is even.
   */
  static List<List<ReplicaFarm.Site>> seedBatches(List<ReplicaFarm.Site> sites, int count) {
    List<Integer> copyStarts = new ArrayList<>();
    for (int i = 0; i < sites.size(); i++) {
      if (i == 0 || sites.get(i).copy() != sites.get(i - 1).copy()) {
        copyStarts.add(i);
      }
    }
    List<Integer> cuts = new ArrayList<>();
    cuts.add(0);
    int k = 0; // index in copyStarts of the last cut
    for (int b = 1; b < count; b++) {
      int even = sites.size() * b / count;
      if (copyStarts.size() < count) {
        cuts.add(even);
        continue;
      }
      int best = k + 1;
      for (int j = k + 1; j <= copyStarts.size() - (count - b); j++) {
        if (Math.abs(copyStarts.get(j) - even) < Math.abs(copyStarts.get(best) - even)) {
          best = j;
        }
      }
      cuts.add(copyStarts.get(best));
      k = best;
    }
    cuts.add(sites.size());
    List<List<ReplicaFarm.Site>> batches = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      batches.add(List.copyOf(sites.subList(cuts.get(b), cuts.get(b + 1))));
    }
    return batches;
  }

  private static boolean poll(int capSeconds, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(capSeconds);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return false;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
