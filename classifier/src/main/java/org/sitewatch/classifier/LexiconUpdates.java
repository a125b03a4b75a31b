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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the classifier's rules in step with the lexicon topic, so that operators edit lexicons
 * without a restart. The compacted topic holds one record per operator lexicon (key = name, value =
 * lexicon text, no value = removed). Every instance reads it from the beginning without a consumer
 * group; after each change it builds a new {@link PageClassifier} and swaps it in. A lexicon that
 * does not parse is refused as a whole, logged with its line, and the rules in force stay as they
 * were. Every verdict records the version in force ({@link PageClassifier#lexiconVersion()}).
 */
public final class LexiconUpdates implements Supplier<PageClassifier>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LexiconUpdates.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final ClassifierSettings settings;
  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final AtomicReference<PageClassifier> current;
  private final Map<String, String> lexicons = new TreeMap<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private Thread thread;
  private volatile boolean running;

  /**
   * @param kafkaProps client properties with at least {@code bootstrap.servers}
   * @param topic the lexicon topic
   */
  public LexiconUpdates(ClassifierSettings settings, Map<String, Object> kafkaProps, String topic) {
    this.settings = settings;
    this.topic = topic;
    Map<String, Object> props = new HashMap<>(kafkaProps);
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
      } else {
        String text = new String(r.value(), StandardCharsets.UTF_8);
        changed |= !text.equals(lexicons.put(r.key(), text));
      }
    }
    return changed;
  }

  private void rebuild() {
    try {
      PageClassifier next = PageClassifier.load(settings, Map.copyOf(lexicons));
      PageClassifier previous = current.getAndSet(next);
      lastError.set(null);
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

  /** Why the last update was refused, or {@code null} if it was applied. */
  public String lastError() {
    return lastError.get();
  }

  @Override
  public synchronized void close() {
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
