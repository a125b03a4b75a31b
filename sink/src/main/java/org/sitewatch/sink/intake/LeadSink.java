package org.sitewatch.sink.intake;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.common.kafka.ConsumerLoop;
import org.sitewatch.common.kafka.GroupFailover;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.store.LeadHook;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes site verdicts and keeps the leads in PostgreSQL up to date, on one named consumer thread
 * (a {@link ConsumerLoop}); what happens to a batch is {@link VerdictBatch}'s job.
 *
 * <p>Each polled batch is applied in one database transaction; offsets are committed only after
 * that transaction and the batch's outcome records have gone through, so a crash redelivers the
 * batch, which the store applies idempotently. A record that cannot be read, or whose data the
 * database rejects, becomes an {@link Outcome} on the outcomes topic and the sink goes on. An
 * unavailable database is never skipped: the batch is rolled back, the loop seeks back to it and
 * retries with exponential backoff, polling in between so that it keeps its partitions.
 */
public final class LeadSink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeadSink.class);

  /** First wait before a failed batch is retried; doubles up to {@link #RETRY_MAX}. */
  public static final Duration RETRY_INITIAL = Duration.ofMillis(100);

  /** Longest wait between two attempts at a failed batch. */
  public static final Duration RETRY_MAX = Duration.ofSeconds(5);

  /**
   * How long close waits for a Kafka client of the sink (consumer, producer) to close: leaving the
   * group or sending nothing takes milliseconds with the broker there, and with the broker away
   * waiting longer gains nothing (the sink's parts stop within 5 s: docs/architecture.md).
   */
  public static final Duration CLIENT_CLOSE_WAIT = Duration.ofSeconds(1);

  /**
   * How long close lets the batch in progress finish before interrupting it; an interrupted batch
   * is not committed and is delivered again (to this sink after a restart, or to another one),
   * which the lead store takes as a replay. A batch waits this long only when its outcomes cannot
   * be sent (the broker away) or the database hangs.
   */
  public static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final SinkSettings settings;
  private final LeadStore store;
  private final Map<String, Object> kafkaProps;
  private final Topics topics;
  private final Clock clock;
  private final LeadListener listener;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ConsumerLoop<String, byte[]> loop;
  private final MeterRegistry meters;

  /**
   * @param settings consumer settings
   * @param dataSource the lead database, migrated (see {@link Migrations})
   * @param kafkaProps Kafka client properties ({@code bootstrap.servers} and any security
   *     settings), shared by the verdict consumer and the outcome producer
   * @param topics topic names
   * @param clock the time source for lead and outcome timestamps
   * @param listener told about each opened or updated lead after commit
   */
  public LeadSink(
      SinkSettings settings,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock,
      LeadListener listener) {
    this(builder(settings, dataSource, kafkaProps, topics).clock(clock).listener(listener));
  }

  /**
   * A sink that also runs {@code hook} (e.g. jurisdiction routing) in the transaction of every lead
   * it opens or updates.
   */
  public LeadSink(
      SinkSettings settings,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock,
      LeadListener listener,
      LeadHook hook) {
    this(
        builder(settings, dataSource, kafkaProps, topics)
            .clock(clock)
            .listener(listener)
            .hook(hook));
  }

  private LeadSink(Builder b) {
    this.settings = b.settings;
    this.clock = b.clock;
    this.store =
        LeadStore.builder(b.dataSource, b.clock)
            .policy(b.settings.review())
            .hook(b.hook)
            .trust(b.settings.trust())
            .build();
    this.kafkaProps = Map.copyOf(b.kafkaProps);
    this.topics = b.topics;
    this.listener = b.listener;
    this.meters = b.meters;
  }

  /**
   * A builder; clock, listener and hook are optional (system UTC, none, none).
   *
   * @param dataSource the lead database, migrated (see {@link Migrations})
   * @param kafkaProps Kafka client properties ({@code bootstrap.servers} and any security
   *     settings), shared by the verdict consumer and the outcome producer
   */
  public static Builder builder(
      SinkSettings settings, DataSource dataSource, Map<String, Object> kafkaProps, Topics topics) {
    return new Builder(settings, dataSource, kafkaProps, topics);
  }

  /** The optional parts of a {@link LeadSink}. */
  public static final class Builder {
    private final SinkSettings settings;
    private final DataSource dataSource;
    private final Map<String, Object> kafkaProps;
    private final Topics topics;
    private Clock clock = Clock.systemUTC();
    private LeadListener listener = LeadListener.NONE;
    private LeadHook hook = LeadHook.NONE;
    private MeterRegistry meters = new SimpleMeterRegistry();

    private Builder(
        SinkSettings settings,
        DataSource dataSource,
        Map<String, Object> kafkaProps,
        Topics topics) {
      this.settings = Objects.requireNonNull(settings, "settings");
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.kafkaProps = Objects.requireNonNull(kafkaProps, "kafkaProps");
      this.topics = Objects.requireNonNull(topics, "topics");
    }

    /** The time source for lead and outcome timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Told about each opened or updated lead after commit, on the consumer thread. */
    public Builder listener(LeadListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Runs in the transaction of every lead the sink opens or updates (e.g. routing). */
    public Builder hook(LeadHook hook) {
      this.hook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** Where the sink's meters go (docs/metrics.md): the process's registry. */
    public Builder meters(MeterRegistry meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    public LeadSink build() {
      return new LeadSink(this);
    }
  }

  /**
   * Creates the Kafka clients and starts the consumer thread.
   *
   * @throws IllegalStateException if already started or closed
   * @throws KafkaException if the Kafka properties are invalid
   */
  public void start() {
    if (closed.get()) {
      throw new IllegalStateException("lead sink is closed");
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("lead sink already started");
    }
    KafkaConsumer<String, byte[]> consumer = null;
    KafkaProducer<String, Outcome> producer;
    try {
      consumer =
          new KafkaConsumer<>(
              consumerProps(), new StringDeserializer(), new ByteArrayDeserializer());
      producer =
          new KafkaProducer<>(producerProps(), new StringSerializer(), JsonSerde.of(Outcome.class));
    } catch (KafkaException e) {
      closed.set(true);
      if (consumer != null) {
        consumer.close(CloseOptions.timeout(CLIENT_CLOSE_WAIT));
      }
      throw e;
    }
    SinkMeters sinkMeters = new SinkMeters(meters, topics.verdicts(), clock);
    KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
    KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
    consumerMetrics.bindTo(meters);
    producerMetrics.bindTo(meters);
    VerdictBatch batch = new VerdictBatch(store, producer, topics, clock, listener, sinkMeters);
    loop =
        ConsumerLoop.builder("sitewatch-sink-" + settings.groupId(), consumer)
            .subscribe(List.of(topics.verdicts()))
            .progress(sinkMeters.progress())
            .pollTimeout(settings.pollTimeout())
            .retryWithBackoff(RETRY_INITIAL, RETRY_MAX)
            .closeTimeout(CLIENT_CLOSE_WAIT)
            .joinTimeout(STOP_WAIT)
            .handler(batch::handle)
            .onStop(
                () -> {
                  consumerMetrics.close();
                  producerMetrics.close();
                  closeProducer(producer);
                })
            .build();
    loop.start();
    log.info("lead sink started: group {}, topic {}", settings.groupId(), topics.verdicts());
  }

  /**
   * Stops the consumer after the batch in progress (which is finished and committed), then closes
   * the Kafka clients. Waits at most about 4 seconds ({@link #STOP_WAIT}, then an interrupt and the
   * clients' {@link #CLIENT_CLOSE_WAIT}). Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ConsumerLoop<String, byte[]> running = loop;
    if (running != null) {
      running.close();
      log.info("lead sink closed: group {}", settings.groupId());
    }
  }

  /**
   * Whether the consumer thread is alive (false before start, after close, or after a fatal error).
   */
  public boolean isRunning() {
    ConsumerLoop<String, byte[]> running = loop;
    return running != null && running.isRunning();
  }

  /**
   * Whether the sink's consumer holds its share of the verdict partitions (possibly none): the
   * {@code consumer-assigned} readiness check.
   */
  public boolean hasAssignment() {
    ConsumerLoop<String, byte[]> running = loop;
    return running != null && running.hasAssignment();
  }

  private Map<String, Object> consumerProps() {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group must read the whole (compacted) verdict topic: every flagged site is a lead.
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The classifier may write verdicts transactionally: never act on an aborted one.
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    GroupFailover.applyDefaults(props);
    GroupFailover.applyCooperative(props);
    return props;
  }

  private Map<String, Object> producerProps() {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG); // the consumers' static member id
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  private static void closeProducer(KafkaProducer<String, Outcome> producer) {
    try {
      producer.close(CLIENT_CLOSE_WAIT);
    } catch (RuntimeException e) {
      log.warn("error closing the outcome producer", e);
    }
  }
}
