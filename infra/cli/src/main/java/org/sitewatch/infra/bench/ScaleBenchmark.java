package org.sitewatch.infra.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;

/**
 * {@code sitewatch bench scale}: one stage with 1 or 2 instances, so a reader sees how the stage
 * scales. The classifier and the sink drain an input topic filled before they start (generated
 * {@link FetchedPage} records for the classifier, flagged {@link SiteVerdict}s for the sink) in the
 * production shape of {@link FaultCluster} (a broker process, a PostgreSQL server, stage processes
 * started from the command line); the crawler stage is {@link CrawlBenchmark} with as many workers.
 * The figure that survives a shared machine is CPU per record: records/s depends on what else runs.
 * See docs/sizing.md.
 */
final class ScaleBenchmark {
  /** What to run. */
  record Settings(
      String stage,
      int instances,
      int records,
      int pagesPerSite,
      int partitions,
      Path htmlDir,
      int flaggedPercent,
      int concurrentSites,
      int timeoutSeconds,
      List<String> stageJvm,
      Path workDir) {
    Settings {
      if (!List.of("crawler", "classifier", "sink").contains(stage)) {
        throw new IllegalArgumentException("stage must be crawler, classifier or sink: " + stage);
      }
      if (instances < 1 || instances > 8) {
        throw new IllegalArgumentException("instances must be between 1 and 8: " + instances);
      }
      if (records < 1 || pagesPerSite < 1 || partitions < 1) {
        throw new IllegalArgumentException("records, pages per site and partitions must be >= 1");
      }
      if (flaggedPercent < 0 || flaggedPercent > 100) {
        throw new IllegalArgumentException("flagged percent must be 0-100: " + flaggedPercent);
      }
      stageJvm = List.copyOf(stageJvm);
      Objects.requireNonNull(workDir, "workDir");
    }
  }

  /** One stage process over the measured window. */
  record Instance(String name, long pid, double cpuSeconds, double cores) {}

  /** Everything {@code --json} writes. */
  record Result(
      String stage,
      int instances,
      String unit,
      long recordsInput,
      long recordsMeasured,
      double seconds,
      double recordsPerSecond,
      double cpuMsPerRecord,
      double recordsPerCpuSecond,
      double meanInputRecordBytes,
      long outputRecords,
      double warcBytesPerPage,
      List<Instance> perInstance,
      double brokerCpuMsPerRecord,
      double postgresCpuMsPerRecord,
      double databaseBytesPerRecord,
      String databaseRows,
      int cpus,
      String loadBefore,
      String loadAfter,
      double machineBusyPercent,
      boolean complete,
      String window,
      String workDir) {

    void printTable(PrintWriter out) {
      out.printf(
          Locale.ROOT,
          "%-10s %9s %9s %8s %10s %12s %13s %9s%n",
          "stage",
          "instances",
          unit,
          "seconds",
          unit + "/s",
          "cpu ms/" + singular(unit),
          unit + "/cpu-s",
          "in bytes");
      out.printf(
          Locale.ROOT,
          "%-10s %9d %9d %8.1f %10.1f %12.2f %13.1f %9.0f%n",
          stage,
          instances,
          recordsMeasured,
          seconds,
          recordsPerSecond,
          cpuMsPerRecord,
          recordsPerCpuSecond,
          meanInputRecordBytes);
      for (Instance i : perInstance) {
        out.printf(
            Locale.ROOT,
            "  %-14s pid %-8d cpu %7.1f s  %.2f cores%n",
            i.name(),
            i.pid(),
            i.cpuSeconds(),
            i.cores());
      }
      if (outputRecords >= 0) {
        out.printf(
            Locale.ROOT,
            "  output: %d verdict records for %d pages (%.3f per page)%n",
            outputRecords,
            recordsInput,
            (double) outputRecords / recordsInput);
      }
      if (brokerCpuMsPerRecord >= 0) {
        out.printf(
            Locale.ROOT,
            "  beside the stage: broker %.2f, PostgreSQL %.2f cpu ms/%s%n",
            brokerCpuMsPerRecord,
            postgresCpuMsPerRecord,
            singular(unit));
      }
      if (databaseBytesPerRecord >= 0) {
        out.printf(
            Locale.ROOT,
            "  database: %.0f bytes per %s (pg_database_size growth); lead/lead_event/custody_entry/"
                + "sum(revision) rows %s%n",
            databaseBytesPerRecord,
            singular(unit),
            databaseRows);
      }
      if (warcBytesPerPage > 0) {
        out.printf(Locale.ROOT, "  WARC (gzip) per page: %.0f bytes%n", warcBytesPerPage);
      }
      out.printf(
          Locale.ROOT,
          "  window: %s; %d CPUs, machine %.0f%% busy; load %s before, %s after%s%n",
          window,
          cpus,
          machineBusyPercent,
          loadBefore,
          loadAfter,
          complete ? "" : "; INCOMPLETE (timed out)");
    }

    private static String singular(String unit) {
      return unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
    }
  }

