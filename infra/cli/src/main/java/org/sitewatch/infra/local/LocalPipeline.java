package org.sitewatch.infra.local;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.crawler.worker.CrawlerWorker;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.infra.ops.HealthCheck;
import org.sitewatch.infra.ops.KafkaHealth;
import org.sitewatch.infra.ops.ProcessHealth;
import org.sitewatch.infra.ops.StageHealth;
import org.sitewatch.infra.stage.ClassifierStage;
import org.sitewatch.infra.stage.Closer;
import org.sitewatch.infra.stage.CrawlerStage;
import org.sitewatch.infra.stage.Probe;
import org.sitewatch.infra.stage.SinkStage;
import org.sitewatch.infra.stage.Stage;
import org.sitewatch.sink.jurisdiction.Routing;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.store.LeadStore;

/**
 * The all-in-one mode: every stage in one process, on an embedded Kafka broker and PostgreSQL
 * unless the configuration points at real ones. The stages are assembled exactly as the stage
 * commands assemble them ({@code infra.stage}) and talk only through Kafka, as when they run as
 * separate processes; this class only starts them, seeds the crawl and watches for the moment
 * everything asked for has been crawled, scored and turned into leads.
 */
public final class LocalPipeline implements AutoCloseable {
  private final SitewatchConfig config;
  private final Topics topics;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final ScheduledExecutorService scheduler;
  private final LocalInfrastructure infra;
  private final TopicAdmin admin;
  private final OutcomeWatcher outcomes;
  private final SinkStage sink;
  private final ClassifierStage classifier;
  private final CrawlerStage crawler;
  private final LeadStore leadStore;
  private final Seeder seeder;
  private final Instant startedAt;
  private final PrometheusMeterRegistry meters;
  private final KafkaHealth kafkaHealth;
  private final ProcessHealth health;

  private LocalPipeline(SitewatchConfig config, Clock clock, PipelineListener listener) {
    this.config = config;
    this.topics = config.topics();
    this.startedAt = clock.instant();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(Threads.named("sitewatch-idle-probe").daemon());
    resources.push(scheduler::shutdownNow);
    this.meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    resources.push(meters::close);
    try {
      infra = new LocalInfrastructure(config);
      resources.push(infra);
      Map<String, Object> kafkaProps = infra.kafkaProps();
      kafkaHealth = new KafkaHealth(kafkaProps, clock);
      resources.push(kafkaHealth);
      leadStore = new LeadStore(infra.analystDb(), clock, config.sink().review());

      admin = new TopicAdmin(kafkaProps);
      resources.push(admin);
      admin.createTopics(topics, config.kafka().partitions(), config.kafka().replicationFactor());

      outcomes = new OutcomeWatcher(kafkaProps, topics.outcomes(), listener::onOutcome);
      resources.push(outcomes);

      // recrawl: the first check of a lead is due one sink.recrawl-interval (24 h) after it
      // opened, so a short demo run sends none unless the interval is set shorter
      sink = new SinkStage(config, infra.sinkDb(), kafkaProps, clock, listener::onLead, meters);
      resources.push(sink);

      Path stateDir = Files.createTempDirectory(infra.dataDir(), "streams-");
      resources.push(() -> deleteRecursively(stateDir));
      classifier =
          new ClassifierStage(
              config, kafkaProps, clock, ClassifierStage.Tuning.local(stateDir), meters);
      resources.push(classifier);

      crawler = new CrawlerStage(config, kafkaProps, clock, meters);
      resources.push(crawler);

      List<HealthCheck> shared = List.of(kafkaHealth.check());
      health =
          new ProcessHealth(
              List.of(
                  StageHealth.of("crawler", crawler, shared),
                  StageHealth.of("classifier", classifier, shared),
                  StageHealth.of("sink", sink, shared)),
              meters);

      seeder = new Seeder(kafkaProps, topics, clock);
      resources.push(seeder);
    } catch (IOException e) {
      Closer.closeAll(resources, e);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      Closer.closeAll(resources, e);
      throw e;
    }
  }

  /** Every stage's meters: one registry for the whole process (served at {@code /metrics}). */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /**
   * The process's health over every stage (served at {@code /health/*}); the workbench and tip site
   * of {@code up} add theirs.
   */
  public ProcessHealth health() {
    return health;
  }

  /** The process's one {@code kafka} readiness check, for the parts served beside the stages. */
  public HealthCheck kafkaCheck() {
    return kafkaHealth.check();
  }

