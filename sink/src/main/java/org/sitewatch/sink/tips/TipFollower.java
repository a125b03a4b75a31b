package org.sitewatch.sink.tips;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.common.concurrent.Backoff;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.common.kafka.ConsumerLoop;
import org.sitewatch.common.kafka.GroupFailover;
import org.sitewatch.common.kafka.OffsetCommits;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.intake.LeadSink;
import org.sitewatch.sink.intake.SinkSettings;
import org.sitewatch.sink.recrawl.CrawlRequestSender;
import org.sitewatch.sink.store.LeadHook;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.workflow.LeadUpkeep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows tips from report to lead, in the sink process (docs/tips.md): reads the outcomes topic
 * (consumer group {@link SinkSettings#tipsGroupId()}) for the end of each reported site's crawl,
 * and every {@link TipSettings#followInterval()} moves tip statuses (a lead on the site: action
 * taken; a crawl that found nothing to flag, or a site unreachable after its retries: not
 * actionable), opens the leads analysts asked for by hand, sets each lead's {@code tips} count and
 * priority, sends crawl requests left unsent and due retries (source TIP), and erases contact data
 * past its retention. Every status change is appended to {@code tip_event}.
 *
 * <p>Two threads: the outcome consumer ({@link ConsumerLoop}; offsets committed after the
 * transaction; an unavailable database retried with backoff, the batch sought back; an unreadable
 * record passed over) and the follow-up thread ({@link #followOnce()} every interval; a failed pass
 * is logged and repeated whole at the next). Several sinks may run one each: the consumer group
 * splits the outcomes, the passes' statements are idempotent and crawl requests are claimed with
 * {@code SKIP LOCKED}.
 */
public final class TipFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TipFollower.class);
  private static final Duration CLIENT_CLOSE_WAIT = LeadSink.CLIENT_CLOSE_WAIT;

  private final SinkSettings settings;
  private final Map<String, Object> kafkaProps;
  private final Topics topics;
  private final TipCrawls crawls;
  private final TipFollowUp followUp;
  private final CrawlRequestSender sender;
  private volatile ScheduledFuture<?> passes;
  private final ScheduledExecutorService executor;
  // the executor's threads: close() joins them, since the executor reports itself terminated
  // while its last thread is still on its way out
  private final List<Thread> followUpThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final JsonSerde<Outcome> serde = JsonSerde.of(Outcome.class);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong crawlsApplied = new AtomicLong();
  private final Backoff failures = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
  private volatile ConsumerLoop<String, byte[]> loop;

  /**
   * A follower whose hand-opened leads get no derived data from a hook (no jurisdiction routes).
   *
   * @param dataSource the lead database as the sink role
   * @param kafkaProps Kafka client properties ({@code bootstrap.servers} and security settings)
   */
  public TipFollower(
      SinkSettings settings,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock) {
    this(settings, dataSource, kafkaProps, topics, clock, LeadHook.NONE);
  }

  /**
   * @param dataSource the lead database as the sink role
   * @param kafkaProps Kafka client properties ({@code bootstrap.servers} and security settings)
   * @param hook runs in the transaction of a lead opened by hand, as the lead sink's hook does for
   *     every opened lead (the sink's jurisdiction routes: pass the same {@code RouteStore})
   */
  public TipFollower(
      SinkSettings settings,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock,
      LeadHook hook) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(dataSource, "dataSource");
    this.kafkaProps = Map.copyOf(Objects.requireNonNull(kafkaProps, "kafkaProps"));
    this.topics = Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(hook, "hook");
    TipSettings tips = settings.tips();
    LeadStore leads =
        LeadStore.builder(dataSource, clock)
            .policy(settings.review())
            .trust(settings.trust())
            .hook(hook)
            .build();
    this.crawls = new TipCrawls(dataSource, clock, tips);
    this.sender =
        new CrawlRequestSender(this.kafkaProps, topics, "sitewatch-tip-follower", "tip crawl");
    Consumer<List<CrawlRequest>> publish = sender::send;
    this.followUp =
        new TipFollowUp(dataSource, clock, tips, leads, new LeadUpkeep(settings.review()), publish);
    java.util.concurrent.ThreadFactory named = Threads.named("sitewatch-tip-follower").daemon();
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = named.newThread(r);
              followUpThreads.add(t);
              return t;
            });
  }

  /** Starts the outcome consumer and the follow-up thread (its first pass at once). */
  public void start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("tip follower already started or closed");
    }
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.tipsGroupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // a new group reads the retained outcomes: crawls that ended while no sink ran still count
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // a crawler publishes SITE_CRAWLED in a transaction with its crawl state: never an aborted one
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    GroupFailover.applyDefaults(props);
    GroupFailover.applyCooperative(props);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    loop =
        ConsumerLoop.builder("sitewatch-tips-" + settings.groupId(), consumer)
            .subscribe(List.of(topics.outcomes()))
            .pollTimeout(settings.pollTimeout())
            .retryWithBackoff(LeadSink.RETRY_INITIAL, LeadSink.RETRY_MAX)
            .commit(ConsumerLoop.CommitMode.MANUAL)
            .closeTimeout(CLIENT_CLOSE_WAIT)
            .joinTimeout(LeadSink.STOP_WAIT)
            .handler(
                batch -> {
                  handle(batch);
                  commit(consumer, batch);
                })
            .build();
    loop.start();
    passes =
        executor.scheduleWithFixedDelay(
            this::tick, 0, settings.tips().followInterval().toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "tip follower started: group {}, topic {}, a pass every {}",
        settings.tipsGroupId(),
        topics.outcomes(),
        settings.tips().followInterval());
  }

  /** Whether both threads are alive. */
  public boolean isRunning() {
    ConsumerLoop<String, byte[]> running = loop;
    ScheduledFuture<?> scheduled = passes;
    // a pass that died of an Error ends the schedule: its future is then done
    return running != null
        && running.isRunning()
        && scheduled != null
        && !scheduled.isDone()
        && !executor.isShutdown();
  }

  /** Crawl ends applied to tips since start (outcomes of unreported sites count too). */
  long crawlsApplied() {
    return crawlsApplied.get();
  }

  /**
   * One follow-up pass, now, on the caller's thread (the follow-up thread runs the same every
   * interval; the two never overlap).
   *
   * @throws org.sitewatch.sink.store.LeadStoreException or a {@link KafkaException} if a step fails
   */
  TipFollowUp.Pass followOnce() {
    return followUp.run();
  }

  private void tick() {
    try {
      TipFollowUp.Pass pass = followUp.run();
      if (pass.events() + pass.openedByHand() + pass.requestsSent() + pass.retriesSent() > 0) {
        log.info("tips followed: {}", pass);
      }
      int failed = failures.succeeded();
      if (failed > 0) {
        log.info("tip follow-up works again after {} failed pass(es)", failed);
      }
    } catch (RuntimeException e) {
      failures.failed();
      if (failures.worthLogging()) {
        log.warn(
            "tip follow-up pass failed ({} failed pass(es)); the next repeats it: {}",
            failures.failures(),
            e.toString());
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ConsumerLoop<String, byte[]> running = loop;
    if (running != null) {
      running.close();
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CrawlRequestSender.WAIT.toSeconds() + 5, TimeUnit.SECONDS)) {
        log.warn("tip follow-up thread did not stop in time");
      } else {
        for (Thread t : followUpThreads) {
          t.join(1000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      sender.close();
    } catch (RuntimeException e) {
      log.warn("error closing the tip follower's producer", e);
    }
  }

  /**
   * Applies the batch's site crawl ends to tips; passes over other outcomes and unreadable ones.
   *
   * @throws SQLException if the database is unavailable: the loop retries the batch with backoff
   */
  private void handle(ConsumerRecords<String, byte[]> records) throws SQLException {
    List<TipCrawls.SiteCrawl> ends = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.value() == null) {
        continue;
      }
      try {
        TipCrawls.of(serde.deserialize(record.topic(), record.value())).ifPresent(ends::add);
      } catch (RuntimeException e) {
        log.debug(
            "passing over an unreadable outcome at {}-{}@{}: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
      }
    }
    if (ends.isEmpty()) {
      return;
    }
    for (TipCrawls.Applied a : crawls.applyAll(ends)) {
      if (a.failure() != null) {
        log.warn(
            "crawl end of {} at {} rejected by the database: {}",
            a.crawl().site(),
            a.crawl().at(),
            a.failure().getMessage());
      } else {
        crawlsApplied.incrementAndGet();
        if (a.events() > 0) {
          log.info(
              "crawl of {} ended {}: {} tip(s) moved",
              a.crawl().site(),
              a.crawl().end(),
              a.events());
        }
      }
    }
  }

  private static void commit(
      org.apache.kafka.clients.consumer.Consumer<String, byte[]> consumer,
      ConsumerRecords<String, byte[]> records) {
    try {
      OffsetCommits.commitSync(consumer, OffsetCommits.nextOffsets(records), null);
    } catch (CommitFailedException | RebalanceInProgressException e) {
      log.info(
          "tip offsets not committed after a rebalance; the batch is redelivered: {}",
          e.getMessage());
    } catch (KafkaException e) {
      log.warn("cannot commit tip offsets; the batch may be redelivered: {}", e.getMessage());
    }
  }
}
