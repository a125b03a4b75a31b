package org.sitewatch.infra.local;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;

/**
 * Follows the outcome topic from its beginning and keeps what the local mode needs to know: which
 * sites finished crawling, and how many outcomes of each kind there were. Records it cannot read
 * are counted, not dropped silently.
 */
final class OutcomeWatcher implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OutcomeWatcher.class);
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private final JsonSerde<Outcome> serde = JsonSerde.of(Outcome.class);
  private final Set<String> crawledSites = ConcurrentHashMap.newKeySet();
  private final Map<Outcome.Kind, Integer> counts = new EnumMap<>(Outcome.Kind.class);
  private final Consumer<Outcome> listener;
  private int unreadable;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  OutcomeWatcher(Map<String, Object> kafkaProps, String topic, Consumer<Outcome> listener) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put("group.id", "sitewatch-local-outcomes-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    this.consumer.subscribe(List.of(topic));
    this.listener = listener;
    this.thread = new Thread(this::run, "sitewatch-outcome-watcher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Outcome outcome;
          try {
            outcome = serde.deserialize(record.topic(), record.value());
          } catch (RuntimeException e) {
            outcome = null;
          }
          if (outcome == null) {
            synchronized (this) {
              unreadable++;
            }
            continue;
          }
          // A site is done when the crawler finished it, or skipped it as crawled recently.
          if (outcome.stage() == Outcome.Stage.CRAWLER
              && (outcome.kind() == Outcome.Kind.SITE_CRAWLED || outcome.kind() == Outcome.Kind.SKIPPED)) {
            crawledSites.add(outcome.site());
          }
          synchronized (this) {
            counts.merge(outcome.kind(), 1, Integer::sum);
          }
          try {
            listener.accept(outcome);
          } catch (RuntimeException e) {
            LOG.warn("outcome listener failed on {}: {}", outcome, e.toString());
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("outcome watcher stopped", e);
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  boolean allCrawled(Collection<String> sites) {
    return crawledSites.containsAll(sites);
  }

  Set<String> crawledSites() {
    return Set.copyOf(crawledSites);
  }

  synchronized Map<Outcome.Kind, Integer> counts() {
    return new EnumMap<>(counts);
  }

  /** Why the watcher stopped on its own, or {@code null} while it runs. */
  RuntimeException failure() {
    return failure;
  }

  synchronized int unreadable() {
    return unreadable;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
