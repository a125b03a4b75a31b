package org.sitewatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/** {@link ConsumerLoop} against the real in-process broker: group commits, retry, redelivery. */
class ConsumerLoopIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static EmbeddedKafka kafka;

  private String topic;
  private String group;
  private final List<ConsumerLoop<String, String>> loops = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @BeforeEach
  void freshTopic() {
    int run = RUNS.incrementAndGet();
    topic = "loop-run" + run;
    group = "loop-group" + run;
    kafka.createTopics(2, topic);
  }

  @AfterEach
  void closeLoops() {
    loops.forEach(ConsumerLoop::close);
  }

  private KafkaConsumer<String, String> consumer() {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("group.id", group);
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.put("session.timeout.ms", "10000");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private void produce(int count) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(kafka.clientProps(), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "site" + (i % 5), "v" + i)).get();
      }
    }
  }

  private long committedTotal() throws Exception {
    try (Admin admin = Admin.create(kafka.clientProps())) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }
  }

  private ConsumerLoop<String, String> started(ConsumerLoopBuilder<String, String> builder) {
    ConsumerLoop<String, String> loop = builder.build();
    loops.add(loop);
    loop.start();
    return loop;
  }

  @Test
  void handlesEveryRecordOnceAndCommitsTheGroupOffsets() throws Exception {
    produce(20);
    List<String> seen = new CopyOnWriteArrayList<>();
    List<Collection<TopicPartition>> assigned = new CopyOnWriteArrayList<>();
    ConsumerLoop<String, String> loop =
        started(
            ConsumerLoop.builder("loop-it", consumer())
                .subscribe(
                    List.of(topic),
                    new ConsumerRebalanceListener() {
                      @Override
                      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                      @Override
                      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        assigned.add(partitions);
                      }
                    })
                .handler(batch -> batch.forEach(r -> seen.add(r.value()))));
    await().atMost(WAIT).until(() -> seen.size() == 20 && committedTotal() == 20);
    assertThat(Set.copyOf(seen)).hasSize(20);
    assertThat(assigned).isNotEmpty();
    loop.close();
    assertThat(loop.isRunning()).isFalse();
    assertThat(loop.failure()).isEmpty();
  }

  @Test
  void aFailingBatchIsRetriedFromItsFirstRecordUntilItSucceeds() throws Exception {
    produce(10);
    AtomicInteger failuresLeft = new AtomicInteger(3);
    List<String> done = new CopyOnWriteArrayList<>();
    started(
        ConsumerLoop.builder("loop-it-retry", consumer())
            .subscribe(List.of(topic))
            .retryWithBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
            .handler(
                batch -> {
                  if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("store unavailable");
                  }
                  batch.forEach(r -> done.add(r.value()));
                }));
    await().atMost(WAIT).until(() -> committedTotal() == 10);
    assertThat(Set.copyOf(done)).hasSize(10);
  }

  @Test
  void aBatchCutShortByCloseIsRedeliveredToTheNextLoopOfTheGroup() throws Exception {
    produce(6);
    CountDownLatch inHandler = new CountDownLatch(1);
    ConsumerLoop<String, String> first =
        started(
            ConsumerLoop.builder("loop-it-first", consumer())
                .subscribe(List.of(topic))
                .handler(
                    batch -> {
                      inHandler.countDown();
                      // a handler that notices the close and gives up its batch without finishing
                      // it
                      while (!ConsumerLoopIT.this.loops.get(0).stopping()) {
                        Thread.sleep(10);
                      }
                      throw new InterruptedException("stopping");
                    }));
    assertThat(inHandler.await(60, TimeUnit.SECONDS)).isTrue();
    first.close();
    assertThat(first.isRunning()).isFalse();
    assertThat(committedTotal()).isZero();

    List<String> seen = new CopyOnWriteArrayList<>();
    started(
        ConsumerLoop.builder("loop-it-second", consumer())
            .subscribe(List.of(topic))
            .handler(batch -> batch.forEach(r -> seen.add(r.value()))));
    await().atMost(WAIT).until(() -> committedTotal() == 6);
    assertThat(Set.copyOf(seen)).hasSize(6);
  }

  @Test
  void anAssignedLoopReadsWithoutAGroupAndCommitsNothingInManualMode() throws Exception {
    produce(4);
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    KafkaConsumer<String, String> plain =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    List<String> seen = new CopyOnWriteArrayList<>();
    started(
        ConsumerLoop.builder("loop-it-assigned", plain)
            .assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)))
            .commit(ConsumerLoop.CommitMode.MANUAL)
            .daemon(true)
            .handler(batch -> batch.forEach(r -> seen.add(r.value()))));
    await().atMost(WAIT).until(() -> seen.size() == 4);
  }
}
