package org.sitewatch.sink.intake;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.store.LeadHook;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.store.Migrations;

/**
 * Consumes site verdicts and keeps the leads in PostgreSQL up to date, on one named consumer
 * thread.
 *
 * <p>Each polled batch is applied in one database transaction; offsets are committed only after
 * that transaction and the batch's outcome records have gone through, so a crash redelivers the
 * batch, which the store applies idempotently. A record that cannot be read, or whose data the
 * database rejects, becomes an {@link Outcome} on the outcomes topic and the sink goes on. An
 * unavailable database is never skipped: the batch is rolled back, the consumer seeks back to it
 * and retries with exponential backoff, polling in between so that it keeps its partitions.
 */
public final class LeadSink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeadSink.class);

  public static final Duration RETRY_INITIAL = Duration.ofMillis(100);
  public static final Duration RETRY_MAX = Duration.ofSeconds(5);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  private static final Duration CLIENT_CLOSE_WAIT = Duration.ofSeconds(5);

  private final SinkSettings settings;
  private final LeadStore store;
  private final Map<String, Object> kafkaProps;
  private final Topics topics;
  private final Clock clock;
  private final LeadListener listener;
  private final Backoff backoff;
  private final VerdictDecoder decoder = new VerdictDecoder();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  // Created by start() before the thread starts; used only by the thread from then on.
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile KafkaProducer<String, Outcome> producer;
  private Duration retryDelay = Duration.ZERO;

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
    this(settings, dataSource, kafkaProps, topics, clock, listener, LeadHook.NONE);
  }

  /**
   * A sink that also runs {@code hook} (e.g. jurisdiction routing) in the transaction of every
   * lead it opens or updates.
   */
  public LeadSink(
      SinkSettings settings,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock,
      LeadListener listener,
      LeadHook hook) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = LeadStore.builder(dataSource, clock)
        .policy(settings.review())
        .hook(hook)
        .trust(settings.trust())
        .build();
    this.kafkaProps = Map.copyOf(Objects.requireNonNull(kafkaProps, "kafkaProps"));
    this.topics = Objects.requireNonNull(topics, "topics");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.backoff = new Backoff(RETRY_INITIAL, RETRY_MAX);
    this.thread = new Thread(this::run, "sitewatch-sink-" + settings.groupId());
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
    thread.start();
    log.info("lead sink started: group {}, topic {}", settings.groupId(), topics.verdicts());
  }

  /**
   * Stops the consumer after the batch in progress (which is finished and committed), then closes
   * the Kafka clients. Waits at most about 30 seconds. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopRequested.countDown();
    if (!thread.isAlive()) {
      return; // never started, failed to start, or already stopped (the thread closes the clients)
    }
    consumer.wakeup();
    if (Thread.currentThread() == thread) {
      return; // called from the listener: the loop ends after this batch
    }
    try {
      thread.join(CLOSE_WAIT.toMillis());
      if (thread.isAlive()) {
        log.warn("lead sink thread did not stop within {}; interrupting it", CLOSE_WAIT);
        thread.interrupt();
        thread.join(CLIENT_CLOSE_WAIT.toMillis() * 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("lead sink closed: group {}", settings.groupId());
  }

  /**
   * Whether the consumer thread is alive (false before start, after close, or after a fatal error).
   */
  public boolean isRunning() {
    return thread.isAlive();
  }

  private Map<String, Object> consumerProps() {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new group must read the whole (compacted) verdict topic: every flagged site is a lead.
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // The classifier may write verdicts transactionally: never act on an aborted one.
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  private Map<String, Object> producerProps() {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  private boolean stopping() {
    return stopRequested.getCount() == 0;
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topics.verdicts()));
      while (!stopping() && !Thread.currentThread().isInterrupted()) {
        if (!retryDelay.isZero() && waitForRetry(retryDelay)) {
          break;
        }
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(settings.pollTimeout());
        } catch (WakeupException e) {
          break;
        }
        if (!records.isEmpty()) {
          handle(records);
        }
      }
    } catch (WakeupException e) {
      // close() during a blocking call outside the batch: nothing in flight
    } catch (RuntimeException e) {
      log.error(
          "lead sink stopped by an unexpected error; uncommitted verdicts will be redelivered", e);
    } finally {
      closeClients();
    }
  }

  /** Returns true if the sink should stop instead of retrying. */
  private boolean waitForRetry(Duration delay) {
    try {
      return stopRequested.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void handle(ConsumerRecords<String, byte[]> records) {
    List<SiteVerdict> verdicts = new ArrayList<>();
    List<Outcomes.Source> sources = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Outcomes.Source source =
          new Outcomes.Source(record.topic(), record.partition(), record.offset());
      VerdictDecoder.Decoded decoded =
          decoder.decode(record.key(), record.value(), source, clock.instant());
      if (decoded.verdict() != null) {
        verdicts.add(decoded.verdict());
        sources.add(source);
      } else {
        outcomes.add(decoded.outcome());
      }
    }

    List<LeadStore.Applied> applied;
    try {
      applied = verdicts.isEmpty() ? List.of() : store.applyAll(verdicts);
    } catch (SQLException | RuntimeException e) {
      retryLater(records, "the lead database is unavailable", e);
      return;
    }

    for (int i = 0; i < applied.size(); i++) {
      LeadStore.Applied one = applied.get(i);
      if (one.failure() != null) {
        log.warn(
            "verdict for {} revision {} rejected by the database: {}",
            printable(one.verdict().site()),
            one.verdict().revision(),
            one.failure().getMessage());
        outcomes.add(
            Outcomes.rejected(one.verdict(), one.failure(), sources.get(i), clock.instant()));
      } else if (one.result() == ApplyResult.REFUSED) {
        log.warn("verdict for {} epoch {} revision {} refused: {}", printable(one.verdict().site()),
            one.verdict().epoch(), one.verdict().revision(), one.refusal());
        outcomes.add(
            Outcomes.refused(one.verdict(), one.refusal(), sources.get(i), clock.instant()));
      } else if (one.result().changed()) {
        notifyListener(one.lead(), one.result());
      }
    }

    if (!outcomes.isEmpty()) {
      try {
        publish(outcomes);
      } catch (KafkaException e) {
        // The leads are committed; redelivery re-applies them as UNCHANGED and retries the
        // outcomes.
        retryLater(records, "cannot publish outcomes", e);
        return;
      }
    }
    recovered();
    commit(records);
  }

  private void retryLater(ConsumerRecords<String, byte[]> records, String what, Exception e) {
    retryDelay = backoff.failed();
    if (backoff.worthLogging()) {
      if (backoff.failures() == 1) {
        log.warn(
            "{}; retrying {} verdict record(s) with backoff: {}",
            what,
            records.count(),
            e.toString(),
            e);
      } else {
        log.warn(
            "{}: still failing after {} attempts (next in {}): {}",
            what,
            backoff.failures(),
            retryDelay,
            e.toString());
      }
    }
    for (TopicPartition partition : records.partitions()) {
      consumer.seek(partition, records.records(partition).get(0).offset());
    }
  }

  private void recovered() {
    retryDelay = Duration.ZERO;
    int failures = backoff.succeeded();
    if (failures > 0) {
      log.info("verdicts flowing again after {} failed attempt(s)", failures);
    }
  }

  private void notifyListener(Lead lead, ApplyResult result) {
    try {
      listener.onLead(lead, result);
    } catch (RuntimeException e) {
      log.warn("lead listener failed for {}", lead.site(), e);
    }
  }

  private void publish(List<Outcome> outcomes) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      sent.add(producer.send(new ProducerRecord<>(topics.outcomes(), outcome.site(), outcome)));
    }
    producer.flush();
    for (Future<RecordMetadata> future : sent) {
      try {
        future.get();
      } catch (ExecutionException e) {
        throw new KafkaException(
            "outcome not delivered: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while publishing outcomes", e);
      }
    }
  }

  private void commit(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      offsets.put(
          partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    try {
      commitSync(offsets);
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // The partitions moved to another instance, which re-applies the batch idempotently.
      log.info(
          "offset commit skipped after a rebalance; the batch will be redelivered: {}",
          e.getMessage());
    }
  }

  private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      consumer.commitSync(offsets);
    } catch (WakeupException e) {
      // close() woke the consumer while committing: the wakeup is spent, finish the commit.
      consumer.commitSync(offsets);
    }
  }

  /** Keeps control characters from bad data out of the log. */
  private static String printable(String text) {
    return text.codePoints()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  private void closeClients() {
    try {
      consumer.close(CloseOptions.timeout(CLIENT_CLOSE_WAIT));
    } catch (RuntimeException e) {
      log.warn("error closing the verdict consumer", e);
    }
    try {
      producer.close(CLIENT_CLOSE_WAIT);
    } catch (RuntimeException e) {
      log.warn("error closing the outcome producer", e);
    }
  }
}
