package org.sitewatch.crawler.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.sitewatch.common.kafka.ConsumerLoop;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.crawl.CrawlJobFactory;
import org.sitewatch.crawler.crawl.SiteCrawlFactory;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.BoundedOutput;
import org.sitewatch.crawler.output.MeteredOutput;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.crawler.state.CrawlStateStore;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crawler worker: consumes {@link CrawlRequest}s, crawls each requested site once (at most {@code
 * maxConcurrentSites} at a time), and publishes pages, outcomes and cross-site links. Build one
 * with {@link #builder}, then {@link #start()} and {@link #close()} it.
 *
 * <p>Threads: one consumer thread ({@code crawler-consumer}: a common {@code ConsumerLoop} running
 * {@link IntakeLoop}) owns the Kafka consumer, the offset bookkeeping and the skip decisions
 * ({@link RequestIntake}); a fixed pool of daemon threads ({@code crawler-site-N}, {@link
 * CrawlPool}) runs the site crawls, each of which owns one crawler4j fetch thread. Delivery is at
 * least once: a partition's offset is committed only up to its lowest request whose crawl has not
 * finished, after the producer has been flushed ({@link Commits}). Every request that is acted on
 * ends with exactly one SITE_CRAWLED outcome, or a SKIPPED or BAD_RECORD outcome when it is not
 * crawled. A request that the consumer delivers again after a rebalance gave its partition back to
 * this worker is not acted on twice: if its crawl is still running it waits for that crawl, if its
 * work is already done it is only committed. The consumer uses the cooperative-sticky assignor
 * (unless {@code partition.assignment.strategy} or {@code group.protocol} is given), so a rebalance
 * revokes only the partitions that really move ({@link WorkerClients}).
 */
public final class CrawlerWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CrawlerWorker.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final CrawlerSettings settings;
  private final Topics topics;
  private final Consumer<String, byte[]> consumer;
  private final Output output;
  private final DiscoveryLane lane; // null: discoveries are not read by this worker
  private final CrawlJobFactory jobs;
  private final CloseBudget budget;
  private final CrawlPool pool;
  private final IntakeLoop intake;
  private final WorkerCrawlState crawlState;
  private final ConsumerLoop<String, byte[]> loop;
  private final MeterRegistry registry;
  private volatile KafkaClientMetrics clientMetrics;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object lifecycle = new Object();
  private boolean loopStarted; // guarded by lifecycle
  private final CountDownLatch startEnded = new CountDownLatch(1);

  /**
   * A worker for {@code settings} on {@code topics}. Set {@link Builder#kafka} (production) or, in
   * this package's tests, the consumer and output directly.
   */
  public static Builder builder(CrawlerSettings settings, Topics topics) {
    return new Builder(settings, topics);
  }

  /** What a worker is built from; everything but settings, topics and Kafka has a default. */
  public static final class Builder {
    private final CrawlerSettings settings;
    private final Topics topics;
    private Map<String, Object> kafkaProps;
    private Clock clock = Clock.systemUTC();
    private CheckpointSettings checkpoints = CheckpointSettings.defaults();
    private CrawlerMetrics metrics;
    private LinkScorer linkScorer = LinkScorer.NONE;
    // seams for tests: any consumer, output, crawls, crawl-state store and lane
    private CrawlJobFactory jobs;
    private Consumer<String, byte[]> consumer;
    private Output output;
    private CrawlStateStore stateStore;
    private DiscoveryLane lane;
    private CloseBudget budget = CloseBudget.DEFAULT;

    private Builder(CrawlerSettings settings, Topics topics) {
      this.settings = Objects.requireNonNull(settings, "settings");
      this.topics = Objects.requireNonNull(topics, "topics");
    }

    /**
     * Kafka client properties; must contain {@code bootstrap.servers}, may contain {@code
     * client.id} and security settings. Serdes, the group id, manual commits and producer
     * durability are set by the worker ({@link WorkerClients}).
     */
    public Builder kafka(Map<String, Object> kafkaProps) {
      this.kafkaProps = Objects.requireNonNull(kafkaProps, "kafkaProps");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How often crawls checkpoint to {@link Topics#crawlState()} (docs/crawl-state.md). */
    public Builder checkpoints(CheckpointSettings checkpoints) {
      this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
      return this;
    }

    /** Where the worker records its meters (default: its own registry). */
    public Builder metrics(CrawlerMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Site crawls fetch the links {@code linkScorer} scores higher first. */
    public Builder linkScorer(LinkScorer linkScorer) {
      this.linkScorer = Objects.requireNonNull(linkScorer, "linkScorer");
      return this;
    }

    Builder jobs(CrawlJobFactory jobs) {
      this.jobs = jobs;
      return this;
    }

    /** For tests: these clients instead of Kafka ones; no crawl state, no lane unless set. */
    Builder clients(Consumer<String, byte[]> consumer, Output output) {
      this.consumer = consumer;
      this.output = output;
      return this;
    }

    Builder stateStore(CrawlStateStore stateStore) {
      this.stateStore = stateStore;
      return this;
    }

    Builder lane(DiscoveryLane lane) {
      this.lane = lane;
      return this;
    }

    Builder closeBudget(CloseBudget budget) {
      this.budget = budget;
      return this;
    }

    public CrawlerWorker build() {
      CrawlerMetrics m = metrics == null ? new CrawlerMetrics() : metrics;
      CrawlJobFactory j = jobs;
      if (j == null) {
        SiteCrawlFactory crawls = new SiteCrawlFactory(settings, clock, m, linkScorer);
        m.warcBytesWritten(crawls::warcBytesWritten);
        j = crawls;
      }
      WorkerClients clients =
          consumer != null
              ? new WorkerClients(consumer, output, stateStore, lane)
              : WorkerClients.open(
                  settings, Objects.requireNonNull(kafkaProps, "kafka"), topics, clock);
      return new CrawlerWorker(this, m, j, clients);
    }
  }

  private CrawlerWorker(
      Builder b, CrawlerMetrics metrics, CrawlJobFactory jobs, WorkerClients clients) {
    this.settings = b.settings;
    this.topics = b.topics;
    this.registry = metrics.registry();
    this.jobs = jobs;
    this.budget = Objects.requireNonNull(b.budget, "budget");
    this.consumer = Objects.requireNonNull(clients.consumer(), "consumer");
    this.lane = clients.lane();
    // every record the crawler writes is bounded in size before it reaches a topic (Bounded)
    this.output =
        new MeteredOutput(
            new BoundedOutput(
                Objects.requireNonNull(clients.output(), "output"),
                settings.limits().maxUrlLength()),
            metrics);
    this.pool =
        new CrawlPool(settings.maxConcurrentSites(), jobs, output, b.clock, metrics, b.checkpoints);
    this.crawlState = new WorkerCrawlState(clients.state(), topics, output, metrics);
    this.intake =
        new IntakeLoop(
            settings,
            topics.crawlRequests(),
            b.clock,
            consumer,
            output,
            lane,
            pool,
            crawlState,
            budget,
            this::closeClients);
    this.loop =
        ConsumerLoop.builder("crawler-consumer", consumer)
            .subscribe(List.of(topics.crawlRequests()), intake.rebalance())
            .commit(ConsumerLoop.CommitMode.MANUAL) // Commits: only up to the lowest open request
            .handleEmptyBatches(true) // finished crawls are taken back and committed every pass
            .pollTimeout(POLL_TIMEOUT)
            .handler(intake::handle)
            .progress(metrics.consumerProgress(topics.crawlRequests(), b.clock))
            .onStop(
                () -> {
                  KafkaClientMetrics bound = clientMetrics;
                  if (bound != null) {
                    bound.close();
                  }
                  intake.stopped();
                })
            .closeTimeout(budget.clientClose())
            .joinTimeout(budget.join())
            .forcedWait(budget.forcedWait())
            .onStuck(
                () -> {
                  pool.shutDownNow();
                  // also unblocks a flush waiting for an unreachable broker
                  closeClients(Duration.ZERO);
                })
            .build();
  }

  /**
   * Initialises the crawl-state transactions (fencing an earlier worker of the same id before any
   * request is read), deletes frontier folders ({@code site-*}) left in the work folder by a worker
   * that did not end cleanly, then starts the consumer thread; site crawls start as requests
   * arrive.
   *
   * <p>With the broker away the first step waits for it, up to the producer's {@code max.block.ms}
   * (60 s; the first batch then tries again). A {@link #close()} from another thread or an
   * interrupt of this one ends that wait at once: the worker is then closed and never runs, and
   * this call returns (with the interrupt status kept), so a stop during the start is as prompt as
   * any other.
   */
  public void start() {
    synchronized (lifecycle) {
      if (closed.get()) {
        throw new IllegalStateException("worker is closed");
      }
      if (!started.compareAndSet(false, true)) {
        throw new IllegalStateException("worker already started");
      }
    }
    try {
      crawlState.open();
      synchronized (lifecycle) {
        if (closed.get() || Thread.currentThread().isInterrupted()) {
          log.info("crawler worker stopped while starting; it never ran");
          closed.set(true);
          // the Kafka clients' close throws on an interrupted thread: close first, then restore it
          boolean interrupted = Thread.interrupted();
          try {
            closeUnstarted();
          } finally {
            if (interrupted) {
              Thread.currentThread().interrupt();
            }
          }
          return;
        }
        WorkFolder.deleteStaleFrontiers(settings.workDir());
        // closed by the loop's stop action, which runs once the loop has started
        clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(registry);
        loop.start();
        loopStarted = true;
      }
    } finally {
      startEnded.countDown();
    }
    log.info(
        "crawler worker started: group {}, topic {}, up to {} sites at a time",
        settings.groupId(),
        topics.crawlRequests(),
        settings.maxConcurrentSites());
  }

  /**
   * True when the worker is running, no site is being crawled or queued, the last poll returned no
   * records, everything published is acknowledged and all finished work is committed. Computed at
   * the end of each pass of the consumer loop, after its commit.
   */
  public boolean isIdle() {
    return loop.isRunning() && intake.idle();
  }

  /**
   * True from {@link #start()} until the consumer thread ends: after {@link #close()}, or after a
   * fatal error (see {@link #failure()}). A worker that is not running consumes nothing more.
   */
  public boolean isRunning() {
    return loop.isRunning();
  }

  /**
   * Whether the worker's consumer holds its share of the crawl-request partitions (possibly none):
   * the {@code consumer-assigned} readiness check.
   */
  public boolean hasAssignment() {
    return loop.hasAssignment();
  }

  /**
   * Why crawl outcomes and checkpoints cannot be written (several batches in a row failed, e.g. the
   * crawl-state producer is fenced or not authorised): the {@code crawl-state} readiness check.
   */
  public Optional<String> crawlStateProblem() {
    return crawlState.problem();
  }

  /** The error that stopped the consumer thread, if one did. */
  public Optional<Throwable> failure() {
    return loop.failure();
  }

  /** Number of site crawls running or queued on this worker. */
  public int sitesInProgress() {
    return pool.inFlight();
  }

  /**
   * Stops polling, asks running crawls to stop after their current page (they are reported with
   * {@code interrupted=true}), drops queued ones (their requests stay uncommitted and will be
   * consumed again), commits what finished and was acknowledged, and closes the clients. Bounded
   * (about 5 s, even with the broker away; {@link CloseBudget#DEFAULT}): crawls get 3 s to stop and
   * are then interrupted, the final commit waits at most 1.5 s for the output, and output that is
   * still unacknowledged then is abandoned with its requests uncommitted, for the next worker. If
   * the consumer thread is still busy after 6 s the clients are closed from here and the call
   * returns at most about 1 s later (as when a close comes during a partition hand-over, whose wait
   * for queued finishes, up to 15 s, the close does not cut short). Site threads are daemons, so a
   * crawl that ignores even the interrupt cannot keep the process alive. A close while {@link
   * #start()} still waits for the broker ends that wait at once and returns when the start has
   * closed what it opened (well under a second).
   */
  @Override
  public void close() {
    boolean starting;
    synchronized (lifecycle) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      starting = started.get() && !loopStarted;
    }
    pool.stop();
    if (!started.get()) {
      closeUnstarted();
      return;
    }
    if (starting) {
      // start() waits for the broker: end the wait; start() then closes what it opened
      crawlState.abortOpen();
      try {
        if (!startEnded.await(budget.join().toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("the worker's start did not end within {}", budget.join());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    loop.close(); // wakes the consumer thread, waits for its shutdown (IntakeLoop.stopped)
  }

  /** Closes a worker whose consumer thread never started: everything without waiting. */
  private void closeUnstarted() {
    pool.shutDownNow();
    loop.close(); // closes the consumer
    closeClients(Duration.ZERO);
    crawlState.close(Duration.ZERO);
  }

  /** Closes the output, the lane and the crawls' shared parts; the loop closes the consumer. */
  private void closeClients(Duration timeout) {
    try {
      output.close(timeout);
    } catch (RuntimeException e) {
      log.warn("closing the crawler producer failed: {}", e.toString());
    }
    if (lane != null) {
      lane.close(timeout);
    }
    jobs.close(); // the WARC writer: after the crawls, whose pages reference its files
  }
}
