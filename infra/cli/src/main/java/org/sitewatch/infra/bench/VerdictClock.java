package org.sitewatch.infra.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.SiteVerdict;

/**
 * Follows the verdict topic as the sink does ({@code read_committed}, from the beginning, a group
 * of its own) and notes when each verdict became visible: the classifier's transaction that wrote
 * it had committed. Records it cannot read are counted.
 */
final class VerdictClock implements AutoCloseable {
  /**
   * One verdict and the moment this reader received it.
   *
   * @param recordTime the verdict record's timestamp: Kafka Streams gives it the timestamp of the
   *     page record that made it, which the crawler's producer set when it sent the page
   */
  record Seen(SiteVerdict verdict, Instant recordTime, Instant visibleAt, long visibleNanos) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final JsonSerde<SiteVerdict> serde = JsonSerde.of(SiteVerdict.class);
  private final Clock clock;
  private final List<Seen> seen = new ArrayList<>();
  private final Thread thread;
  private volatile boolean stop;
  private volatile Throwable failure;
  private int unreadable;

  VerdictClock(Map<String, Object> kafkaProps, String topic, Clock clock) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put("group.id", "sitewatch-bench-verdicts-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    props.put("isolation.level", "read_committed");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.clock = clock;
    consumer.subscribe(List.of(topic));
    this.thread = Threads.named("bench-verdict-clock").daemon().newThread(this::follow);
    thread.start();
  }

  private void follow() {
    try {
      while (!stop) {
        var batch = consumer.poll(Duration.ofMillis(200));
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        for (ConsumerRecord<String, byte[]> r : batch) {
          SiteVerdict v;
          try {
            v = serde.deserialize(r.topic(), r.value());
          } catch (RuntimeException e) {
            v = null;
          }
          synchronized (this) {
            if (v == null) {
              unreadable++;
            } else {
              seen.add(new Seen(v, Instant.ofEpochMilli(r.timestamp()), now, nanos));
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  synchronized int unreadable() {
    return unreadable;
  }

  /** Why the reader stopped on its own, or null. */
  Throwable failure() {
    return failure;
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    consumer.wakeup();
    thread.join(10_000);
  }
}
