package org.sitewatch.classifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the classifier's rules in step with the lexicon topic, so that operators edit lexicons
 * without a restart. The compacted topic holds one record per operator lexicon (key = name, value =
 * lexicon text, no value = removed). Every instance reads it from the beginning without a consumer
 * group; after each change it builds a new {@link PageClassifier} and swaps it in. Each record is
 * checked before it is kept: one that does not parse (alone or with the lexicons kept so far), is
 * too large or has an overlong name is refused as a whole, logged with its line, recorded as a
 * BAD_RECORD outcome when an outcomes topic is given, and skipped; so it neither changes the rules
 * in force nor blocks later records (and a restarted classifier applies the good ones). Every
 * verdict records the version in force ({@link PageClassifier#lexiconVersion()}).
 */
public final class LexiconUpdates implements Supplier<PageClassifier>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LexiconUpdates.class);
  private static final Duration POLL = Duration.ofMillis(500);
  /** A lexicon record larger than this is refused (the built-in lexicons are about 100 KB). */
  static final int MAX_LEXICON_BYTES = 4 * 1024 * 1024;
  static final int MAX_NAME_CHARS = 200;

  private final ClassifierSettings settings;
  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final AtomicReference<PageClassifier> current;
  private final Map<String, String> lexicons = new TreeMap<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  /** Names whose latest record was refused, with the reason; cleared by a good record or removal. */
  private final Map<String, String> refused = new TreeMap<>();
  private final String outcomesTopic;
  private final KafkaProducer<String, byte[]> outcomes;
  private final JsonSerde<Outcome> outcomeSerde = JsonSerde.of(Outcome.class);
  private final java.time.Clock clock;
  private Thread thread;
  private volatile boolean running;

  /**
   * @param kafkaProps client properties with at least {@code bootstrap.servers}
   * @param topic the lexicon topic
   */
  public LexiconUpdates(ClassifierSettings settings, Map<String, Object> kafkaProps, String topic) {
    this(settings, kafkaProps, topic, null, java.time.Clock.systemUTC());
  }

  /**
   * @param kafkaProps client properties with at least {@code bootstrap.servers}
   * @param topic the lexicon topic
   * @param outcomesTopic where refused lexicon records are recorded, or {@code null} to log only
   */
  public LexiconUpdates(ClassifierSettings settings, Map<String, Object> kafkaProps, String topic,
      String outcomesTopic, java.time.Clock clock) {
    this.settings = settings;
    this.topic = topic;
    this.outcomesTopic = outcomesTopic;
    this.clock = clock;
    if (outcomesTopic == null) {
      this.outcomes = null;
    } else {
      Map<String, Object> producerProps = new HashMap<>();
      kafkaProps.forEach((k, v) -> {
        if (org.apache.kafka.clients.producer.ProducerConfig.configNames().contains(k)) {
          producerProps.put(k, v);
        }
      });
      producerProps.put("client.id", settings.applicationId() + "-lexicon-outcomes");
      this.outcomes = new KafkaProducer<>(producerProps,
          new org.apache.kafka.common.serialization.StringSerializer(),
          new org.apache.kafka.common.serialization.ByteArraySerializer());
    }
    Map<String, Object> props = new HashMap<>();
    kafkaProps.forEach((k, v) -> {
      if (org.apache.kafka.clients.consumer.ConsumerConfig.configNames().contains(k)) {
        props.put(k, v);
      }
    });
    props.remove("group.id");
    props.put("enable.auto.commit", "false");
    props.putIfAbsent("client.id", settings.applicationId() + "-lexicons");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.current = new AtomicReference<>(PageClassifier.load(settings));
  }

  /**
   * Reads the lexicon topic up to its current end (so the first pages are scored with the rules in
   * force, not the built-ins), then follows it on a named thread.
   */
  public synchronized void start(Duration catchUpTimeout) {
    List<TopicPartition> partitions = consumer.partitionsFor(topic, catchUpTimeout).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, catchUpTimeout);
    Instant deadline = Instant.now().plus(catchUpTimeout);
    boolean changed = false;
    while (!caughtUp(end) && Instant.now().isBefore(deadline)) {
      changed |= apply(consumer.poll(POLL));
    }
    if (changed) {
      rebuild();
    }
    running = true;
    thread = new Thread(this::follow, settings.applicationId() + "-lexicon-updates");
    thread.setDaemon(true);
    thread.start();
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private void follow() {
    try {
      while (running) {
        if (apply(consumer.poll(POLL))) {
          rebuild();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("lexicon updates stopped; the rules in force stay as they are", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private boolean apply(ConsumerRecords<String, byte[]> records) {
    boolean changed = false;
    for (ConsumerRecord<String, byte[]> r : records) {
      if (r.key() == null || r.key().isBlank()) {
        LOG.warn("ignoring a lexicon record without a name at {}-{}@{}", r.topic(), r.partition(), r.offset());
        continue;
      }
      if (r.value() == null) {
        changed |= lexicons.remove(r.key()) != null;
        if (refused.remove(r.key()) != null) {
          lastError.set(refused.isEmpty() ? null : refused.values().iterator().next());
        }
        continue;
      }
      String text = new String(r.value(), StandardCharsets.UTF_8);
      if (text.equals(lexicons.get(r.key()))) {
        continue;
      }
      String refusal = check(r.key(), r.value().length, text);
      if (refusal != null) {
        refuse(r, refusal);
        continue;
      }
      lexicons.put(r.key(), text);
      refused.remove(r.key());
      changed = true;
    }
    return changed;
  }

  /** Why the record {@code name -> text} cannot join the lexicons kept so far, or null. */
  private String check(String name, int bytes, String text) {
    if (name.length() > MAX_NAME_CHARS) {
      return "lexicon name of " + name.length() + " characters (at most " + MAX_NAME_CHARS + ")";
    }
    if (bytes > MAX_LEXICON_BYTES) {
      return "lexicon " + Bounds.label(name) + " of " + bytes + " bytes (at most "
          + MAX_LEXICON_BYTES + ")";
    }
    Map<String, String> candidate = new TreeMap<>(lexicons);
    candidate.put(name, text);
    try {
      Lexicon.load(settings.lexiconFile(), candidate);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private void refuse(ConsumerRecord<String, byte[]> r, String refusal) {
    String where = r.topic() + "-" + r.partition() + "@" + r.offset();
    String reason = Bounds.text("refused lexicon record " + where + ": " + refusal,
        Bounds.MAX_DETAIL_CHARS);
    lastError.set(reason);
    refused.put(r.key(), reason);
    LOG.error("{}; the rules in force stay as they are", reason);
    if (outcomes != null) {
      Outcome outcome = new Outcome(Outcome.VERSION, "lexicon:" + Bounds.label(r.key()), null,
          Outcome.Stage.CLASSIFIER, Outcome.Kind.BAD_RECORD, reason, clock.instant(),
          Map.of("topic", r.topic(), "partition", Integer.toString(r.partition()),
              "offset", Long.toString(r.offset())));
      outcomes.send(new ProducerRecord<>(outcomesTopic, outcome.site(),
          outcomeSerde.serialize(outcomesTopic, outcome)));
    }
  }

  private void rebuild() {
    try {
      PageClassifier next = PageClassifier.load(settings, Map.copyOf(lexicons));
      PageClassifier previous = current.getAndSet(next);
      lastError.set(refused.isEmpty() ? null : refused.values().iterator().next());
      LOG.info("lexicons {} in force (was {}; operator lexicons: {})", next.lexiconVersion(),
          previous.lexiconVersion(), lexicons.keySet());
    } catch (IllegalArgumentException e) {
      lastError.set(e.getMessage());
      LOG.error("refused lexicon update, keeping {}: {}", current.get().lexiconVersion(), e.getMessage());
    }
  }

  /** The classifier with the rules in force now. */
  @Override
  public PageClassifier get() {
    return current.get();
  }

  /**
   * Why a lexicon record was refused, while its name has no later good record or removal; {@code
   * null} when every lexicon on the topic is in force.
   */
  public String lastError() {
    return lastError.get();
  }

  @Override
  public synchronized void close() {
    if (outcomes != null) {
      outcomes.close(Duration.ofSeconds(5));
    }
    running = false;
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
