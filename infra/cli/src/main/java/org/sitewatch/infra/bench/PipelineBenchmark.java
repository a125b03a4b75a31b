package org.sitewatch.infra.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.local.LocalPipeline;
import org.sitewatch.infra.local.PipelineListener;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;

/**
 * {@code bench pipeline}: every stage in this process, assembled by the all-in-one mode ({@link
 * LocalPipeline}: embedded broker and PostgreSQL), crawling a {@link BenchFarm} in which a known
 * share of the sites is adult. It times each page from its fetch to the verdict it made becoming
 * visible (the classifier's transaction committed; read by {@link VerdictClock} as the sink reads
 * it) and each lead from the fetch of the page that first flagged its site to the lead's commit
 * (the sink's listener), and checks that exactly the adult sites became leads.
 */
final class PipelineBenchmark {
  /**
   * @param overrides configuration settings over the benchmark's own (key = value)
   */
  record Settings(
      int sites,
      int pagesPerSite,
      double adultShare,
      long seed,
      long politenessMs,
      int partitions,
      int warmUpSites,
      int timeoutSeconds,
      Map<String, String> overrides,
      Path workDir) {
    Settings {
      if (sites < 1 || sites > 9999) {
        throw new IllegalArgumentException("sites must be between 1 and 9999, got " + sites);
      }
      if (pagesPerSite < 1) {
        throw new IllegalArgumentException("pages per site must be at least 1");
      }
      if (!(adultShare >= 0 && adultShare <= 1)) {
        throw new IllegalArgumentException("adult share must be in [0, 1], got " + adultShare);
      }
      if (warmUpSites < 0 || sites + warmUpSites > 9999) {
        throw new IllegalArgumentException("warm-up sites must be between 0 and 9999 - sites");
      }
      if (timeoutSeconds < 10) {
        throw new IllegalArgumentException("timeout must be at least 10 s");
      }
      overrides = Map.copyOf(overrides);
      Objects.requireNonNull(workDir, "workDir");
    }
  }

  private static final long SAMPLE_MS = 50;

  private final Settings settings;
  private final PrintWriter progress;
  private final Clock clock = Clock.systemUTC();

  PipelineBenchmark(Settings settings, PrintWriter progress) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** A lead opened, as the sink's listener saw it after commit. */
  private record Opened(String site, Instant at, long nanos) {}

