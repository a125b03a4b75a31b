package org.sitewatch.crawler.worker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.crawl.SiteCrawlFactory;
import org.sitewatch.crawler.crawl.CrawlJob;
import org.sitewatch.crawler.crawl.CrawlJobFactory;
import org.sitewatch.crawler.crawl.SiteReport;
import org.sitewatch.crawler.net.Sites;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.crawler.state.CheckpointWriter;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.crawler.state.CrawlStateStore;
import org.sitewatch.crawler.state.KafkaCrawlState;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.crawler.output.KafkaEmitter;
import org.sitewatch.crawler.output.BoundedOutput;
import org.sitewatch.crawler.output.MeteredOutput;

/**
 * A crawler worker: consumes {@link CrawlRequest}s, crawls each requested site once (at most {@code
 * maxConcurrentSites} at a time), and publishes pages, outcomes and cross-site links.
 *
 * <p>Threads: one consumer thread ({@code crawler-consumer}) owns the Kafka consumer, the offset
 * bookkeeping and the skip decisions; a fixed pool of daemon threads ({@code crawler-site-N}) runs
 * the site crawls, each of which owns one crawler4j fetch thread. Delivery is at least once: a
 * partition's offset is committed only up to its lowest request whose crawl has not finished, after
 * the producer has been flushed. Every request that is acted on ends with exactly one SITE_CRAWLED
 * outcome, or a SKIPPED or BAD_RECORD outcome when it is not crawled. A request that the consumer
 * delivers again after a rebalance gave its partition back to this worker is not acted on twice:
 * if its crawl is still running it waits for that crawl, if its work is already done it is only
 * committed. The consumer uses the cooperative-sticky assignor (unless {@code
 * partition.assignment.strategy} or {@code group.protocol} is given), so a rebalance revokes only
 * the partitions that really move.
 */
