package org.sitewatch.infra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.classifier.ClassifierApp;
import org.sitewatch.crawler.worker.CrawlerWorker;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.sink.Lead;
import org.sitewatch.sink.LeadListener;
import org.sitewatch.sink.CheckRecorder;
import org.sitewatch.sink.LeadSink;
import org.sitewatch.sink.Recrawler;
import org.sitewatch.sink.LeadStore;
import org.sitewatch.sink.Migrations;

/**
 * The all-in-one mode: every stage in one process, on an embedded Kafka broker and PostgreSQL
 * unless the configuration points at real ones. The stages talk only through Kafka, exactly as
 * when they run as separate processes; this class only starts them, seeds the crawl and watches
 * for the moment everything asked for has been crawled, scored and turned into leads.
 */
public final class LocalPipeline implements AutoCloseable {
  private final SitewatchConfig config;
  private final Topics topics;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final ScheduledExecutorService scheduler;
  private final Map<String, Object> kafkaProps;
  private final Database database;
  private final Database.Login analystLogin;
  private final TopicAdmin admin;
  private final CrawlerWorker crawler;
  private final ClassifierApp classifier;
  private final LeadSink sink;
  private final CheckRecorder checkRecorder;
  private final org.sitewatch.sink.jurisdiction.RouteStore routes;
  private final LeadStore leadStore;
  private final OutcomeWatcher outcomes;
  private final KafkaProducer<String, CrawlRequest> seedProducer;
  private final Clock clock;
  private final Instant startedAt;