  PipelineBenchResult run() throws IOException, InterruptedException {
    Files.createDirectories(settings.workDir());
    String loadBefore = ProcStats.loadAverage();
    Set<Integer> adult =
        BenchFarm.adultSites(settings.sites(), settings.adultShare(), settings.seed());
    ConcurrentLinkedQueue<Opened> opened = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> leadApplied = new ConcurrentLinkedQueue<>();
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void onLead(Lead lead, ApplyResult result) {
            long nanos = System.nanoTime();
            leadApplied.add(nanos);
            if (result == ApplyResult.OPENED) {
              opened.add(new Opened(lead.site(), clock.instant(), nanos));
            }
          }
        };
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(Threads.named("bench-sampler").daemon());
    progress.printf(
        "bench: work folder %s; load average before: %s%n", settings.workDir(), loadBefore);
    try (BenchFarm farm =
        BenchFarm.start(
            settings.sites() + settings.warmUpSites(),
            settings.pagesPerSite(),
            8,
            System::nanoTime,
            adult::contains)) {
      SitewatchConfig config = config(farm);
      try (LocalPipeline pipeline = LocalPipeline.start(config, clock, listener);
          VerdictClock verdicts =
              new VerdictClock(
                  KafkaClients.props(pipeline.bootstrapServers(), config.kafka().clientSettings()),
                  config.topics().verdicts(),
                  clock)) {
        return measure(farm, pipeline, verdicts, adult, opened, leadApplied, sampler, loadBefore);
      }
    } finally {
      sampler.shutdownNow();
    }
  }

  private PipelineBenchResult measure(
      BenchFarm farm,
      LocalPipeline pipeline,
      VerdictClock verdicts,
      Set<Integer> adult,
      ConcurrentLinkedQueue<Opened> opened,
      ConcurrentLinkedQueue<Long> leadApplied,
      ScheduledExecutorService sampler,
      String loadBefore)
      throws InterruptedException {
    long pid = ProcessHandle.current().pid();
    progress.printf(
        "bench: Kafka %s, PostgreSQL %s, farm on 127.0.0.1:%d (%d sites x %d pages, %d adult)%n",
        pipeline.bootstrapServers(),
        pipeline.jdbcUrl(),
        farm.port(),
        settings.sites(),
        settings.pagesPerSite(),
        adult.size());
    MeterRegistry meters = pipeline.meters();
    if (settings.warmUpSites() > 0) {
      // the first pages of a run pay for class loading, lexicons and JIT: a steady-state latency
      // is measured after a few everyday sites have gone through every stage
      List<String> warmUp = new ArrayList<>();
      for (int i = settings.sites(); i < settings.sites() + settings.warmUpSites(); i++) {
        warmUp.add(farm.seedUrl(i));
      }
      long t = System.nanoTime();
      Set<String> warmUpSites = pipeline.seed(warmUp, CrawlRequest.Source.SEED);
      boolean warm = pipeline.awaitIdle(warmUpSites, Duration.ofSeconds(settings.timeoutSeconds()));
      progress.printf(
          "bench: warm-up on %d site(s) %s after %.1f s%n",
          warmUpSites.size(), warm ? "done" : "TIMED OUT", (System.nanoTime() - t) / 1e9);
    }
    List<long[]> samples = Collections.synchronizedList(new ArrayList<>());
    sampler.scheduleAtFixedRate(
        () ->
            samples.add(
                new long[] {
                  System.nanoTime(),
                  count(meters, "sitewatch.crawler.pages"),
                  count(meters, "sitewatch.classifier.pages")
                }),
        0,
        SAMPLE_MS,
        TimeUnit.MILLISECONDS);
    double cpuBefore = ProcStats.cpuSeconds(pid).orElse(0.0);
    long seededAt = System.nanoTime();
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < settings.sites(); i++) {
      seeds.add(farm.seedUrl(i));
    }
    Set<String> sites = pipeline.seed(seeds, CrawlRequest.Source.SEED);
    progress.printf("bench: seeded %d sites; waiting until the pipeline is idle%n", sites.size());
    progress.flush();
    boolean drained = pipeline.awaitIdle(sites, Duration.ofSeconds(settings.timeoutSeconds()));
    double secondsToIdle = (System.nanoTime() - seededAt) / 1e9;
    sampler.shutdownNow();
    double cpu = ProcStats.cpuSeconds(pid).orElse(0.0) - cpuBefore;
    long verdictsPublished = count(meters, "sitewatch.classifier.verdicts");
    awaitVerdicts(verdicts, verdictsPublished);
    if (verdicts.failure() != null) {
      progress.printf(
          "bench: the verdict reader stopped (%s): verdict latencies are incomplete%n",
          verdicts.failure());
    }
    Set<String> measured = Set.copyOf(sites);
    List<VerdictClock.Seen> seen =
        verdicts.seen().stream().filter(v -> measured.contains(v.verdict().site())).toList();

    Set<String> expected =
        adult.stream()
            .map(i -> Sites.siteOf(farm.seedUrl(i)))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> found =
        pipeline.leads().stream().map(Lead::site).collect(Collectors.toCollection(TreeSet::new));
    List<String> missing = expected.stream().filter(s -> !found.contains(s)).toList();
    List<String> unexpected = found.stream().filter(s -> !expected.contains(s)).toList();

    List<Double> toVerdict = new ArrayList<>();
    List<Double> toDecision = new ArrayList<>();
    List<Double> toPublish = new ArrayList<>();
    List<Double> publishToDecision = new ArrayList<>();
    List<Double> decisionToVisible = new ArrayList<>();
    for (VerdictClock.Seen s : seen) {
      Instant fetched = s.verdict().lastFetchedAt();
      if (fetched != null) {
        toVerdict.add(millis(fetched, s.visibleAt()));
        toDecision.add(millis(fetched, s.verdict().decidedAt()));
        toPublish.add(millis(fetched, s.recordTime()));
        publishToDecision.add(millis(s.recordTime(), s.verdict().decidedAt()));
        decisionToVisible.add(millis(s.verdict().decidedAt(), s.visibleAt()));
      }
    }
    Map<String, VerdictClock.Seen> firstFlagged = firstFlagged(seen);
    List<Double> toLead = new ArrayList<>();
    List<Double> visibleToLead = new ArrayList<>();
    for (Opened o : opened) {
      VerdictClock.Seen first = firstFlagged.get(o.site());
      if (first != null) {
        toLead.add(millis(first.verdict().lastFetchedAt(), o.at()));
        visibleToLead.add(millis(first.visibleAt(), o.at()));
      }
    }
    Map<String, BenchFigures.Latency> steps = new LinkedHashMap<>();
    steps.put("fetchToPublish", BenchFigures.latency(toPublish));
    steps.put("publishToDecision", BenchFigures.latency(publishToDecision));
    steps.put("decisionToVisible", BenchFigures.latency(decisionToVisible));
    steps.put("visibleToLead", BenchFigures.latency(visibleToLead));

    List<Long> fetchNanos =
        farm.requestLog().stream()
            .filter(r -> !r.path().equals(BenchFigures.ROBOTS_PATH))
            .filter(r -> measured.contains(Sites.siteOf("http://" + r.host() + "/")))
            .map(BenchFarm.Request::nanos)
            .toList();
    List<long[]> sampled = List.copyOf(samples);
    long[] base = sampled.isEmpty() ? new long[3] : sampled.get(0);
    PipelineBenchResult.Stage crawled = stage(expand(sampled, 1), seededAt);
    PipelineBenchResult.Stage classified = stage(expand(sampled, 2), seededAt);
    PipelineBenchResult.Stage verdictStage =
        stage(seen.stream().map(VerdictClock.Seen::visibleNanos).toList(), seededAt);
    PipelineBenchResult.Stage leadStage =
        stage(opened.stream().map(Opened::nanos).toList(), seededAt);
    long classifiedCount = count(meters, "sitewatch.classifier.pages") - base[2];
    return new PipelineBenchResult(
        settings.sites(),
        settings.pagesPerSite(),
        settings.adultShare(),
        settings.seed(),
        settings.politenessMs(),
        settings.partitions(),
        settings.warmUpSites(),
        new TreeMap<>(settings.overrides()),
        loadBefore,
        ProcStats.loadAverage(),
        ProcStats.cpuCount(),
        drained,
        secondsToIdle,
        fetchNanos.size(),
        crawled.withCount(count(meters, "sitewatch.crawler.pages") - base[1]),
        classified.withCount(classifiedCount),
        verdictStage,
        leadStage,
        leadApplied.size(),
        BenchFigures.latency(toVerdict),
        BenchFigures.latency(toDecision),
        BenchFigures.latency(toLead),
        steps,
        toVerdict.size(),
        toLead.size(),
        expected.size(),
        (int) found.stream().filter(expected::contains).count(),
        missing,
        unexpected,
        verdicts.unreadable(),
        cpu,
        classifiedCount == 0 ? 0 : cpu * 1000 / classifiedCount);
  }

  private SitewatchConfig config(BenchFarm farm) {
    Map<String, String> s = new HashMap<>();
    s.put("local.data-dir", settings.workDir().resolve("data").toString());
    s.put("crawler.warc-dir", settings.workDir().resolve("warc").toString());
    s.put("crawler.allow-private-addresses", "true");
    s.put("crawler.only-resolved-hosts", "true");
    s.put("crawler.politeness-delay", settings.politenessMs() + "ms");
    s.put("crawler.max-pages-per-site", Integer.toString(settings.pagesPerSite()));
    s.put("kafka.partitions", Integer.toString(settings.partitions()));
    s.put("local.idle-quiet-period", "1s");
    s.put("local.idle-timeout", settings.timeoutSeconds() + "s");
    s.put(
        "crawler.resolve",
        farm.resolveTable().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    s.putAll(settings.overrides());
    return ConfigLoader.load(Optional.empty(), Map.of(), s);
  }

  /**
   * Waits (bounded) until the verdict reader has seen as many verdicts as the classifier published:
   * the pipeline is idle, so they are all committed.
   */
  private static void awaitVerdicts(VerdictClock verdicts, long published)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (verdicts.seen().size() < published
        && verdicts.failure() == null
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static final Comparator<VerdictClock.Seen> REVISION_ORDER =
      Comparator.comparing(
          VerdictClock.Seen::verdict,
          Comparator.comparingLong(SiteVerdict::epoch).thenComparingLong(SiteVerdict::revision));

  /**
   * Per site, the verdict that first flagged it (lowest epoch and revision) and carries the fetch
   * time of its page.
   */
  static Map<String, VerdictClock.Seen> firstFlagged(List<VerdictClock.Seen> seen) {
    Map<String, VerdictClock.Seen> first = new HashMap<>();
    for (VerdictClock.Seen s : seen) {
      SiteVerdict v = s.verdict();
      if (v.flagged() && v.lastFetchedAt() != null) {
        first.merge(v.site(), s, (a, b) -> REVISION_ORDER.compare(a, b) <= 0 ? a : b);
      }
    }
    return first;
  }

  /** One event time per unit a sampled counter rose by, at the sample that saw it. */
  private static List<Long> expand(List<long[]> samples, int column) {
    List<Long> times = new ArrayList<>();
    long last = samples.isEmpty() ? 0 : samples.get(0)[column];
    for (long[] s : samples) {
      for (long i = last; i < s[column]; i++) {
        times.add(s[0]);
      }
      last = Math.max(last, s[column]);
    }
    return times;
  }

  private static PipelineBenchResult.Stage stage(List<Long> nanos, long seededAt) {
    BenchFigures.Rate rate = BenchFigures.rate(nanos);
    long first = nanos.stream().mapToLong(Long::longValue).min().orElse(seededAt);
    long last = nanos.stream().mapToLong(Long::longValue).max().orElse(seededAt);
    return new PipelineBenchResult.Stage(
        nanos.size(),
        rate.overall(),
        rate.middle80(),
        (first - seededAt) / 1e9,
        (last - seededAt) / 1e9);
  }

  private static long count(MeterRegistry meters, String name) {
    double sum = 0;
    for (Counter c : meters.find(name).counters()) {
      sum += c.count();
    }
    return (long) sum;
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
