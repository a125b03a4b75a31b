package org.sitewatch.crawler;

import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.url.TLDList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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

/**
 * A crawler worker: consumes {@link CrawlRequest}s, crawls each requested site once (at most {@code
 * maxConcurrentSites} at a time), and publishes pages, outcomes and cross-site links.
 *
 * <p>Threads: one consumer thread ({@code crawler-consumer}) owns the Kafka consumer, the offset
 * bookkeeping and the skip decisions; a fixed pool ({@code crawler-site-N}) runs the site crawls,
 * each of which owns one crawler4j fetch thread. Delivery is at least once: a partition's offset is
 * committed only up to its lowest request whose crawl has not finished, after the producer has been
 * flushed. Every request that is acted on ends with exactly one SITE_CRAWLED outcome, or a SKIPPED
 * or BAD_RECORD outcome when it is not crawled.
 */
public final class CrawlerWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CrawlerWorker.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final CrawlerSettings settings;
  private final Topics topics;
  private final Clock clock;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaEmitter emitter;
  private final TLDList tlds;
  private final ThreadPoolExecutor sitePool;
  private final Thread consumerThread;
  private final JsonSerde<CrawlRequest> requestSerde = JsonSerde.of(CrawlRequest.class);
  private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
  private final Map<String, SiteCrawl> running = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile boolean lastPollEmpty;
  private volatile boolean commitPending;

  // owned by the consumer thread
  private final OffsetTracker offsets = new OffsetTracker();
  private final Set<String> busySites = new HashSet<>();
  private final Map<String, Instant> lastCrawled = new HashMap<>();

  private record Completion(TopicPartition partition, long offset, String site, boolean acted) {}

  /**
   * @param kafkaProps client properties; must contain {@code bootstrap.servers}, may contain {@code
   *     client.id} and security settings. Serdes, the group id, manual commits and producer
   *     durability are set here.
   */
  public CrawlerWorker(
      CrawlerSettings settings, Map<String, Object> kafkaProps, Topics topics, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(kafkaProps, "kafkaProps");
    if (!kafkaProps.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("kafkaProps must contain bootstrap.servers");
    }
    try {
      this.tlds = new TLDList(new CrawlConfig());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read crawler4j's bundled public suffix list", e);
    }
    this.consumer = new KafkaConsumer<>(consumerProps(kafkaProps, settings));
    try {
      this.emitter = new KafkaEmitter(kafkaProps, settings, topics, clock);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
    AtomicInteger threadNumber = new AtomicInteger();
    this.sitePool =
        new ThreadPoolExecutor(
            settings.maxConcurrentSites(),
            settings.maxConcurrentSites(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "crawler-site-" + threadNumber.incrementAndGet());
              t.setDaemon(false);
              return t;
            });
    this.consumerThread = new Thread(this::consumeLoop, "crawler-consumer");
  }

  private static Map<String, Object> consumerProps(
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
    return props;
  }

  /** Starts the consumer thread; site crawls start as requests arrive. */
  public void start() {
    if (closed.get()) {
      throw new IllegalStateException("worker is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("worker already started");
    }
    consumerThread.start();
    log.info(
        "crawler worker started: group {}, topic {}, up to {} sites at a time",
        settings.groupId(),
        topics.crawlRequests(),
        settings.maxConcurrentSites());
  }

  /**
   * True when no site is being crawled or queued, the last poll returned no records and all
   * finished work is committed.
   */
  public boolean isIdle() {
    return inFlight.get() == 0 && completions.isEmpty() && lastPollEmpty && !commitPending;
  }

  /** Number of site crawls running or queued on this worker. */
  public int sitesInProgress() {
    return inFlight.get();
  }

  /**
   * Stops polling, asks running crawls to stop after their current page (they are reported with
   * {@code interrupted=true}), drops queued ones (their requests stay uncommitted and will be
   * consumed again), commits, and closes the clients. Bounded: never waits much longer than 30 s
   * for crawls plus the client close timeouts.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopping = true;
    if (started.get()) {
      consumer.wakeup();
      try {
        consumerThread.join(CLOSE_TIMEOUT.multipliedBy(2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (consumerThread.isAlive()) {
        log.warn("consumer thread did not stop in time; abandoning it");
      }
    } else {
      sitePool.shutdownNow();
      consumer.close();
      emitter.close();
    }
  }

  // --- consumer thread ---

  private void consumeLoop() {
    try {
      consumer.subscribe(List.of(topics.crawlRequests()), new Rebalance());
      while (!stopping) {
        applyBackpressure();
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (ConsumerRecord<String, byte[]> record : records) {
          handle(record);
        }
        drainCompletions();
        commitFinished();
        lastPollEmpty = records.isEmpty();
      }
    } catch (WakeupException e) {
      if (!stopping) {
        log.error("consumer woken up unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("crawler worker consumer failed; the worker stops consuming", e);
    } finally {
      shutDownFromConsumerThread();
    }
  }

  private void applyBackpressure() {
    int limit = settings.maxConcurrentSites() * 2; // running crawls plus a small backlog
    if (inFlight.get() >= limit) {
      Set<TopicPartition> assigned = consumer.assignment();
      if (!assigned.isEmpty() && !consumer.paused().containsAll(assigned)) {
        consumer.pause(assigned);
        log.debug("paused {} partition(s): {} crawls in flight", assigned.size(), inFlight.get());
      }
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    offsets.open(partition, record.offset());
    CrawlRequest request;
    try {
      request = requestSerde.deserialize(record.topic(), record.value());
      if (request == null) {
        throw new IllegalArgumentException("empty record (null value)");
      }
      Sites.siteOf(request.url());
    } catch (RuntimeException e) {
      String key = record.key() == null || record.key().isBlank() ? "unknown" : record.key();
      emitter.outcome(
          new Outcome(
              Outcome.VERSION,
              key,
              null,
              Outcome.Stage.CRAWLER,
              Outcome.Kind.BAD_RECORD,
              "cannot read a crawl request: " + e.getMessage(),
              clock.instant(),
              Map.of(
                  "topic", record.topic(),
                  "partition", Integer.toString(record.partition()),
                  "offset", Long.toString(record.offset()))));
      offsets.done(partition, record.offset());
      return;
    }
    String site = request.site();
    Instant now = clock.instant();
    Instant last = lastCrawled.get(site);
    String skip = null;
    if (busySites.contains(site)) {
      skip = "site is being crawled by this worker right now";
    } else if (last != null && now.isBefore(last.plus(settings.recrawlAfter()))) {
      skip =
          "site was crawled by this worker at "
              + last
              + ", less than crawler.recrawl-after ("
              + settings.recrawlAfter()
              + ") ago";
    }
    if (skip != null) {
      emitter.outcome(
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
    busySites.add(site);
    inFlight.incrementAndGet();
    long offset = record.offset();
    sitePool.execute(() -> crawl(partition, offset, request));
  }

  private void drainCompletions() {
    Completion c;
    while ((c = completions.poll()) != null) {
      busySites.remove(c.site());
      if (c.acted()) {
        lastCrawled.put(c.site(), clock.instant());
        offsets.done(c.partition(), c.offset());
      }
    }
    pruneLastCrawled();
  }

  private void pruneLastCrawled() {
    if (lastCrawled.size() > 10_000) {
      Instant horizon = clock.instant().minus(settings.recrawlAfter());
      lastCrawled.values().removeIf(t -> t.isBefore(horizon));
    }
  }

  private void commitFinished() {
    Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable();
    if (!toCommit.isEmpty()) {
      commit(toCommit);
    }
    commitPending = offsets.hasUncommitted();
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> toCommit) {
    try {
      emitter.flush(); // the output of every finished request is durable before its offset moves
      consumer.commitSync(toCommit);
      offsets.committed(toCommit);
      log.debug("committed {}", toCommit);
    } catch (WakeupException e) {
      throw e;
    } catch (KafkaException e) {
      // e.g. a rebalance took the partition away: its requests will be consumed again elsewhere
      log.warn("could not commit {}: {}", toCommit, e.toString());
    }
  }

  private void shutDownFromConsumerThread() {
    stopping = true;
    running.values().forEach(SiteCrawl::stop);
    sitePool.shutdown();
    try {
      if (!sitePool.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("site crawls did not stop within {}; interrupting them", CLOSE_TIMEOUT);
        sitePool.shutdownNow();
      }
    } catch (InterruptedException e) {
      sitePool.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      drainCompletions();
      Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable();
      if (!toCommit.isEmpty()) {
        commit(toCommit);
      }
    } catch (RuntimeException e) {
      log.warn("final commit failed: {}", e.toString());
    } finally {
      try {
        consumer
            .close(); // may still commit from the rebalance listener, which flushes the producer
      } catch (RuntimeException e) {
        log.warn("closing the consumer failed: {}", e.toString());
      }
      emitter.close();
      commitPending = false;
      log.info("crawler worker stopped");
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      drainCompletions();
      Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>(offsets.committable());
      toCommit.keySet().retainAll(partitions);
      if (!toCommit.isEmpty()) {
        commit(toCommit);
      }
      offsets.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      offsets.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.debug("assigned {}", partitions);
    }
  }

  // --- site pool threads ---

  private void crawl(TopicPartition partition, long offset, CrawlRequest request) {
    boolean acted = false;
    try {
      if (stopping) {
        return; // not acted on: the request stays uncommitted and will be consumed again
      }
      acted = true;
      runSiteCrawl(request);
    } finally {
      completions.add(new Completion(partition, offset, request.site(), acted));
      inFlight.decrementAndGet();
    }
  }

  private void runSiteCrawl(CrawlRequest request) {
    long startNanos = System.nanoTime();
    SiteReport report = null;
    String error = null;
    SiteCrawl crawl = null;
    try {
      crawl = new SiteCrawl(request, settings, emitter, clock, tlds);
      running.put(request.site(), crawl);
      if (stopping) {
        crawl.stop();
      }
      report = crawl.run();
    } catch (Exception e) {
      log.error("crawl of site {} failed", request.site(), e);
      error = e.toString();
      emitter.outcome(
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
      siteCrawled(request, report, error, Duration.ofNanos(System.nanoTime() - startNanos));
    }
  }

  private void siteCrawled(CrawlRequest request, SiteReport report, String error, Duration took) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("result", report.result());
    details.put("pages", Integer.toString(report.pages()));
    details.put("failures", Integer.toString(report.failures()));
    details.put("durationMs", Long.toString(took.toMillis()));
    details.put("source", request.source().name());
    details.put("hops", Integer.toString(request.hops()));
    if (report.interrupted()) {
      details.put("interrupted", "true");
    }
    if (error != null) {
      details.put("error", error);
    }
    emitter.outcome(
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
}
