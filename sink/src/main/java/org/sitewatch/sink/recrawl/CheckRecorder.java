package org.sitewatch.sink.recrawl;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sitewatch.sink.intake.Backoff;
import org.sitewatch.sink.intake.LeadSink;
import org.sitewatch.sink.intake.SinkSettings;

/**
 * Records the results of recrawl checks: follows the outcomes topic in its own consumer group
 * ({@link SinkSettings#checksGroupId()}), so that it neither delays verdicts nor depends on the
 * verdict consumer's offsets, and turns each SITE_CRAWLED outcome of a RECRAWL request into a
 * {@code lead_check} row ({@link LeadChecks}). Every other outcome is passed over. Offsets are
 * committed after the batch's transaction; a replayed outcome writes nothing. An unavailable
 * database is retried with backoff (the batch is sought back, never skipped); an outcome the
 * database rejects, or one that cannot be read, is logged and passed over, the others commit.
 */
public final class CheckRecorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CheckRecorder.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
  private static final Duration CLIENT_CLOSE_WAIT = Duration.ofSeconds(5);

  private final SinkSettings settings;
  private final LeadChecks checks;
  private final Map<String, Object> kafkaProps;
  private final Topics topics;
  private final JsonSerde<Outcome> serde = JsonSerde.of(Outcome.class);
  private final Backoff backoff = new Backoff(LeadSink.RETRY_INITIAL, LeadSink.RETRY_MAX);
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong recorded = new AtomicLong();
  private final Thread thread;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private Duration retryDelay = Duration.ZERO;

  /**
   * @param kafkaProps Kafka client properties ({@code bootstrap.servers} and security settings)
   */
  public CheckRecorder(SinkSettings settings, DataSource dataSource,
      Map<String, Object> kafkaProps, Topics topics, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.checks = new LeadChecks(dataSource, clock);
    this.kafkaProps = Map.copyOf(Objects.requireNonNull(kafkaProps, "kafkaProps"));
    this.topics = Objects.requireNonNull(topics, "topics");
    this.thread = new Thread(this::run, "sitewatch-checks-" + settings.groupId());
  }

  /** Creates the consumer and starts the thread. */
  public void start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("check recorder already started or closed");
    }
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.checksGroupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // a new group reads the retained outcomes: checks made while no sink ran are still recorded
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    thread.start();
    log.info("check recorder started: group {}, topic {}", settings.checksGroupId(),
        topics.outcomes());
  }

  /** Whether the consumer thread is alive. */
  public boolean isRunning() {
    return thread.isAlive();
  }

  /** Checks recorded since start (replays and other outcomes not counted). */
  public long recorded() {
    return recorded.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopRequested.countDown();
    if (!thread.isAlive()) {
      return;
    }
    consumer.wakeup();
    try {
      thread.join(CLOSE_WAIT.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(CLIENT_CLOSE_WAIT.toMillis() * 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topics.outcomes()));
      while (stopRequested.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
        if (!retryDelay.isZero()
            && stopRequested.await(retryDelay.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
        if (!records.isEmpty()) {
          handle(records);
        }
      }
    } catch (WakeupException e) {
      // close()
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("check recorder stopped by an unexpected error; uncommitted checks are redelivered",
          e);
    } finally {
      try {
        consumer.close(CloseOptions.timeout(CLIENT_CLOSE_WAIT));
      } catch (RuntimeException e) {
        log.warn("error closing the check consumer", e);
      }
    }
  }

  private void handle(ConsumerRecords<String, byte[]> records) {
    List<Outcome> outcomes = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.value() == null) {
        continue;
      }
      try {
        Outcome outcome = serde.deserialize(record.topic(), record.value());
        if (CheckJudge.isRecrawl(outcome)) {
          outcomes.add(outcome);
        }
      } catch (RuntimeException e) {
        log.debug("passing over an unreadable outcome at {}-{}@{}: {}", record.topic(),
            record.partition(), record.offset(), e.getMessage());
      }
    }
    if (!outcomes.isEmpty()) {
      List<LeadChecks.Recorded> done;
      try {
        done = checks.recordAll(outcomes);
      } catch (SQLException | RuntimeException e) {
        retryDelay = backoff.failed();
        if (backoff.worthLogging()) {
          log.warn("cannot record recrawl checks ({} attempt(s)); retrying: {}",
              backoff.failures(), e.toString());
        }
        for (TopicPartition p : records.partitions()) {
          consumer.seek(p, records.records(p).get(0).offset());
        }
        return;
      }
      for (LeadChecks.Recorded r : done) {
        if (r.failure() != null) {
          log.warn("check of {} at {} rejected by the database: {}", r.outcome().site(),
              r.outcome().at(), r.failure().getMessage());
        } else if (r.check().isPresent()) {
          recorded.incrementAndGet();
          log.info("check of {}: {} ({})", r.outcome().site(), r.check().get().state(),
              r.check().get().reason());
        }
      }
    }
    retryDelay = Duration.ZERO;
    backoff.succeeded();
    commit(records);
  }

  private void commit(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition p : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> in = records.records(p);
      offsets.put(p, new OffsetAndMetadata(in.get(in.size() - 1).offset() + 1));
    }
    try {
      try {
        consumer.commitSync(offsets);
      } catch (WakeupException e) {
        consumer.commitSync(offsets); // close() woke the consumer mid-commit: finish it
      }
    } catch (CommitFailedException | RebalanceInProgressException e) {
      log.info("check offsets not committed after a rebalance; the batch is redelivered: {}",
          e.getMessage());
    } catch (KafkaException e) {
      log.warn("cannot commit check offsets; the batch may be redelivered: {}", e.getMessage());
    }
  }
}
