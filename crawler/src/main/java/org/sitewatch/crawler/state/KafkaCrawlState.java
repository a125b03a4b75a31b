package org.sitewatch.crawler.state;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The crawl-state topic: an idempotent producer of its own (so the state never waits behind page
 * records, and a worker's page producer stays as it was) and a group-less {@code read_committed}
 * consumer that reads one partition with {@code assign()} when the worker is given the matching
 * request partition. The reader is used only by the worker's consumer thread.
 *
 * <p>With a transactional id the producer is transactional: each batch of the checkpoint writer,
 * with the {@code SITE_CRAWLED} outcomes whose done records it holds, is one transaction, so an
 * outcome is never visible without its done record (docs/crawl-state.md). A worker restarted with
 * the same id fences its predecessor and aborts the transaction it left open; another worker's open
 * transaction is aborted by the broker after {@code transaction.timeout.ms} ({@link
 * #TRANSACTION_TIMEOUT_MS} unless set).
 */
public final class KafkaCrawlState implements CrawlStateStore {
  private static final Logger log = LoggerFactory.getLogger(KafkaCrawlState.class);

  /**
   * Default {@code transaction.timeout.ms}: how long a killed worker's open transaction holds back
   * {@code read_committed} readers of its partitions (when the worker had no static id; a restarted
   * one aborts it at once). 60 s: above the producer's {@code request.timeout.ms} (30 s) and {@code
   * max.block.ms} (60 s), so a commit slowed by a broker failover is not aborted under it.
   */
  public static final int TRANSACTION_TIMEOUT_MS = 60_000;

  private final String topic;
  private final String outcomesTopic; // null: not transactional
  private final Map<String, Object> producerProps;
  private final Function<Map<String, Object>, Producer<String, byte[]>> producers;
  private volatile Producer<String, byte[]> producer;
  private volatile boolean closed;
  private final KafkaConsumer<String, byte[]> reader;
  private final JsonSerde<Outcome> outcomes = JsonSerde.of(Outcome.class);
  private volatile boolean initialized; // by open(), then the writer thread only
  private volatile boolean opening; // open() is waiting for the broker
  private volatile boolean aborted; // abortOpen() was called: open() does not wait

  /** A store whose records are sent one by one (no outcomes). */
  public KafkaCrawlState(Map<String, Object> kafkaProps, String topic) {
    this(kafkaProps, topic, null, null);
  }

  /**
   * @param outcomesTopic where {@link #outcome} sends; with {@code transactionalId}, or both null
   * @param transactionalId stable per worker (the same after a restart, never shared by two live
   *     workers), or null for a store that is not transactional
   */
  public KafkaCrawlState(
      Map<String, Object> kafkaProps, String topic, String outcomesTopic, String transactionalId) {
    this(kafkaProps, topic, outcomesTopic, transactionalId, KafkaProducer::new);
  }

  /** With {@code producers}, which makes each producer from its properties (tests: a mock). */
  KafkaCrawlState(
      Map<String, Object> kafkaProps,
      String topic,
      String outcomesTopic,
      String transactionalId,
      Function<Map<String, Object>, Producer<String, byte[]>> producers) {
    this.producers = Objects.requireNonNull(producers, "producers");
    this.topic = Objects.requireNonNull(topic, "topic");
    if ((outcomesTopic == null) != (transactionalId == null)) {
      throw new IllegalArgumentException("outcomesTopic and transactionalId go together");
    }
    this.outcomesTopic = outcomesTopic;
    Map<String, Object> p = new HashMap<>(kafkaProps);
    p.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    p.computeIfPresent(ProducerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-state");
    if (transactionalId != null) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
      p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    }
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    producerProps = p;
    producer = producers.apply(producerProps);
    Map<String, Object> c = new HashMap<>(kafkaProps);
    c.computeIfPresent(ConsumerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-state-reader");
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try {
      reader = new KafkaConsumer<>(c);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  @Override
  public int partitions() {
    try {
      List<PartitionInfo> infos = reader.partitionsFor(topic, Duration.ofSeconds(10));
      return infos == null ? 0 : infos.size();
    } catch (KafkaException e) {
      log.warn("cannot look up crawl-state topic {}: {}", topic, e.toString());
      return 0;
    }
  }

  @Override
  public Map<String, CrawlCheckpoint> read(int partition, Duration timeout) {
    TopicPartition tp = new TopicPartition(topic, partition);
    Map<String, CrawlCheckpoint> latest = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    reader.assign(List.of(tp));
    reader.seekToBeginning(List.of(tp));
    long end = reader.endOffsets(List.of(tp), timeout).getOrDefault(tp, 0L);
    while (reader.position(tp, timeout) < end) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        log.warn(
            "reading crawl state {} timed out after {}; resuming only what was read", tp, timeout);
        break;
      }
      for (ConsumerRecord<String, byte[]> r :
          reader.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos())))) {
        if (r.key() == null) {
          continue;
        }
        if (r.value() == null) {
          latest.remove(r.key());
          continue;
        }
        try {
          latest.put(r.key(), CheckpointCodec.decode(r.value()));
        } catch (IllegalArgumentException e) {
          log.warn(
              "ignoring crawl state of {} at {}@{}: {}", r.key(), tp, r.offset(), e.getMessage());
          latest.remove(r.key());
        }
      }
    }
    reader.assign(List.of());
    return latest;
  }

  @Override
  public void write(String site, int partition, CrawlCheckpoint checkpoint) {
    byte[] value = checkpoint == null ? null : CheckpointCodec.encode(checkpoint);
    producer.send(
        new ProducerRecord<>(topic, partition, site, value),
        (metadata, e) -> {
          if (e != null) {
            // losing a checkpoint only widens the overlap of a later resume
            log.warn("could not write the crawl state of {}: {}", site, e.toString());
          }
        });
  }

  @Override
  public boolean transactional() {
    return outcomesTopic != null;
  }

  /**
   * Initialises the transactions when the worker starts, so a restarted worker fences its
   * predecessor (aborting the batch it left open) at once; if the broker does not answer (within
   * the producer's {@code max.block.ms}), the first batch tries again. Call before the checkpoint
   * writer uses the store. An interrupt of the calling thread or an {@link #abortOpen} from another
   * one ends the wait at once; the interrupt is kept.
   */
  @Override
  public void open() {
    if (!transactional() || initialized) {
      return;
    }
    // opening is written before aborted is read, and abortOpen writes aborted before it reads
    // opening: whichever comes second sees the other, so no abort is missed
    opening = true;
    try {
      if (aborted) {
        log.info("closed before initialising the crawl-state transactions");
        return;
      }
      init();
    } catch (InterruptException e) {
      // the thread's interrupt status is set again by InterruptException: the caller sees it
      log.info("stopped while initialising the crawl-state transactions");
      renew();
    } catch (RuntimeException e) {
      if (closed) {
        log.info("closed while initialising the crawl-state transactions");
        return;
      }
      log.warn(
          "could not initialise the crawl-state transactions at start ({}); the first batch tries"
              + " again",
          e.toString());
      renew();
    } finally {
      opening = false;
    }
  }

  /**
   * Makes {@link #open} not wait: called before it, {@code open} returns at once; called while it
   * waits, closes the producer without waiting: {@code initTransactions} then fails at once, while
   * a close with a timeout would leave it waiting up to {@code max.block.ms}.
   */
  @Override
  public void abortOpen() {
    aborted = true;
    if (!opening) {
      return; // open() has not begun (it then returns at once) or has ended
    }
    closed = true;
    producer.close(Duration.ZERO);
  }

  private void init() {
    producer.initTransactions(); // fences an earlier worker of the same id, aborting its batch
    initialized = true;
  }

  @Override
  public void begin() {
    if (!transactional()) {
      return;
    }
    if (!initialized) {
      init();
    }
    producer.beginTransaction();
  }

  @Override
  public void outcome(Outcome outcome) {
    if (!transactional()) {
      throw new UnsupportedOperationException("crawl-state store without a transactional id");
    }
    producer.send(
        new ProducerRecord<>(
            outcomesTopic, outcome.site(), outcomes.serialize(outcomesTopic, outcome)));
  }

  @Override
  public void commit() {
    if (!transactional()) {
      return;
    }
    while (true) {
      try {
        producer.commitTransaction();
        return;
      } catch (TimeoutException e) {
        // the commit is still pending: Kafka wants it retried (aborting now throws), until the
        // broker answers or the transaction times out there (a non-retriable error then)
        if (closed) {
          throw e;
        }
        log.warn("committing the crawl-state transaction timed out; retrying: {}", e.toString());
      }
    }
  }

  @Override
  public void abort() {
    if (!transactional()) {
      return;
    }
    if (!initialized) {
      renew(); // initTransactions failed: start again with a new producer at the next batch
      return;
    }
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      // fenced, not authorised or another fatal error: this producer can never write again; the
      // broker drops its open transaction in time, and the next batch starts with a new producer
      log.warn(
          "could not abort the crawl-state transaction ({}); the next batch uses a new producer",
          e.toString());
      renew();
    }
  }

  /** Replaces the producer by a new one, whose transactions the next {@link #begin} initialises. */
  private void renew() {
    Producer<String, byte[]> old = producer;
    initialized = false;
    if (closed) {
      return;
    }
    try {
      old.close(Duration.ZERO);
    } catch (RuntimeException e) {
      log.debug("closing the old crawl-state producer: {}", e.toString());
    }
    producer = producers.apply(producerProps);
  }

  @Override
  public void close(Duration timeout) {
    closed = true;
    try {
      producer.close(timeout);
    } finally {
      reader.close(Duration.ZERO);
    }
  }
}
