package org.sitewatch.infra.local;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.common.kafka.ConsumerLoop;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the outcome topic from its beginning and keeps what the local mode needs to know: which
 * sites finished crawling, and how many outcomes of each kind there were. Records it cannot read
 * are counted, not dropped silently.
 */
final class OutcomeWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeWatcher.class);
  private final ConsumerLoop<String, byte[]> loop;
  private final JsonSerde<Outcome> serde = JsonSerde.of(Outcome.class);
  private final OutcomeTally tally = new OutcomeTally();
  private final Consumer<Outcome> listener;
  private int unreadable;

  /** Subscribes with a fresh group of its own and starts following at once. */
  OutcomeWatcher(Map<String, Object> kafkaProps, String topic, Consumer<Outcome> listener) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put("group.id", "sitewatch-local-outcomes-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    props.put("isolation.level", "read_committed"); // crawl outcomes are transactional
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.listener = listener;
    this.loop =
        ConsumerLoop.builder("sitewatch-outcome-watcher", consumer)
            .subscribe(List.of(topic))
            .commit(ConsumerLoop.CommitMode.MANUAL) // a fresh group every run: nothing to resume
            .daemon(true)
            .joinTimeout(Duration.ofSeconds(10))
            .handler(this::handle)
            .build();
    loop.start();
  }

  private void handle(ConsumerRecords<String, byte[]> batch) {
    for (ConsumerRecord<String, byte[]> record : batch) {
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
      // a site is done when the crawler finished it, or skipped it as crawled recently; a crawl
      // whose SITE_CRAWLED came before is neither counted nor passed on again
      if (!tally.add(outcome)) {
        LOG.debug(
            "a second SITE_CRAWLED of crawl {} of {}",
            outcome.details().get(Outcome.CRAWL_ID),
            outcome.site());
        continue;
      }
      try {
        listener.accept(outcome);
      } catch (RuntimeException e) {
        LOG.warn("outcome listener failed on {}: {}", outcome, e.toString());
      }
    }
  }

  boolean allCrawled(Collection<String> sites) {
    return tally.crawledSites().containsAll(sites);
  }

  Set<String> crawledSites() {
    return tally.crawledSites();
  }

  /** Outcomes per kind, a crawl's SITE_CRAWLED once ({@link OutcomeTally}). */
  Map<Outcome.Kind, Integer> counts() {
    return tally.counts();
  }

  /** Why the watcher stopped on its own, or empty while it runs. */
  Optional<Throwable> failure() {
    return loop.failure();
  }

  synchronized int unreadable() {
    return unreadable;
  }

  @Override
  public void close() {
    loop.close();
  }
}
