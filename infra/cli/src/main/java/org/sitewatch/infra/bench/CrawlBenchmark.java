package org.sitewatch.infra.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.common.net.Sites;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.kafka.TopicAdmin;

/**
 * One run of the crawl benchmark: an embedded broker and the {@link BenchFarm} in this JVM, {@code
 * workers} crawler worker processes beside it, one seed per farm site, and measurement until every
 * site has a {@code SITE_CRAWLED} outcome (or the time limit passes). Optionally one worker is
 * killed with SIGKILL mid-crawl and nothing replaces it: the others must take its sites over.
 */
final class CrawlBenchmark {
  /** What to run. {@code killAfterSeconds} 0 kills nothing. */
  record Settings(
      int hosts,
      int pages,
      long politenessMs,
      int workers,
      int concurrentSites,
      int killAfterSeconds,
      int partitions,
      int timeoutSeconds,
      int farmThreads,
      List<String> workerJvmOptions,
      Path workDir) {
    Settings {
      if (workers < 1 || workers > 16) {
        throw new IllegalArgumentException("workers must be between 1 and 16, got " + workers);
      }
      if (killAfterSeconds < 0 || (killAfterSeconds > 0 && workers < 2)) {
        throw new IllegalArgumentException(
            "--kill-after-seconds needs at least 2 workers (one must survive)");
      }
      if (partitions < workers) {
        throw new IllegalArgumentException(
            "partitions (" + partitions + ") must be at least the number of workers");
      }
      if (timeoutSeconds < 10) {
        throw new IllegalArgumentException("timeout must be at least 10 s");
      }
      workerJvmOptions = List.copyOf(workerJvmOptions);
      Objects.requireNonNull(workDir, "workDir");
    }
  }

  private static final String GROUP = CrawlerSettings.DEFAULT_GROUP_ID;

  private final Settings settings;
  private final PrintWriter progress;

