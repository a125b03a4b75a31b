package org.sitewatch.sink.recrawl;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.common.kafka.ConsumerLoop;
import org.sitewatch.common.kafka.GroupFailover;
import org.sitewatch.common.kafka.OffsetCommits;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.intake.LeadSink;
import org.sitewatch.sink.intake.SinkSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Duration CLIENT_CLOSE_WAIT = LeadSink.CLIENT_CLOSE_WAIT;

  private final SinkSettings settings;
  private final LeadChecks checks;
  private final Map<String, Object> kafkaProps;
  private final Topics topics;
  private final JsonSerde<Outcome> serde = JsonSerde.of(Outcome.class);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong recorded = new AtomicLong();
  private volatile ConsumerLoop<String, byte[]> loop;

  /**
   * @param kafkaProps Kafka client properties ({@code bootstrap.servers} and security settings)
   */
  public CheckRecorder(
      SinkSettings settings,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.checks = new LeadChecks(dataSource, clock);
    this.kafkaProps = Map.copyOf(Objects.requireNonNull(kafkaProps, "kafkaProps"));
    this.topics = Objects.requireNonNull(topics, "topics");
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
    // a crawler publishes SITE_CRAWLED in a transaction with its crawl state: never an aborted one
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    GroupFailover.applyDefaults(props);
    GroupFailover.applyCooperative(props);
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    // MANUAL: a commit that fails for another reason than a rebalance is logged and the recorder
    // goes on (the batch may be redelivered and is then written as nothing)
    loop =
        ConsumerLoop.builder("sitewatch-checks-" + settings.groupId(), consumer)
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
    log.info(
        "check recorder started: group {}, topic {}", settings.checksGroupId(), topics.outcomes());
  }

  /** Whether the consumer thread is alive. */
  public boolean isRunning() {
    ConsumerLoop<String, byte[]> running = loop;
    return running != null && running.isRunning();
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
    ConsumerLoop<String, byte[]> running = loop;
    if (running != null) {
      running.close();
    }
  }

  /**
   * Records the batch's recrawl outcomes; passes over the others and unreadable ones.
   *
   * @throws SQLException if the database is unavailable: the loop retries the batch with backoff
   */
  private void handle(ConsumerRecords<String, byte[]> records) throws SQLException {
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
        log.debug(
            "passing over an unreadable outcome at {}-{}@{}: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
      }
    }
    if (outcomes.isEmpty()) {
      return;
    }
    for (LeadChecks.Recorded r : checks.recordAll(outcomes)) {
      if (r.failure() != null) {
        log.warn(
            "check of {} at {} rejected by the database: {}",
            r.outcome().site(),
            r.outcome().at(),
            r.failure().getMessage());
      } else if (r.check().isPresent()) {
        recorded.incrementAndGet();
        log.info(
            "check of {}: {} ({})",
            r.outcome().site(),
            r.check().get().state(),
            r.check().get().reason());
      }
    }
  }

  private static void commit(
      Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    try {
      OffsetCommits.commitSync(consumer, OffsetCommits.nextOffsets(records), null);
    } catch (CommitFailedException | RebalanceInProgressException e) {
      log.info(
          "check offsets not committed after a rebalance; the batch is redelivered: {}",
          e.getMessage());
    } catch (KafkaException e) {
      log.warn("cannot commit check offsets; the batch may be redelivered: {}", e.getMessage());
    }
  }
}
