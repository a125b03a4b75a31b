package org.sitewatch.infra.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.common.kafka.ConsumerLoop;
import org.sitewatch.common.kafka.ConsumerProgress;
import org.sitewatch.common.metrics.StageMeters;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * The stalled check over a real consumer loop on the in-process broker: a verdict consumer whose
 * handler cannot finish (as a sink that cannot write) is reported stalled once the window has
 * passed on the test's clock, and ready again once it gets through.
 */
class StallCheckIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void aConsumerStuckInItsHandlerIsStalledAfterTheWindowAndReadyOnceItGetsThrough()
      throws Exception {
    String topic = "stall-verdicts";
    kafka.createTopics(1, topic);
    Moving clock = new Moving(Instant.now());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    ConsumerProgress progress = new ConsumerProgress(clock);
    StageMeters.consumer(meters, "sink", topic, progress);
    HealthCheck stalled =
        StallCheck.forStage(meters, "sink", topic, Duration.ofMinutes(5), clock).get(0);

    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("group.id", "stall-group");
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.put("max.poll.records", "2");
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger handled = new AtomicInteger();
    ConsumerLoop<String, String> loop =
        ConsumerLoop.builder(
                "stall-it",
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer()))
            .subscribe(List.of(topic))
            .progress(progress)
            .handler(
                batch -> {
                  entered.countDown();
                  release.await(); // the database does not answer
                  handled.addAndGet(batch.count());
                })
            .build();
    loop.start();
    try {
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              kafka.clientProps(), new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 5; i++) {
          producer.send(new ProducerRecord<>(topic, "site" + i, "verdict" + i)).get();
        }
      }
      await().atMost(WAIT).until(() -> entered.getCount() == 0 && progress.lag(topic) > 0);
      assertThat(stalled.problem().get()).as("first look").isEmpty();

      clock.advance(Duration.ofMinutes(4));
      assertThat(stalled.problem().get()).as("within the window").isEmpty();
      clock.advance(Duration.ofSeconds(132));
      assertThat(stalled.problem().get())
          .hasValueSatisfying(
              p -> assertThat(p).matches("[1-5] records waiting, no progress for 6m12s"));

      release.countDown();
      await().atMost(WAIT).until(() -> handled.get() == 5);
      assertThat(stalled.problem().get()).isEmpty();
    } finally {
      release.countDown();
      loop.close();
    }
  }

  private static final class Moving extends Clock {
    private volatile Instant now;

    Moving(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