  CrawlBenchmark(Settings settings, PrintWriter progress) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  CrawlBenchResult run() throws IOException, InterruptedException {
    Files.createDirectories(settings.workDir());
    String loadBefore = ProcStats.loadAverage();
    long[] machineBefore = ProcStats.machineTicks().orElse(new long[] {0, 0});
    double selfCpuBefore = ProcStats.cpuSeconds(ProcessHandle.current().pid()).orElse(0.0);
    Topics topics = Topics.defaults();
    List<WorkerProcess> workers = new ArrayList<>();
    ScheduledExecutorService sampler =
        Executors.newSingleThreadScheduledExecutor(Threads.named("bench-sampler").daemon());
    progress.printf(
        "bench: work folder %s; load average before: %s%n", settings.workDir(), loadBefore);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(settings.workDir().resolve("kafka"));
        BenchFarm farm =
            BenchFarm.start(
                settings.hosts(), settings.pages(), settings.farmThreads(), System::nanoTime)) {
      try (TopicAdmin admin = new TopicAdmin(kafka.clientProps())) {
        admin.createTopics(topics, settings.partitions(), (short) 1);
      }
      progress.printf(
          "bench: broker %s, farm on 127.0.0.1:%d (%d hosts x %d pages)%n",
          kafka.bootstrapServers(), farm.port(), settings.hosts(), settings.pages());
      for (int i = 0; i < settings.workers(); i++) {
        Path config = writeWorkerConfig(i, kafka.bootstrapServers(), farm);
        Path log = settings.workDir().resolve("worker-" + i + ".log");
        workers.add(WorkerProcess.start(i, config, settings.workerJvmOptions(), log));
        progress.printf(
            "bench: worker %d started (pid %d, log %s)%n", i, workers.get(i).pid(), log);
      }
      awaitGroup(kafka, settings.workers(), workers);
      sampler.scheduleAtFixedRate(
          () -> workers.forEach(WorkerProcess::sample), 0, 500, TimeUnit.MILLISECONDS);
      double cpuAtStart = ProcStats.cpuSeconds(ProcessHandle.current().pid()).orElse(0.0);
      long farmCpuAtStart = farm.cpuNanos();
      BenchMeasurement m = measure(kafka, farm, topics, workers, sampler);
      sampler.shutdownNow();
      workers.forEach(WorkerProcess::sample);
      double benchCpu =
          ProcStats.cpuSeconds(ProcessHandle.current().pid()).orElse(0.0) - cpuAtStart;
      double farmCpu = (farm.cpuNanos() - farmCpuAtStart) / 1e9;
      long[] machineAfter = ProcStats.machineTicks().orElse(new long[] {0, 0});
      List<BenchFarm.Request> log = farm.requestLog();
      BenchFigures.Gaps gaps = BenchFigures.gaps(log, settings.politenessMs());
      BenchFigures.Served served = BenchFigures.served(log);
      BenchFigures.Rate rate = BenchFigures.rate(m.pageNanos);
      double seconds =
          m.pageNanos.size() < 2
              ? 0
              : (m.pageNanos.get(m.pageNanos.size() - 1) - m.pageNanos.get(0)) / 1e9;
      List<CrawlBenchResult.Worker> workerFigures = new ArrayList<>();
      for (WorkerProcess w : workers) {
        workerFigures.add(
            new CrawlBenchResult.Worker(
                w.index(),
                w.pid(),
                round(w.cpuSeconds()),
                w.peakRssBytes() / (1024 * 1024),
                w.killed()));
      }
      double workerCpu = workers.stream().mapToDouble(WorkerProcess::cpuSeconds).sum();
      double steadyCpuMsPerPage =
          BenchFigures.steadyCpuMsPerEvent(
              m.pageNanos, workers.stream().map(WorkerProcess::cpuSamples).toList());
      long busy = machineAfter[0] - machineBefore[0];
      long total = machineAfter[1] - machineBefore[1];
      Set<String> missing = new HashSet<>(m.seededSites);
      missing.removeAll(m.siteCrawled.keySet());
      long duplicates = m.siteCrawled.values().stream().mapToLong(c -> c - 1).sum();
      long warc = warcBytes();
      progress.printf(
          "bench: WARC written: %.1f MB (%.0f KB per page record), folders %s/warc-*%n",
          warc / 1e6,
          m.pageNanos.isEmpty() ? 0.0 : warc / 1e3 / m.pageNanos.size(),
          settings.workDir());
      return new CrawlBenchResult(
          settings.hosts(),
          settings.pages(),
          settings.politenessMs(),
          settings.workers(),
          settings.concurrentSites(),
          settings.killAfterSeconds(),
          settings.partitions(),
          settings.workerJvmOptions(),
          loadBefore,
          ProcStats.loadAverage(),
          ProcStats.cpuCount(),
          total == 0 ? -1 : round(100.0 * busy / total),
          m.seededSites.size(),
          m.siteCrawled.size(),
          missing.stream().sorted().toList(),
          duplicates,
          m.results,
          m.pageNanos.size(),
          m.pageRecordBytes,
          round(seconds),
          round(m.secondsToAllCrawled),
          round(rate.overall()),
          round(rate.middle80()),
          round(seconds == 0 ? 0 : m.pageRecordBytes / seconds / (1024 * 1024)),
          served.pageRequests(),
          served.distinctPages(),
          served.refetches(),
          round(served.refetchPercent()),
          served.robotsRequests(),
          round(seconds == 0 ? 0 : served.bytes() / seconds / (1024 * 1024)),
          gaps.hosts(),
          gaps.gaps(),
          round(gaps.minGapMs()),
          gaps.minGapHost(),
          gaps.belowDelay(),
          gaps.belowDelayByMoreThan1ms(),
          round(gaps.medianOfHostMinimaMs()),
          workerFigures,
          round(benchCpu),
          round(farmCpu),
          m.killedAtSecond < 0 ? -1 : round(m.killedAtSecond),
          m.killedAtSecond < 0 ? -1 : round(m.firstRefetchAfterKillSecond(log)),
          m.timedOut,
          settings.workDir().toString(),
          round(m.pageNanos.isEmpty() ? 0 : workerCpu * 1000 / m.pageNanos.size()),
          round(steadyCpuMsPerPage));
    } finally {
      sampler.shutdownNow();
      for (WorkerProcess w : workers) {
        w.close();
      }
    }
  }

  private Path warcDir(int worker) {
    return settings.workDir().resolve("warc-" + worker);
  }

  /** Bytes of the WARC files the workers wrote (every page is a request, response, metadata). */
  private long warcBytes() {
    long total = 0;
    for (int i = 0; i < settings.workers(); i++) {
      try (var files = Files.list(warcDir(i))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          total += Files.size(f);
        }
      } catch (IOException e) {
        progress.printf("bench: cannot list %s: %s%n", warcDir(i), e.getMessage());
      }
    }
    return total;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private Path writeWorkerConfig(int index, String bootstrap, BenchFarm farm) throws IOException {
    Properties p = new Properties();
    p.setProperty("kafka.bootstrap-servers", bootstrap);
    p.setProperty("kafka.partitions", Integer.toString(settings.partitions()));
    p.setProperty("crawler.politeness-delay", settings.politenessMs() + "ms");
    p.setProperty("crawler.max-concurrent-sites", Integer.toString(settings.concurrentSites()));
    p.setProperty("crawler.max-pages-per-site", Integer.toString(settings.pages()));
    p.setProperty("crawler.max-depth", Integer.toString(BenchFarm.MAX_DEPTH));
    p.setProperty("crawler.max-site-hops", "0");
    p.setProperty("crawler.allow-private-addresses", "true");
    p.setProperty("crawler.only-resolved-hosts", "true");
    StringBuilder resolve = new StringBuilder();
    farm.resolveTable()
        .forEach(
            (host, ip) ->
                resolve.append(resolve.isEmpty() ? "" : ",").append(host).append('=').append(ip));
    p.setProperty("crawler.resolve", resolve.toString());
    p.setProperty("crawler.work-dir", settings.workDir().resolve("worker-" + index).toString());
    p.setProperty("crawler.warc-dir", warcDir(index).toString());
    p.setProperty("crawler.metrics-log-interval", "10s");
    Path file = settings.workDir().resolve("worker-" + index + ".properties");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "sitewatch bench crawl: worker " + index);
    }
    return file;
  }

  /** Waits until the crawler group has {@code expected} members, so that seeds spread at once. */
  private void awaitGroup(EmbeddedKafka kafka, int expected, List<WorkerProcess> workers)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (Admin admin = Admin.create(kafka.clientProps())) {
      while (System.nanoTime() < deadline) {
        for (WorkerProcess w : workers) {
          if (!w.isAlive()) {
            throw new IllegalStateException(
                "worker " + w.index() + " exited during start-up; see " + w.log());
          }
        }
        try {
          ConsumerGroupDescription group =
              admin
                  .describeConsumerGroups(List.of(GROUP))
                  .all()
                  .get(10, TimeUnit.SECONDS)
                  .get(GROUP);
          if (group != null
              && group.members().size() == expected
              && group.members().stream()
                  .allMatch(mem -> !mem.assignment().topicPartitions().isEmpty())) {
            progress.printf("bench: consumer group has %d member(s)%n", expected);
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // not there yet
        }
        TimeUnit.MILLISECONDS.sleep(250); // polling another process's state: nothing to block on
      }
    }
    throw new IllegalStateException(
        "the crawler workers did not all join group " + GROUP + " within 120 s");
  }

  private BenchMeasurement measure(
      EmbeddedKafka kafka,
      BenchFarm farm,
      Topics topics,
      List<WorkerProcess> workers,
      ScheduledExecutorService scheduler)
      throws InterruptedException {
    BenchMeasurement m = new BenchMeasurement();
    JsonSerde<Outcome> outcomes = JsonSerde.of(Outcome.class);
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("client.id", "sitewatch-bench");
    props.put("max.partition.fetch.bytes", 8 * 1024 * 1024);
    // SITE_CRAWLED is published in the crawl-state transaction: count committed outcomes only
    props.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, CrawlRequest> producer =
            new KafkaProducer<>(
                kafka.clientProps(), new StringSerializer(), JsonSerde.of(CrawlRequest.class))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(topics.pages(), topics.outcomes())) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      partitions.forEach(consumer::position); // resolve positions before anything is published
      Clock clock = Clock.systemUTC();
      for (int i = 0; i < settings.hosts(); i++) {
        String url = farm.seedUrl(i);
        String site = Sites.siteOf(url);
        m.seededSites.add(site);
        producer.send(
            new ProducerRecord<>(
                topics.crawlRequests(), site, CrawlRequest.seed(url, site, clock.instant())));
      }
      producer.flush();
      m.seededAtNanos = System.nanoTime();
      progress.printf("bench: seeded %d sites%n", m.seededSites.size());
      if (settings.killAfterSeconds() > 0) {
        scheduler.schedule(
            () -> {
              WorkerProcess victim = workers.get(0);
              m.killedAtNanos = System.nanoTime();
              victim.kill();
              m.killedAtSecond = (m.killedAtNanos - m.seededAtNanos) / 1e9;
              progress.printf(
                  "bench: killed worker 0 (pid %d) with SIGKILL at %.1f s%n",
                  victim.pid(), m.killedAtSecond);
              progress.flush();
            },
            settings.killAfterSeconds(),
            TimeUnit.SECONDS);
      }
      long deadline = m.seededAtNanos + TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
      long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (m.siteCrawled.keySet().size() < m.seededSites.size()
          || !m.siteCrawled.keySet().containsAll(m.seededSites)) {
        if (System.nanoTime() > deadline) {
          m.timedOut = true;
          break;
        }
        if (workers.stream().noneMatch(WorkerProcess::isAlive)) {
          progress.println("bench: no worker is alive any more");
          m.timedOut = true;
          break;
        }
        var records = consumer.poll(Duration.ofMillis(200));
        long now = System.nanoTime();
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.topic().equals(topics.pages())) {
            m.pageNanos.add(now);
            m.pageRecordBytes += r.value() == null ? 0 : r.value().length;
          } else {
            Outcome o = outcomes.deserialize(r.topic(), r.value());
            if (o != null && o.kind() == Outcome.Kind.SITE_CRAWLED) {
              m.siteCrawled.merge(o.site(), 1, Integer::sum);
              String result =
                  o.details().getOrDefault("result", "?")
                      + ("true".equals(o.details().get("interrupted")) ? " (interrupted)" : "");
              m.results.merge(result, 1L, Long::sum);
            }
          }
        }
        if (now > nextReport) {
          nextReport = now + TimeUnit.SECONDS.toNanos(10);
          progress.printf(
              "bench: %5.0f s: %d pages, %d/%d sites crawled%n",
              (now - m.seededAtNanos) / 1e9,
              m.pageNanos.size(),
              m.siteCrawled.size(),
              m.seededSites.size());
          progress.flush();
        }
      }
      m.secondsToAllCrawled = (System.nanoTime() - m.seededAtNanos) / 1e9;
    }
    return m;
  }
}