  private LocalPipeline(SitewatchConfig config, Clock clock, PipelineListener listener) {
    this.config = config;
    this.topics = config.topics();
    this.clock = clock;
    this.startedAt = clock.instant();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sitewatch-idle-probe");
      t.setDaemon(true);
      return t;
    });
    resources.push(scheduler::shutdownNow);
    try {
      Path dataDir = config.local().dataDir().toAbsolutePath();
      Files.createDirectories(dataDir);
      String bootstrap = config.kafka().bootstrapServers();
      if (config.kafka().embedded()) {
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir);
        resources.push(kafka);
        bootstrap = kafka.bootstrapServers();
      }
      this.kafkaProps = org.sitewatch.infra.kafka.KafkaClients.props(bootstrap, config.kafka().clientSettings());
      this.database = config.db().embedded()
          ? Database.local(dataDir)
          : Database.external(config.db().jdbcUrl(), config.db().username(), config.db().password());
      resources.push(database);
      // the embedded database is migrated here, as its owner role; the sink and the analysts' reads
      // then run as their restricted roles. A real database is migrated by 'sitewatch db migrate'
      // only, and used with the configured account.
      javax.sql.DataSource sinkDb;
      javax.sql.DataSource analystDb;
      if (database.isEmbedded()) {
        Migrations.migrate(database.dataSource(), config.db().roles(), true);
        Database sinkRole = Database.external(database.login(config.db().roles().sink()));
        resources.push(sinkRole);
        this.analystLogin = database.login(config.db().roles().analyst());
        Database analystRole = Database.external(analystLogin);
        resources.push(analystRole);
        LocalLogin.write(dataDir, analystLogin);
        sinkDb = sinkRole.dataSource();
        analystDb = analystRole.dataSource();
      } else {
        Migrations.requireCurrent(database.dataSource());
        this.analystLogin = new Database.Login(config.db().jdbcUrl(), config.db().username(),
            config.db().password());
        sinkDb = database.dataSource();
        analystDb = database.dataSource();
      }
      this.leadStore = new LeadStore(analystDb, clock, config.sink().review());

      this.admin = new TopicAdmin(kafkaProps);
      resources.push(admin);
      admin.createTopics(topics, config.kafka().partitions(), config.kafka().replicationFactor());

      this.outcomes = new OutcomeWatcher(kafkaProps, topics.outcomes(), listener::onOutcome);
      resources.push(outcomes);

      LeadListener leads = listener::onLead;
      this.routes = Jurisdictions.routeStore(config.jurisdiction(), sinkDb, clock);
      this.sink = new LeadSink(config.sink(), sinkDb, kafkaProps, topics, clock, leads,
          routes);
      resources.push(sink);
      sink.start();

      // recrawl: the first check of a lead is due one sink.recrawl-interval (24 h) after it opened,
      // so a short demo run sends none unless the interval is set shorter
      this.checkRecorder = new CheckRecorder(config.sink(), sinkDb, kafkaProps,
          topics, clock);
      resources.push(checkRecorder);
      checkRecorder.start();
      Recrawler recrawler = Recrawler.kafka(config.sink().recrawl(), sinkDb,
          kafkaProps, topics, clock);
      resources.push(recrawler);
      recrawler.start();

      Map<String, Object> streamsProps = new HashMap<>(kafkaProps);
      Path stateDir = Files.createTempDirectory(dataDir, "streams-");
      resources.push(() -> deleteRecursively(stateDir));
      streamsProps.put("state.dir", stateDir.toString());
      // Local mode favours latency over batching: verdicts follow pages within a fraction of a second.
      streamsProps.put("commit.interval.ms", 100);
      streamsProps.put("statestore.cache.max.bytes", 0L);
      this.classifier = new ClassifierApp(config.classifier(), streamsProps, topics, clock);
      resources.push(classifier);
      classifier.start();

      CrawlerStage crawlerStage = new CrawlerStage(config, kafkaProps, clock);
      resources.push(crawlerStage);
      this.crawler = crawlerStage.worker();

      Map<String, Object> producerProps = new HashMap<>(kafkaProps);
      producerProps.put("client.id", "sitewatch-seeder");
      producerProps.put("acks", "all");
      this.seedProducer = new KafkaProducer<>(producerProps, new StringSerializer(),
          JsonSerde.of(CrawlRequest.class));
      resources.push(seedProducer);
    } catch (IOException e) {
      closeQuietly();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /** Starts every stage (and the embedded broker and database where configured). */
  public static LocalPipeline start(SitewatchConfig config, Clock clock, PipelineListener listener) {
    return new LocalPipeline(config, clock, listener);
  }

  /**
   * Publishes seed URLs to the crawl-request topic.
   *
   * @return the sites they belong to
   * @throws IllegalArgumentException if a URL is not an absolute http(s) URL
   */
  public Set<String> seed(Collection<String> urls, CrawlRequest.Source source) {
    Set<String> sites = new LinkedHashSet<>();
    List<Future<RecordMetadata>> sent = new java.util.ArrayList<>();
    for (String url : urls) {
      String site = Sites.siteOf(url);
      sites.add(site);
      CrawlRequest request = new CrawlRequest(CrawlRequest.VERSION, url, site, source, 0, null, clock.instant());
      sent.add(seedProducer.send(new ProducerRecord<>(topics.crawlRequests(), site, request)));
    }
    seedProducer.flush();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("could not publish a seed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing seeds", e);
      }
    }
    return sites;
  }

  /**
   * Waits until every given site has finished crawling and every stage has consumed everything
   * (no consumer lag, no crawl in progress) for the configured quiet period.
   *
   * @return true if the pipeline drained within the timeout
   */
  public boolean awaitIdle(Set<String> sites, Duration timeout) throws InterruptedException {
    CompletableFuture<Void> idle = new CompletableFuture<>();
    long quietMs = config.local().idleQuietPeriod().toMillis();
    long[] idleSince = {-1};
    var probe = scheduler.scheduleWithFixedDelay(() -> {
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
    }, 200, 250, TimeUnit.MILLISECONDS);
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
   * Blocks until a stage stops on its own (a fatal error) and returns what stopped; meant for
   * runs without an end, which should then exit non-zero so a supervisor restarts them.
   */
  public String awaitStageFailure() throws InterruptedException {
    return Probe.await(scheduler, this::failedStage, Duration.ofSeconds(1));
  }

  /** Names a stage that stopped on its own (a fatal error), if any. */
  public Optional<String> failedStage() {
    if (!crawler.isRunning()) {
      return Optional.of("the crawler stopped: " + crawler.failure().map(Throwable::getMessage).orElse("see the log"));
    }
    if (!classifier.isRunning()) {
      return Optional.of("the classifier stopped (Kafka Streams state " + classifier.state() + "); see the log");
    }
    if (!sink.isRunning()) {
      return Optional.of("the lead sink stopped; see the log");
    }
    if (!checkRecorder.isRunning()) {
      return Optional.of("the recrawl check recorder stopped; see the log");
    }
    if (outcomes.failure() != null) {
      return Optional.of("the outcome watcher stopped: " + outcomes.failure().getMessage());
    }
    return Optional.empty();
  }

  private boolean isIdle(Set<String> sites) {
    if (!outcomes.allCrawled(sites) || !crawler.isIdle()) {
      return false;
    }
    return admin.lag(config.crawler().groupId(), Set.of(topics.crawlRequests())) == 0
        && admin.lag(config.classifier().applicationId(), Set.of(topics.pages())) == 0
        && admin.lag(config.sink().groupId(), Set.of(topics.verdicts())) == 0;
  }

  /** Current leads, highest score first. */
  public List<Lead> leads() {
    return leadStore.findAll();
  }

  /** The bureaus a lead was routed to, with the basis of each, and the conflicts found. */
  public Optional<org.sitewatch.sink.jurisdiction.Routing> routing(long leadId) {
    return routes.stored(leadId);
  }

  /** The append-only history of one lead. */
  public List<org.sitewatch.sink.LeadEvent> leadHistory(String site) {
    return leadStore.history(site);
  }

  public Map<Outcome.Kind, Integer> outcomeCounts() {
    return outcomes.counts();
  }

  public Set<String> crawledSites() {
    return outcomes.crawledSites();
  }

  public String bootstrapServers() {
    return (String) kafkaProps.get("bootstrap.servers");
  }

  public String jdbcUrl() {
    return database.jdbcUrl();
  }

  /**
   * How the analysts' commands log in to this pipeline's database: on the embedded one, the
   * analyst role with the password generated for this run (also written to {@code
   * analyst-login.properties} in the data folder, for {@code --config}).
   */
  public Database.Login analystLogin() {
    return analystLogin;
  }

  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void closeQuietly() {
    RuntimeException first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