  /** Starts every stage (and the embedded broker and database where configured). */
  public static LocalPipeline start(
      SitewatchConfig config, Clock clock, PipelineListener listener) {
    return new LocalPipeline(config, clock, listener);
  }

  /**
   * Publishes seed URLs to the crawl-request topic.
   *
   * @return the sites they belong to
   * @throws IllegalArgumentException if a URL is not an absolute http(s) URL
   */
  public Set<String> seed(Collection<String> urls, CrawlRequest.Source source) {
    return seeder.seed(urls, source);
  }

  /**
   * Waits until every given site has finished crawling and every stage has consumed everything (no
   * consumer lag, no crawl in progress) for the configured quiet period.
   *
   * @return true if the pipeline drained within the timeout
   */
  public boolean awaitIdle(Set<String> sites, Duration timeout) throws InterruptedException {
    CompletableFuture<Void> idle = new CompletableFuture<>();
    long quietMs = config.local().idleQuietPeriod().toMillis();
    long[] idleSince = {-1};
    var probe =
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                Optional<String> failed = failedStage();
                if (failed.isPresent()) {
                  idle.completeExceptionally(new IllegalStateException(failed.get()));
                  return;
                }
                boolean now = isIdle(sites);
                long t = System.nanoTime() / 1_000_000;
                if (!now) {
                  idleSince[0] = -1;
                } else if (idleSince[0] < 0) {
                  idleSince[0] = t;
                } else if (t - idleSince[0] >= quietMs) {
                  idle.complete(null);
                }
              } catch (RuntimeException e) {
                idle.completeExceptionally(e);
              }
            },
            200,
            250,
            TimeUnit.MILLISECONDS);
    try {
      idle.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      probe.cancel(false);
    }
  }

  /**
   * Blocks until a stage stops on its own (a fatal error) and returns what stopped; meant for runs
   * without an end, which should then exit non-zero so a supervisor restarts them.
   */
  public String awaitStageFailure() throws InterruptedException {
    return Probe.await(scheduler, this::failedStage, Duration.ofSeconds(1));
  }

  /** Names a stage that stopped on its own (a fatal error), if any. */
  public Optional<String> failedStage() {
    for (Stage stage : List.<Stage>of(crawler, classifier, sink)) {
      Optional<String> failure = stage.failure();
      if (failure.isPresent()) {
        return failure;
      }
    }
    return outcomes.failure().map(e -> "the outcome watcher stopped: " + e.getMessage());
  }

  private boolean isIdle(Set<String> sites) {
    CrawlerWorker worker = crawler.worker();
    if (!outcomes.allCrawled(sites) || !worker.isIdle()) {
      return false;
    }
    // recordLag: the classifier writes verdicts in transactions (exactly-once), whose commit
    // markers would otherwise count as lag of the sink's group for ever
    return admin.recordLag(config.crawler().groupId(), Set.of(topics.crawlRequests())) == 0
        && admin.recordLag(config.classifier().applicationId(), Set.of(topics.pages())) == 0
        && admin.recordLag(config.sink().groupId(), Set.of(topics.verdicts())) == 0;
  }

  /** Current leads, highest score first. */
  public List<Lead> leads() {
    return leadStore.findAll();
  }

  /** The bureaus a lead was routed to, with the basis of each, and the conflicts found. */
  public Optional<Routing> routing(long leadId) {
    return sink.routes().stored(leadId);
  }

  /** The append-only history of one lead. */
  public List<LeadEvent> leadHistory(String site) {
    return leadStore.history(site);
  }

  public Map<Outcome.Kind, Integer> outcomeCounts() {
    return outcomes.counts();
  }

  public Set<String> crawledSites() {
    return outcomes.crawledSites();
  }

  public String bootstrapServers() {
    return (String) infra.kafkaProps().get("bootstrap.servers");
  }

  public String jdbcUrl() {
    return infra.jdbcUrl();
  }

  /**
   * How the analysts' commands log in to this pipeline's database: on the embedded one, the analyst
   * role with the password generated for this run (also written to {@code analyst-login.properties}
   * in the data folder, for {@code --config}).
   */
  public Database.Login analystLogin() {
    return infra.analystLogin();
  }

  /**
   * How the public tip-off site logs in to this pipeline's database: on the embedded one, the tips
   * role ({@code db.tips-role}) with a password generated for this run; it is written nowhere.
   */
  public Database.Login tipsLogin() {
    return infra.tipsLogin();
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** Closes the stages in reverse order of start, then the broker and the database. */
  @Override
  public void close() {
    Closer.closeAll(resources, null);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