  private static final String WINDOW =
      "from the first sample with the group stable with every instance and a first commit, to lag"
          + " 0";

  private final Settings settings;
  private final PrintWriter progress;

  /** Database size before the sink started; -1 for the other stages. */
  private long dbBefore = -1;

  private FaultObserver observer;

  ScaleBenchmark(Settings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  Result run() throws Exception {
    return settings.stage().equals("crawler") ? crawl() : drain();
  }

  /** The crawler: the crawl benchmark's farm and workers; CPU over the whole run of each worker. */
  private Result crawl() throws Exception {
    int hosts = Math.max(1, settings.records() / settings.pagesPerSite());
    CrawlBenchmark.Settings crawl =
        new CrawlBenchmark.Settings(
            hosts,
            settings.pagesPerSite(),
            200,
            settings.instances(),
            settings.concurrentSites(),
            0,
            settings.partitions(),
            settings.timeoutSeconds(),
            16,
            settings.stageJvm(),
            settings.workDir());
    CrawlBenchResult r = new CrawlBenchmark(crawl, progress).run();
    double cpu =
        r.workerProcesses().stream().mapToDouble(CrawlBenchResult.Worker::cpuSeconds).sum();
    double seconds = r.firstToLastPageSeconds();
    List<Instance> per =
        r.workerProcesses().stream()
            .map(
                w ->
                    new Instance(
                        "crawler-" + w.index(),
                        w.pid(),
                        w.cpuSeconds(),
                        seconds > 0 ? w.cpuSeconds() / seconds : 0))
            .toList();
    long pages = r.pageRecords();
    return new Result(
        "crawler",
        settings.instances(),
        "pages",
        (long) hosts * settings.pagesPerSite(),
        pages,
        seconds,
        r.pagesPerSecond(),
        pages == 0 ? 0 : cpu * 1000 / pages,
        cpu == 0 ? 0 : pages / cpu,
        pages == 0 ? 0 : (double) r.pageRecordBytes() / pages,
        -1,
        pages == 0 ? 0 : (double) warcBytes(settings.workDir()) / pages,
        per,
        -1,
        -1,
        -1,
        "",
        r.cpus(),
        r.loadAverageBefore(),
        r.loadAverageAfter(),
        r.machineCpuBusyPercent(),
        r.allSitesCrawled(),
        "first to last page; worker CPU of the whole run (start-up included)",
        settings.workDir().toString());
  }

  private static long warcBytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".warc.gz"))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The classifier or the sink: fill the input topic, start the instances, and measure from the
   * first sample where the group is stable with every instance and has committed something, to the
   * sample where its lag is zero. Start-up and the first rebalance stay outside the window.
   */
  private Result drain() throws Exception {
    String stage = settings.stage();
    boolean classifier = stage.equals("classifier");
    String loadBefore = ProcStats.loadAverage();
    FaultCluster.Shape shape =
        new FaultCluster.Shape(
            1,
            0,
            classifier ? settings.instances() : 0,
            classifier ? 0 : settings.instances(),
            settings.partitions(),
            settings.stageJvm(),
            List.of("-Xmx384m"));
    try (FaultCluster cluster = FaultCluster.start(shape, settings.workDir(), progress, Map.of())) {
      Topics topics = cluster.config().topics();
      String topic = classifier ? topics.pages() : topics.verdicts();
      String group =
          classifier
              ? cluster.config().classifier().applicationId()
              : cluster.config().sink().groupId();
      long bytes = classifier ? fillPages(cluster, topic) : fillVerdicts(cluster, topic);
      progress.printf(
          Locale.ROOT,
          "bench: %d records (%.1f MB) on %s; starting %d %s instance(s)%n",
          settings.records(),
          bytes / 1e6,
          topic,
          settings.instances(),
          stage);
      progress.flush();
      if (!classifier) {
        dbBefore = databaseBytes(cluster);
      }
      // a benchmark stopped with Ctrl-C must not leave the broker, stages or PostgreSQL behind
      Thread cleanup =
          Threads.named("bench-scale-cleanup")
              .newThread(
                  () -> {
                    try {
                      cluster.close();
                    } catch (Exception e) {
                      progress.printf("bench: cleanup failed: %s%n", e.getMessage());
                    }
                  });
      Runtime.getRuntime().addShutdownHook(cleanup);
      cluster.startStages();
      try (FaultObserver observer = new FaultObserver(cluster)) {
        this.observer = observer;
        return measure(cluster, observer, group, topic, bytes, loadBefore);
      } finally {
        cluster.stopAll(60);
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
  }

  private Result measure(
      FaultCluster cluster,
      FaultObserver observer,
      String group,
      String topic,
      long bytes,
      String loadBefore)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
    long records = settings.records();
    // the stages were just started: the fallback window when the input drains before a sample
    // can see the group stable with every instance (a small input)
    long launched = System.nanoTime();
    double[] cpuAtLaunch = cpu(cluster);
    long[] machineAtLaunch = ProcStats.machineTicks().orElse(null);
    long t0 = 0;
    long doneAtStart = 0;
    double[] cpuAtStart = null;
    long[] machineAtStart = null;
    long lastReport = System.nanoTime();
    while (System.nanoTime() < deadline) {
      FaultObserver.Group g = observer.group(group, Set.of(topic));
      long done = g.lag() < 0 ? -1 : records - g.lag();
      long now = System.nanoTime();
      if (t0 == 0 && g.lag() == 0 && done == records) {
        return result(
            cluster,
            launched,
            now,
            done,
            cpuAtLaunch,
            machineAtLaunch,
            bytes,
            loadBefore,
            true,
            "from the start of the stage processes (start-up included) to lag 0: the input drained"
                + " before the window could open");
      }
      if (t0 == 0 && g.stable() && g.members() == settings.instances() && done > 0) {
        t0 = now;
        doneAtStart = done;
        cpuAtStart = cpu(cluster);
        machineAtStart = ProcStats.machineTicks().orElse(null);
        progress.printf("bench: window opens with %d of %d records done%n", done, records);
        progress.flush();
      }
      if (t0 != 0 && g.lag() == 0) {
        return result(
            cluster,
            t0,
            now,
            done - doneAtStart,
            cpuAtStart,
            machineAtStart,
            bytes,
            loadBefore,
            true,
            WINDOW);
      }
      if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
        progress.printf(
            "bench: %s members %d%s, %d of %d records done%n",
            group, g.members(), g.stable() ? " (stable)" : "", Math.max(done, 0), records);
        progress.flush();
        lastReport = now;
      }
      TimeUnit.MILLISECONDS.sleep(250);
    }
    FaultObserver.Group g = observer.group(group, Set.of(topic));
    long done = g.lag() < 0 ? 0 : records - g.lag();
    long now = System.nanoTime();
    if (t0 == 0) {
      t0 = now;
      cpuAtStart = cpu(cluster);
    }
    return result(
        cluster,
        t0,
        now,
        done - doneAtStart,
        cpuAtStart,
        machineAtStart,
        bytes,
        loadBefore,
        false,
        WINDOW);
  }

  private Result result(
      FaultCluster cluster,
      long t0,
      long t1,
      long measured,
      double[] cpuAtStart,
      long[] machineAtStart,
      long bytes,
      String loadBefore,
      boolean complete,
      String window) {
    double seconds = (t1 - t0) / 1e9;
    double[] cpuNow = cpu(cluster);
    List<Instance> per = new ArrayList<>();
    double total = 0;
    int stages = cluster.stages().size();
    for (int i = 0; i < stages; i++) {
      ClusterProcess p = cluster.stages().get(i);
      double used = cpuNow[i] - cpuAtStart[i];
      total += used;
      per.add(new Instance(p.name(), p.pid(), used, seconds > 0 ? used / seconds : 0));
    }
    double broker = cpuNow[stages] - cpuAtStart[stages];
    double postgres = cpuNow[stages + 1] - cpuAtStart[stages + 1];
    double busy = 0;
    long[] machineNow = ProcStats.machineTicks().orElse(null);
    if (machineAtStart != null && machineNow != null && machineNow[1] > machineAtStart[1]) {
      busy = 100.0 * (machineNow[0] - machineAtStart[0]) / (machineNow[1] - machineAtStart[1]);
    }
    return new Result(
        settings.stage(),
        settings.instances(),
        settings.stage().equals("classifier") ? "pages" : "verdicts",
        settings.records(),
        measured,
        seconds,
        seconds > 0 ? measured / seconds : 0,
        measured > 0 ? total * 1000 / measured : 0,
        total > 0 ? measured / total : 0,
        (double) bytes / settings.records(),
        settings.stage().equals("classifier")
            ? countRecords(cluster, cluster.config().topics().verdicts())
            : -1,
        0,
        per,
        measured > 0 ? broker * 1000 / measured : 0,
        measured > 0 ? postgres * 1000 / measured : 0,
        dbBefore < 0 ? -1 : (double) (databaseBytes(cluster) - dbBefore) / settings.records(),
        dbBefore < 0 ? "" : observer.rowCounts(),
        ProcStats.cpuCount(),
        loadBefore,
        ProcStats.loadAverage(),
        busy,
        complete,
        window,
        settings.workDir().toString());
  }

  /** Committed records on a topic now, read from the beginning; -1 when not read to the end. */
  private static long countRecords(FaultCluster cluster, String topic) {
    Map<String, Object> props = new java.util.HashMap<>(cluster.clientProps());
    props.put("isolation.level", "read_committed");
    props.put("client.id", "sitewatch-bench-scale-count");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        count += consumer.poll(Duration.ofMillis(500)).count();
        boolean atEnd = true;
        for (TopicPartition tp : partitions) {
          atEnd &= consumer.position(tp) >= end.get(tp);
        }
        if (atEnd) {
          return count;
        }
      }
      return -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** {@code pg_database_size} of the lead database; 0 when it cannot be read. */
  private static long databaseBytes(FaultCluster cluster) {
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT pg_database_size(current_database())")) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      return 0;
    }
  }

  /** CPU seconds so far of each stage process, then the broker, then PostgreSQL. */
  private double[] cpu(FaultCluster cluster) {
    List<ClusterProcess> stages = cluster.stages();
    double[] cpu = new double[stages.size() + 2];
    for (int i = 0; i < stages.size(); i++) {
      cpu[i] = ProcStats.cpuSeconds(stages.get(i).pid()).orElse(0.0);
    }
    cpu[stages.size()] = ProcStats.cpuSeconds(cluster.brokers().get(0).pid()).orElse(0.0);
    cpu[stages.size() + 1] = postgresCpu();
    return cpu;
  }

  /**
   * CPU of the PostgreSQL server: the postmaster and its live children (the stages' pooled
   * connections live as long as the run), plus what its exited children used.
   */
  private double postgresCpu() {
    return postmasterPid()
        .flatMap(ProcessHandle::of)
        .map(
            pm ->
                ProcStats.cpuSecondsWithChildren(pm.pid()).orElse(0.0)
                    + pm.descendants()
                        .mapToDouble(d -> ProcStats.cpuSeconds(d.pid()).orElse(0.0))
                        .sum())
        .orElse(0.0);
  }

  private java.util.Optional<Long> postmasterPid() {
    try {
      List<String> lines =
          Files.readAllLines(settings.workDir().resolve("postgres").resolve("postmaster.pid"));
      return lines.isEmpty()
          ? java.util.Optional.empty()
          : java.util.Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** Site names of the generated input: {@code pagesPerSite} records per site. */
  private String siteOf(int record) {
    return Sites.siteOf("http://" + BenchFarm.host(record / settings.pagesPerSite()) + "/");
  }

  private long fillPages(FaultCluster cluster, String topic) throws IOException {
    List<String> bodies = bodies();
    JsonSerde<FetchedPage> serde = JsonSerde.of(FetchedPage.class);
    long bytes = 0;
    Instant now = Instant.now();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            cluster.clientProps(), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < settings.records(); i++) {
        String site = siteOf(i);
        int page = i % settings.pagesPerSite();
        String url = "http://www." + site + (page == 0 ? "/" : "/p/" + page + ".html");
        String body = bodies.get(i % bodies.size());
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        FetchedPage p =
            new FetchedPage(
                FetchedPage.VERSION,
                site,
                url,
                url,
                200,
                Map.of("content-type", "text/html; charset=utf-8"),
                now,
                "127.0.0.1",
                "text/html",
                "UTF-8",
                body,
                false,
                sha256(raw),
                raw.length,
                Math.min(page, 3),
                List.of(),
                null,
                Map.of(),
                null);
        byte[] value = serde.serialize(topic, p);
        bytes += value.length;
        producer.send(new ProducerRecord<>(topic, site, value));
      }
      producer.flush();
    }
    return bytes;
  }

  /**
   * Page bodies: the HTML files under {@code --html-dir} (each cut at 80 KB) or, without it, the
   * crawl benchmark farm's generated pages (20-40 KB).
   */
  private List<String> bodies() throws IOException {
    List<String> bodies = new ArrayList<>();
    if (settings.htmlDir() != null) {
      try (Stream<Path> files = Files.walk(settings.htmlDir())) {
        for (Path f : files.filter(p -> p.toString().endsWith(".html")).sorted().toList()) {
          String text = Files.readString(f, StandardCharsets.UTF_8);
          bodies.add(text.length() > 80 * 1024 ? text.substring(0, 80 * 1024) : text);
        }
      }
      if (bodies.isEmpty()) {
        throw new IllegalArgumentException("no .html file under " + settings.htmlDir());
      }
      return bodies;
    }
    int pages = Math.min(settings.pagesPerSite(), 50);
    try (BenchFarm farm = BenchFarm.start(4, pages, 1, System::nanoTime)) {
      for (int site = 0; site < 4; site++) {
        for (int page = 0; page < pages; page++) {
          bodies.add(new String(farm.page(site, page), StandardCharsets.UTF_8));
        }
      }
    }
    return bodies;
  }

  /**
   * One verdict per site, of the shape the classifier writes for an adult site; the first {@code
   * flaggedPercent} of every 100 flagged (a new lead each), the others not (the sink looks the site
   * up and ignores the verdict).
   */
  private long fillVerdicts(FaultCluster cluster, String topic) {
    JsonSerde<SiteVerdict> serde = JsonSerde.of(SiteVerdict.class);
    long bytes = 0;
    Instant now = Instant.now();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            cluster.clientProps(), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < settings.records(); i++) {
        String site = Sites.siteOf("http://" + BenchFarm.host(i) + "/");
        String home = "http://www." + site + "/";
        List<PageRef> pages = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
          pages.add(
              new PageRef(
                  home + "p/" + p + ".html",
                  0.8,
                  sha256(("page " + i + p).getBytes(StandardCharsets.UTF_8)),
                  now));
        }
        SiteVerdict v =
            SiteVerdict.builder()
                .site(site)
                .revision(1)
                .epoch(now.toEpochMilli())
                .flagged(i % 100 < settings.flaggedPercent())
                .score(i % 100 < settings.flaggedPercent() ? 0.9 : 0.2)
                .pagesScored(5)
                .categories(List.of("explicit", "profit"))
                .signals(
                    List.of(
                        new SignalHit(
                            "kw.bench.one", "explicit", 1.2, 3, "...adult video club...", home),
                        new SignalHit(
                            "kw.bench.two",
                            "profit",
                            0.8,
                            2,
                            "...VIP 30 per month...",
                            home + "vip")))
                .pages(pages)
                .lexiconVersion("builtin-bench")
                .decidedAt(now)
                .conducts(List.of("for-profit"))
                .identifiers(
                    List.of(
                        new Identifier(
                            "icp",
                            "京ICP备" + (10_000_000 + i) + "号-1",
                            "...ICP...",
                            home,
                            Map.of())))
                .lastFetchedAt(now)
                .build();
        byte[] value = serde.serialize(topic, v);
        bytes += value.length;
        producer.send(new ProducerRecord<>(topic, site, value));
      }
      producer.flush();
    }
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