public final class CrawlerWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CrawlerWorker.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long each step of {@link #close()} may take. The consumer thread spends at most {@code
   * crawlStop + interrupt} on the crawls, {@code commit} (twice if a wakeup interrupts it) on the
   * final commit and {@code clientClose} on each client; {@code close()} waits {@code join} for it,
   * then force-closes the clients and waits {@code forcedWait} more.
   */
  record CloseBudget(
      Duration crawlStop,
      Duration interrupt,
      Duration commit,
      Duration clientClose,
      Duration join,
      Duration forcedWait) {
    /** About 22 s in all: within the 25 s a caller's shutdown hook may give a worker. */
    static final CloseBudget DEFAULT =
        new CloseBudget(
            Duration.ofSeconds(8),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(2),
            Duration.ofSeconds(20),
            Duration.ofSeconds(2));
  }

  private final CrawlerSettings settings;
  private final Topics topics;
  private final Clock clock;
  private final Consumer<String, byte[]> consumer;
  private final Output output;
  private final CrawlJobFactory jobs;
  private final CloseBudget budget;
  private final CrawlerMetrics metrics;
  private final CheckpointSettings checkpointSettings;
  private final CrawlStateStore stateStore; // null: no crawl-state topic configured
  private final DiscoveryLane lane; // null: discoveries are not read by this worker
  private final ThreadPoolExecutor sitePool;
  private final Thread consumerThread;
  private final JsonSerde<CrawlRequest> requestSerde = JsonSerde.of(CrawlRequest.class);
  private final LinkedBlockingQueue<SiteTask> completions = new LinkedBlockingQueue<>();
  private final Map<String, CrawlJob> running = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile boolean alive;
  private volatile boolean idle;
  private volatile Throwable failure;

  // owned by the consumer thread
  private final OffsetTracker offsets = new OffsetTracker();
  private final Map<String, SiteTask> tasksBySite = new HashMap<>();
  private final Map<String, Instant> lastCrawled = new HashMap<>();
  // crawls of discovered links, kept apart: a polite discovery crawl never stands in for a seed,
  // tip or recrawl check of the same site (docs/politeness.md)
  private final Map<String, Instant> lastDiscovered = new HashMap<>();
  // crawl state (docs/crawl-state.md): checkpoints read on assignment, not yet matched to a request
  private final Map<String, CrawlCheckpoint> restored = new HashMap<>();
  // requests whose state record must be deleted once their offset is committed
  private final Map<Position, String> stateToClear = new HashMap<>();
  private CheckpointWriter checkpoints; // null while crawl state is off
  private long queued;

  /** A record's place in its topic. */
  private record Position(TopicPartition partition, long offset) {
    @Override
    public String toString() {
      return partition + "@" + offset;
    }
  }

  /**
   * One site crawl, queued or running. {@code positions} are the records waiting for it: the one
   * that started it and any re-delivery of that same record after a rebalance.
   */
  private static final class SiteTask {
    final CrawlRequest request;
    final Position origin;
    final CrawlCheckpoint resumeFrom; // null: a fresh crawl
    final List<Position> positions = new ArrayList<>(); // consumer thread only
    volatile boolean acted;

    SiteTask(CrawlRequest request, Position origin, CrawlCheckpoint resumeFrom) {
      this.request = request;
      this.origin = origin;
      this.resumeFrom = resumeFrom;
      positions.add(origin);
    }
  }

  /**
   * @param kafkaProps client properties; must contain {@code bootstrap.servers}, may contain {@code
   *     client.id} and security settings. Serdes, the group id, manual commits and producer
   *     durability are set here.
   */
  public CrawlerWorker(
      CrawlerSettings settings, Map<String, Object> kafkaProps, Topics topics, Clock clock) {
    this(
        settings,
        CheckpointSettings.defaults(),
        new CrawlerMetrics(),
        kafkaProps,
        topics,
        clock,
        LinkScorer.NONE);
  }

  /** As the full constructor, with links fetched in the order they are found. */
  public CrawlerWorker(
      CrawlerSettings settings,
      CheckpointSettings checkpoints,
      CrawlerMetrics metrics,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock) {
    this(settings, checkpoints, metrics, kafkaProps, topics, clock, LinkScorer.NONE);
  }

  /**
   * A worker that checkpoints its site crawls to {@link Topics#crawlState()} (docs/crawl-state.md),
   * records its meters in {@code metrics}, and whose site crawls fetch the links {@code linkScorer}
   * scores higher first.
   *
   * @param kafkaProps as for {@link #CrawlerWorker(CrawlerSettings, Map, Topics, Clock)}
   */
  public CrawlerWorker(
      CrawlerSettings settings,
      CheckpointSettings checkpoints,
      CrawlerMetrics metrics,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock,
      LinkScorer linkScorer) {
    this(
        settings,
        topics,
        clock,
        siteCrawls(settings, clock, metrics, Objects.requireNonNull(linkScorer, "linkScorer")),
        kafkaClients(settings, kafkaProps, topics, clock),
        CloseBudget.DEFAULT,
        metrics,
        checkpoints);
  }

  private record Clients(
      Consumer<String, byte[]> consumer, Output output, CrawlStateStore state, DiscoveryLane lane) {}

  private CrawlerWorker(
      CrawlerSettings settings,
      Topics topics,
      Clock clock,
      CrawlJobFactory jobs,
      Clients clients,
      CloseBudget budget,
      CrawlerMetrics metrics,
      CheckpointSettings checkpoints) {
    this(
        settings,
        topics,
        clock,
        jobs,
        clients.consumer(),
        clients.output(),
        budget,
        metrics,
        checkpoints,
        clients.state(),
        clients.lane());
  }

  /** For tests: any consumer, output and crawl implementation; no crawl state, own meters. */
  CrawlerWorker(
      CrawlerSettings settings,
      Topics topics,
      Clock clock,
      CrawlJobFactory jobs,
      Consumer<String, byte[]> consumer,
      Output output,
      CloseBudget budget) {
    this(
        settings,
        topics,
        clock,
        jobs,
        consumer,
        output,
        budget,
        new CrawlerMetrics(),
        CheckpointSettings.defaults(),
        null);
  }

  /** For tests: any consumer, output, crawl implementation and crawl-state store (or null). */
  CrawlerWorker(
      CrawlerSettings settings,
      Topics topics,
      Clock clock,
      CrawlJobFactory jobs,
      Consumer<String, byte[]> consumer,
      Output output,
      CloseBudget budget,
      CrawlerMetrics metrics,
      CheckpointSettings checkpointSettings,
      CrawlStateStore stateStore) {
    this(settings, topics, clock, jobs, consumer, output, budget, metrics, checkpointSettings,
        stateStore, null);
  }

  /** For tests: as above, with a discoveries lane (or null). */
  CrawlerWorker(
      CrawlerSettings settings,
      Topics topics,
      Clock clock,
      CrawlJobFactory jobs,
      Consumer<String, byte[]> consumer,
      Output output,
      CloseBudget budget,
      CrawlerMetrics metrics,
      CheckpointSettings checkpointSettings,
      CrawlStateStore stateStore,
      DiscoveryLane lane) {
    this.lane = lane;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.checkpointSettings = Objects.requireNonNull(checkpointSettings, "checkpointSettings");
    this.stateStore = stateStore;
    this.topics = Objects.requireNonNull(topics, "topics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.jobs = Objects.requireNonNull(jobs, "jobs");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    // every record the crawler writes is bounded in size before it reaches a topic (Bounded)
    this.output =
        new MeteredOutput(
            new BoundedOutput(
                Objects.requireNonNull(output, "output"), settings.limits().maxUrlLength()),
            metrics);
    this.budget = Objects.requireNonNull(budget, "budget");
    AtomicInteger threadNumber = new AtomicInteger();
    this.sitePool =
        new ThreadPoolExecutor(
            settings.maxConcurrentSites(),
            settings.maxConcurrentSites(),
            0,
            TimeUnit.MILLISECONDS,
            // crawls waiting for a thread start by priority (see QueuedCrawl)
            new PriorityBlockingQueue<>(16, QueuedCrawl.ORDER),
            r -> {
              Thread t = new Thread(r, "crawler-site-" + threadNumber.incrementAndGet());
              // a crawl that ignores stop and interrupt must not keep the JVM alive after close
              t.setDaemon(true);
              return t;
            });
    this.consumerThread = new Thread(this::consumeLoop, "crawler-consumer");
    ThreadPoolExecutor pool = sitePool;
    metrics.queueDepth(() -> pool.getQueue().size());
  }

  private static CrawlJobFactory siteCrawls(
      CrawlerSettings settings, Clock clock, CrawlerMetrics metrics, LinkScorer linkScorer) {
    Objects.requireNonNull(metrics, "metrics");
    SiteCrawlFactory crawls = new SiteCrawlFactory(settings, clock, metrics, linkScorer);
    metrics.warcBytesWritten(crawls::warcBytesWritten);
    return crawls;
  }

  private static Clients kafkaClients(
      CrawlerSettings settings, Map<String, Object> kafkaProps, Topics topics, Clock clock) {
    Objects.requireNonNull(kafkaProps, "kafkaProps");
    Objects.requireNonNull(topics, "topics");
    if (!kafkaProps.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("kafkaProps must contain bootstrap.servers");
    }
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(consumerProps(kafkaProps, settings));
    KafkaEmitter emitter = null;
    KafkaConsumer<String, byte[]> laneConsumer = null;
    try {
      laneConsumer =
          new KafkaConsumer<>(DiscoveryLane.consumerProps(consumerProps(kafkaProps, settings)));
      emitter = new KafkaEmitter(kafkaProps, settings, topics, clock);
      return new Clients(
          consumer,
          emitter,
          new KafkaCrawlState(kafkaProps, topics.crawlState()),
          new DiscoveryLane(laneConsumer, topics.crawlDiscoveries()));
    } catch (RuntimeException e) {
      consumer.close();
      if (laneConsumer != null) {
        laneConsumer.close(Duration.ZERO);
      }
      if (emitter != null) {
        emitter.close(Duration.ZERO);
      }
      throw e;
    }
  }

  static Map<String, Object> consumerProps(
      Map<String, Object> kafkaProps, CrawlerSettings settings) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.computeIfPresent(ConsumerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-consumer");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the request topic is a work queue: requests written before the group first joined still count
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // few records per poll, so that pausing bounds the local backlog closely
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxConcurrentSites());
    // site crawls last minutes: a worker joining or leaving must not revoke every partition; the
    // broker-side "consumer" group protocol has its own assignors and rejects this setting
    if (!props.containsKey(ConsumerConfig.GROUP_PROTOCOL_CONFIG)) {
      props.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
      // a killed worker's sites wait for its session to expire before another worker resumes
      // them: 10 s instead of the default 45 s (the consumer thread polls continuously, crawls
      // run on other threads, so heartbeats are never late)
      props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
      props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    }
    return props;
  }

  /**
   * Deletes frontier folders ({@code site-*}) left in the work folder by a worker that did not end
   * cleanly, then starts the consumer thread; site crawls start as requests arrive.
   */
  public void start() {
    if (closed.get()) {
      throw new IllegalStateException("worker is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("worker already started");
    }
    deleteStaleFrontiers(settings.workDir());
    alive = true;
    consumerThread.start();
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
    return alive && idle;
  }

  /**
   * True from {@link #start()} until the consumer thread ends: after {@link #close()}, or after a
   * fatal error (see {@link #failure()}). A worker that is not running consumes nothing more.
   */
  public boolean isRunning() {
    return alive;
  }

  /** The error that stopped the consumer thread, if one did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Number of site crawls running or queued on this worker. */
  public int sitesInProgress() {
    return inFlight.get();
  }

  /**
   * Stops polling, asks running crawls to stop after their current page (they are reported with
   * {@code interrupted=true}), drops queued ones (their requests stay uncommitted and will be
   * consumed again), commits what finished, and closes the clients. Bounded: crawls get about 8 s
   * to stop and are then interrupted, the final commit and each client close have a few seconds,
   * and if the consumer thread is still busy after 20 s the clients are closed from here and the
   * call returns at most about 2 s later (about 22 s in all). Site threads are daemons, so a crawl
   * that ignores even the interrupt cannot keep the process alive.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopping = true;
    if (!started.get()) {
      sitePool.shutdownNow();
      closeClients(Duration.ZERO);
      return;
    }
    running.values().forEach(CrawlJob::stop);
    consumer.wakeup();
    join(budget.join());
    if (consumerThread.isAlive()) {
      log.warn(
          "crawler consumer thread did not stop within {}; closing its clients from {}",
          budget.join(),
          Thread.currentThread().getName());
      sitePool.shutdownNow();
      closeClients(Duration.ZERO); // also unblocks a flush waiting for an unreachable broker
      consumerThread.interrupt();
      join(budget.forcedWait());
      if (consumerThread.isAlive()) {
        log.warn("crawler consumer thread is still running; abandoning it");
      }
    }
  }

  private void join(Duration timeout) {
    try {
      consumerThread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeClients(Duration timeout) {
    try {
      consumer.close(timeout);
    } catch (RuntimeException e) {
      // e.g. ConcurrentModificationException when the consumer thread is still inside a call
      log.warn("closing the crawler consumer failed: {}", e.toString());
    }
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

  // --- consumer thread ---

  private void consumeLoop() {
    try {
      enableCrawlState();
      consumer.subscribe(List.of(topics.crawlRequests()), new Rebalance());
      while (!stopping) {
        applyBackpressure();
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (!records.isEmpty()) {
          idle = false;
        }
        // crawls that ended while we polled: a request for such a site is not "being crawled"
        drainCompletions();
        for (ConsumerRecord<String, byte[]> record : records) {
          handle(record);
        }
        drainCompletions();
        boolean discoveriesQuiet = readDiscoveries(records.isEmpty());
        commitFinished();
        updateIdle(records.isEmpty() && discoveriesQuiet);
      }
    } catch (WakeupException e) {
      if (!stopping) {
        failure = e;
        log.error("crawler consumer woken up unexpectedly; the worker stops consuming", e);
      }
    } catch (RuntimeException e) {
      failure = e; // logged and kept for failure(): the owner decides what to do
      log.error("crawler worker consumer failed; the worker stops consuming", e);
    } catch (Error e) {
      failure = e;
      log.error("crawler worker consumer failed; the worker stops consuming", e);
      throw e;
    } finally {
      idle = false;
      try {
        shutDownFromConsumerThread();
      } finally {
        alive = false;
      }
    }
  }

  /**
   * Turns checkpoints on when the crawl-state topic exists with at least as many partitions as the
   * request topic (partition p of one holds the sites of partition p of the other).
   */
  private void enableCrawlState() {
    if (stateStore == null) {
      return;
    }
    int statePartitions = stateStore.partitions();
    List<org.apache.kafka.common.PartitionInfo> requestPartitions =
        consumer.partitionsFor(topics.crawlRequests());
    int needed = requestPartitions == null ? 0 : requestPartitions.size();
    if (statePartitions == 0 || statePartitions < needed) {
      log.warn(
          "crawl state is off: topic {} {}; a worker taking over a site will crawl it again from"
              + " its seed",
          topics.crawlState(),
          statePartitions == 0
              ? "does not exist"
              : "has " + statePartitions + " partitions, fewer than the " + needed + " of "
                  + topics.crawlRequests());
      return;
    }
    checkpoints = new CheckpointWriter(stateStore, output, metrics);
  }

  private void updateIdle(boolean lastPollEmpty) {
    boolean quiet =
        lastPollEmpty
            && tasksBySite.isEmpty()
            && completions.isEmpty()
            && !offsets.hasUncommitted();
    if (quiet && output.hasPending()) {
      output.flush(); // e.g. outcomes of requests whose partition was revoked meanwhile
    }
    idle = quiet && !output.hasPending();
  }

  private void applyBackpressure() {
    int limit = settings.maxConcurrentSites() * 2; // running crawls plus a small backlog
    if (tasksBySite.size() >= limit) {
      Set<TopicPartition> assigned = consumer.assignment();
      if (!assigned.isEmpty() && !consumer.paused().containsAll(assigned)) {
        consumer.pause(assigned);
        log.debug("paused {} partition(s): {} crawls in flight", assigned.size(), inFlight.get());
      }
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  /**
   * Takes discoveries from their lane while the seed lane has no waiting work: the last poll of
   * the request topic was empty, no crawl waits for a thread, and discoveries hold fewer than
   * {@code maxConcurrentSites - 1} crawl threads (one is kept for the next seed). Returns whether
   * the lane is read to its end.
   */
  private boolean readDiscoveries(boolean seedPollEmpty) {
    if (lane == null) {
      return true;
    }
    boolean took = false;
    for (int i = 0; i < settings.maxConcurrentSites() && seedPollEmpty && seedLaneHasRoom(); i++) {
      ConsumerRecords<String, byte[]> found = lane.poll();
      if (found.isEmpty()) {
        break;
      }
      took = true;
      for (ConsumerRecord<String, byte[]> record : found) {
        handle(record);
      }
    }
    return !took && lane.caughtUp();
  }

  private boolean seedLaneHasRoom() {
    if (!consumer.paused().isEmpty() || !sitePool.getQueue().isEmpty()) {
      return false;
    }
    int discoveries = 0;
    for (SiteTask task : tasksBySite.values()) {
      if (fromLane(task.origin.partition())) {
        discoveries++;
      }
    }
    return discoveries < Math.max(1, settings.maxConcurrentSites() - 1);
  }

  private boolean fromLane(TopicPartition partition) {
    return lane != null && partition.topic().equals(lane.topic());
  }

  /**
   * The id every SITE_CRAWLED of one request record carries ({@link Outcome#CRAWL_ID}): where the
   * record sits and when it was requested, so offsets that start again at 0 (a recreated topic, a
   * fresh local broker over a kept database) never repeat an earlier crawl's id.
   */
  static String crawlId(TopicPartition partition, long offset, Instant requestedAt) {
    return partition.topic() + ":" + partition.partition() + ":" + offset + ":"
        + requestedAt.toEpochMilli();
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    Position position = new Position(partition, record.offset());
    offsets.open(partition, record.offset());
    if (offsets.isFinished(partition, record.offset())) {
      // re-delivered after a rebalance gave the partition back; its outcome is already published
      log.debug("request {} was already handled here; committing it", position);
      offsets.done(partition, record.offset());
      return;
    }
    SiteTask runningFor = taskFor(position);
    if (runningFor != null) {
      // re-delivered while its crawl is still running here: it completes when that crawl does
      log.debug("request {} re-delivered while its crawl runs; waiting for it", position);
      runningFor.positions.add(position);
      return;
    }
    CrawlRequest request;
    String urlSite;
    try {
      request = requestSerde.deserialize(record.topic(), record.value());
      if (request == null) {
        throw new IllegalArgumentException("empty record (null value)");
      }
      urlSite = Sites.siteOf(request.url());
    } catch (RuntimeException e) {
      badRecord(record, "cannot read a crawl request: " + e.getMessage());
      offsets.done(partition, record.offset());
      return;
    }
    if (!urlSite.equals(request.site())) {
      // outputs are keyed by the request's site while the crawl's scope comes from its URL: a
      // request that disagrees with itself would file one site's pages under another
      badRecord(
          record,
          "crawl request names site '"
              + request.site()
              + "' but its url "
              + request.url()
              + " belongs to site '"
              + urlSite
              + "'; not crawled");
      offsets.done(partition, record.offset());
      return;
    }
    String site = request.site();
    boolean tracked = checkpoints != null && !fromLane(partition); // discoveries: no checkpoints
    CrawlCheckpoint saved = tracked ? restored.get(site) : null;
    if (saved != null && saved.belongsTo(request, record.partition(), record.offset())) {
      restored.remove(site);
      stateToClear.put(position, site);
    } else {
      saved = null;
    }
    if (saved != null && saved.done()) {
      // the crawl ended on a worker that stopped before committing: its outcome is published
      log.info(
          "request {} for site {} was crawled by an earlier worker ({} pages); committing it",
          position,
          site,
          saved.pages());
      lastCrawled.put(site, saved.writtenAt());
      offsets.done(partition, record.offset());
      return;
    }
    Instant now = clock.instant();
    Instant last = lastCrawled.get(site);
    Instant discovered = lastDiscovered.get(site);
    if (request.source() == CrawlRequest.Source.LINK
        && discovered != null
        && (last == null || discovered.isAfter(last))) {
      last = discovered;
    }
    String skip = null;
    if (tasksBySite.containsKey(site)) {
      skip = "site is being crawled by this worker right now";
    } else if (request.source() != CrawlRequest.Source.RECRAWL // a lead's check is never skipped
        && last != null
        && now.isBefore(last.plus(settings.recrawlAfter()))) {
      skip =
          "site was crawled by this worker at "
              + last
              + ", less than crawler.recrawl-after ("
              + settings.recrawlAfter()
              + ") ago";
    }
    if (skip != null) {
      output.outcome(
          new Outcome(
              Outcome.VERSION,
              site,
              request.url(),
              Outcome.Stage.CRAWLER,
              Outcome.Kind.SKIPPED,
              skip,
              now,
              Map.of("source", request.source().name(), "hops", Integer.toString(request.hops()))));
      offsets.done(partition, record.offset());
      return;
    }
    SiteTask task = new SiteTask(request, position, saved);
    if (tracked) {
      stateToClear.put(position, site); // its done record is deleted once the offset is committed
    }
    tasksBySite.put(site, task);
    inFlight.incrementAndGet();
    sitePool.execute(new QueuedCrawl(request, queued++, () -> crawl(task)));
  }

  private SiteTask taskFor(Position position) {
    for (SiteTask task : tasksBySite.values()) {
      if (task.origin.equals(position)) {
        return task;
      }
    }
    return null;
  }

  private void badRecord(ConsumerRecord<String, byte[]> record, String reason) {
    String key = record.key() == null || record.key().isBlank() ? "unknown" : record.key();
    output.outcome(
        new Outcome(
            Outcome.VERSION,
            key,
            null,
            Outcome.Stage.CRAWLER,
            Outcome.Kind.BAD_RECORD,
            reason,
            clock.instant(),
            Map.of(
                "topic", record.topic(),
                "partition", Integer.toString(record.partition()),
                "offset", Long.toString(record.offset()))));
  }

  private void drainCompletions() {
    SiteTask task;
    while ((task = completions.poll()) != null) {
      String site = task.request.site();
      tasksBySite.remove(site, task);
      if (task.acted) {
        (task.request.source() == CrawlRequest.Source.LINK ? lastDiscovered : lastCrawled)
            .put(site, clock.instant());
        for (Position p : task.positions) {
          offsets.done(p.partition(), p.offset());
        }
      }
    }
    pruneLastCrawled();
  }

  private void pruneLastCrawled() {
    Instant horizon = clock.instant().minus(settings.recrawlAfter());
    for (Map<String, Instant> crawled : List.of(lastCrawled, lastDiscovered)) {
      if (crawled.size() > 10_000) {
        crawled.values().removeIf(t -> t.isBefore(horizon));
      }
    }
  }

  private void commitFinished() {
    Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable();
    if (!toCommit.isEmpty()) {
      commit(toCommit, null);
    }
  }

  /**
   * Flushes the output, then commits. A {@link WakeupException} here comes from {@link #close()}
   * waking a consumer that was not polling at that moment; it is consumed by the first attempt, so
   * the commit is tried once more.
   *
   * @param timeout the commit's timeout, or {@code null} for the consumer's default
   */
  private void commit(Map<TopicPartition, OffsetAndMetadata> toCommit, Duration timeout) {
    output.flush(); // the output of every finished request is durable before its offset moves
    Map<TopicPartition, OffsetAndMetadata> seeds = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> discoveries = new HashMap<>();
    toCommit.forEach((p, o) -> (fromLane(p) ? discoveries : seeds).put(p, o));
    try {
      if (!discoveries.isEmpty()) {
        lane.commit(discoveries, timeout);
      }
      try {
        commitSync(seeds, timeout);
      } catch (WakeupException e) {
        log.debug("commit interrupted by a wakeup; retrying once");
        commitSync(seeds, timeout);
      }
      offsets.committed(toCommit);
      log.debug("committed {}", toCommit);
      clearCommittedState(toCommit);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // e.g. a rebalance took the partition away: its requests will be consumed again elsewhere
      log.warn("could not commit {}: {}", toCommit, e.toString());
    }
  }

  /** Deletes the crawl state of requests that the commit put behind the group's position. */
  private void clearCommittedState(Map<TopicPartition, OffsetAndMetadata> committed) {
    if (checkpoints == null || stateToClear.isEmpty()) {
      return;
    }
    stateToClear
        .entrySet()
        .removeIf(
            e -> {
              OffsetAndMetadata at = committed.get(e.getKey().partition());
              if (at == null || e.getKey().offset() >= at.offset()) {
                return false;
              }
              checkpoints.clear(
                  e.getValue(),
                  new CheckpointWriter.Owner(
                      e.getKey().partition().partition(), e.getKey().offset()));
              return true;
            });
  }

  /**
   * Reads the crawl state of newly assigned partitions, before any of their requests is handled.
   * State of a request that is already behind the committed offset is stale (its worker stopped
   * between commit and delete) and is deleted.
   */
  private void restoreCrawlState(Collection<TopicPartition> partitions) {
    if (checkpoints == null || partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(Set.copyOf(partitions));
    } catch (KafkaException e) {
      log.warn("cannot read committed offsets of {}: {}", partitions, e.toString());
      committed = Map.of();
    }
    for (TopicPartition partition : partitions) {
      Map<String, CrawlCheckpoint> state = stateStore.read(partition.partition(), RESTORE_TIMEOUT);
      OffsetAndMetadata at = committed == null ? null : committed.get(partition);
      int resumable = 0;
      for (CrawlCheckpoint c : state.values()) {
        checkpoints.restored(c);
        if (c.partition() != partition.partition() || (at != null && c.offset() < at.offset())) {
          checkpoints.clear(c.site(), CheckpointWriter.Owner.of(c));
        } else {
          restored.put(c.site(), c);
          resumable++;
        }
      }
      if (!state.isEmpty()) {
        log.info(
            "crawl state of {}: {} site(s) to resume or commit, {} stale record(s) deleted",
            partition,
            resumable,
            state.size() - resumable);
      }
    }
  }

  private void forgetCrawlState(Collection<TopicPartition> partitions) {
    Set<Integer> numbers = new java.util.HashSet<>();
    for (TopicPartition p : partitions) {
      numbers.add(p.partition());
    }
    restored.values().removeIf(c -> numbers.contains(c.partition()));
    stateToClear.keySet().removeIf(p -> partitions.contains(p.partition()));
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> toCommit, Duration timeout) {
    if (toCommit.isEmpty()) {
      return;
    }
    if (timeout == null) {
      consumer.commitSync(toCommit);
    } else {
      consumer.commitSync(toCommit, timeout);
    }
  }

  private void shutDownFromConsumerThread() {
    stopping = true;
    running.values().forEach(CrawlJob::stop);
    sitePool.shutdown();
    try {
      if (!sitePool.awaitTermination(budget.crawlStop().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("site crawls did not stop within {}; interrupting them", budget.crawlStop());
        sitePool.shutdownNow();
        if (!sitePool.awaitTermination(budget.interrupt().toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("site crawls ignored the interrupt; leaving their requests uncommitted");
        }
      }
    } catch (InterruptedException e) {
      sitePool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      drainCompletions();
      Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable();
      if (!toCommit.isEmpty()) {
        commit(toCommit, budget.commit());
      }
    } catch (RuntimeException e) {
      log.warn("final commit failed: {}", e.toString());
    } finally {
      if (checkpoints != null) {
        checkpoints.close(budget.clientClose()); // also closes the store
      } else if (stateStore != null) {
        stateStore.close(Duration.ZERO);
      }
      closeClients(budget.clientClose());
      log.info("crawler worker stopped");
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      drainCompletions();
      Set<TopicPartition> moving = withLane(partitions);
      Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>(offsets.committable());
      toCommit.keySet().retainAll(moving);
      if (!toCommit.isEmpty()) {
        try {
          commit(toCommit, stopping ? budget.commit() : null);
        } catch (WakeupException e) {
          log.warn("could not commit {} on revocation: {}", toCommit, e.toString());
        }
      }
      offsets.forget(moving);
      forgetCrawlState(partitions);
      if (lane != null) {
        lane.unfollow(partitions);
      }
      log.debug("revoked {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      offsets.forget(withLane(partitions));
      forgetCrawlState(partitions);
      if (lane != null) {
        lane.unfollow(partitions);
      }
      log.debug("lost {}", partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      restoreCrawlState(partitions);
      if (lane != null) {
        lane.follow(partitions);
      }
      log.debug("assigned {}", partitions);
    }

    /** The request partitions and the discoveries partitions that go with them. */
    private Set<TopicPartition> withLane(Collection<TopicPartition> partitions) {
      Set<TopicPartition> all = new java.util.HashSet<>(partitions);
      if (lane != null) {
        all.addAll(lane.matching(partitions));
      }
      return all;
    }
  }

  // --- site pool threads ---

  private void crawl(SiteTask task) {
    try {
      if (stopping) {
        return; // not acted on: the request stays uncommitted and will be consumed again
      }
      task.acted = true;
      runSiteCrawl(task);
    } finally {
      completions.add(task);
      inFlight.decrementAndGet();
    }
  }

  private void runSiteCrawl(SiteTask task) {
    CrawlRequest request = task.request;
    CheckpointWriter writer = fromLane(task.origin.partition()) ? null : checkpoints;
    CrawlProgress progress =
        new CrawlProgress(
            request,
            task.origin.partition().partition(),
            task.origin.offset(),
            checkpointSettings,
            clock,
            writer == null ? c -> {} : writer::write,
            task.resumeFrom);
    long startNanos = System.nanoTime();
    SiteReport report = null;
    String error = null;
    CrawlJob crawl = null;
    metrics.siteStarted();
    try {
      crawl = jobs.create(request, output, progress);
      running.put(request.site(), crawl);
      if (stopping) {
        crawl.stop();
      }
      report = crawl.run();
    } catch (Exception e) {
      log.error("crawl of site {} failed", request.site(), e);
      error = e.toString();
      output.outcome(
          new Outcome(
              Outcome.VERSION,
              request.site(),
              request.url(),
              Outcome.Stage.CRAWLER,
              Outcome.Kind.OTHER,
              "crawl failed: " + e,
              clock.instant(),
              Map.of()));
    } finally {
      if (crawl != null) {
        running.remove(request.site(), crawl);
      }
      if (report == null) { // the crawl threw (even an Error): the site-level outcome is still due
        report =
            new SiteReport(
                SiteReport.UNREACHABLE,
                "crawl failed: " + (error == null ? "unexpected error" : error),
                0,
                1,
                stopping);
      }
      siteCrawled(
          request,
          crawlId(task.origin.partition(), task.origin.offset(), request.requestedAt()),
          report,
          error,
          Duration.ofNanos(System.nanoTime() - startNanos));
      metrics.siteEnded();
      if (writer != null) {
        writer.write(progress.snapshot(true)); // after the outcome, which the writer flushes first
      }
    }
  }

  private void siteCrawled(
      CrawlRequest request, String crawlId, SiteReport report, String error, Duration took) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put(Outcome.CRAWL_ID, crawlId); // the same on every attempt: consumers dedupe on it
    details.put("result", report.result());
    details.put("pages", Integer.toString(report.pages()));
    details.put("failures", Integer.toString(report.failures()));
    details.put("durationMs", Long.toString(took.toMillis()));
    details.put("source", request.source().name());
    details.put("hops", Integer.toString(request.hops()));
    details.putAll(report.seed()); // seedStatus, seedSha256, seedUrl or seedError: recrawl checks
    if (report.interrupted()) {
      details.put("interrupted", "true");
    }
    if (error != null) {
      details.put("error", error);
    }
    report.details().forEach(details::putIfAbsent);
    output.outcome(
        new Outcome(
            Outcome.VERSION,
            request.site(),
            request.url(),
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            report.reason(),
            clock.instant(),
            details));
    log.info(
        "site {} crawled: {} ({} pages, {} failures, {} ms)",
        request.site(),
        report.result(),
        report.pages(),
        report.failures(),
        took.toMillis());
  }

  // --- work folder ---

  /** Deletes {@code site-*} folders directly under {@code workDir}; a missing folder is fine. */
  static void deleteStaleFrontiers(Path workDir) {
    if (!Files.isDirectory(workDir)) {
      return;
    }
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(workDir, "site-*")) {
      for (Path folder : stale) {
        if (Files.isDirectory(folder)) {
          log.info("deleting frontier folder {} left by an earlier run", folder);
          deleteRecursively(folder);
        }
      }
    } catch (IOException e) {
      log.warn("could not list {} for stale frontier folders: {}", workDir, e.toString());
    }
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.warn("could not delete {}: {}", p, e.toString());
                }
              });
    } catch (IOException e) {
      log.warn("could not delete {}: {}", folder, e.toString());
    }
  }
}
