package org.sitewatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loop's policies against Kafka's MockConsumer; {@code ConsumerLoopIT} runs a real broker. */
class ConsumerLoopTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final TopicPartition tp = new TopicPartition("t", 0);
  private RecordingConsumer consumer;

  /** MockConsumer that redelivers after a seek (as a broker does) and remembers its last commit. */
  static final class RecordingConsumer extends MockConsumer<String, String> {
    private final List<ConsumerRecord<String, String>> all = new CopyOnWriteArrayList<>();
    volatile long lastCommitted = -1;

    RecordingConsumer() {
      super("earliest");
    }

    @Override
    public synchronized void addRecord(ConsumerRecord<String, String> record) {
      all.add(record);
      super.addRecord(record);
    }

    @Override
    public synchronized void seek(TopicPartition partition, long offset) {
      super.seek(partition, offset);
      for (ConsumerRecord<String, String> r : all) {
        if (r.partition() == partition.partition() && r.offset() >= offset) {
          super.addRecord(r);
        }
      }
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      super.commitSync(offsets);
      lastCommitted = offsets.values().iterator().next().offset();
    }

    @Override
    public synchronized void commitSync(
        Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      super.commitSync(offsets, timeout);
      lastCommitted = offsets.values().iterator().next().offset();
    }
  }

  private ConsumerLoop<String, String> loop;

  @BeforeEach
  void assignedConsumerWithThreeRecords() {
    consumer = new RecordingConsumer();
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    for (int i = 0; i < 3; i++) {
      consumer.addRecord(new ConsumerRecord<>("t", 0, i, "k" + i, "v" + i));
    }
  }

  @AfterEach
  void closeLoop() {
    if (loop != null) {
      loop.close();
    }
  }

  private ConsumerLoopBuilder<String, String> builder() {
    return ConsumerLoop.builder("sitewatch-test-loop", consumer).pollTimeout(Duration.ofMillis(20));
  }

  private long committed() {
    return consumer.lastCommitted;
  }

  @Test
  void commitsAfterEachHandledBatch() {
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicReference<String> thread = new AtomicReference<>();
    loop =
        builder()
            .handler(
                batch -> {
                  thread.set(Thread.currentThread().getName());
                  batch.forEach(r -> seen.add(r.value()));
                })
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> committed() == 3);
    assertThat(seen).containsExactly("v0", "v1", "v2");
    assertThat(thread.get()).isEqualTo("sitewatch-test-loop");
    assertThat(loop.isRunning()).isTrue();
    loop.close();
    assertThat(loop.isRunning()).isFalse();
    assertThat(consumer.closed()).isTrue();
    assertThat(loop.failure()).isEmpty();
  }

  @Test
  void retriesAFailedBatchFromItsFirstRecordWithBackoff() {
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicInteger attempts = new AtomicInteger();
    loop =
        builder()
            .retryWithBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
            .handler(
                batch -> {
                  batch.forEach(r -> seen.add(r.value()));
                  if (attempts.incrementAndGet() <= 2) {
                    throw new java.sql.SQLException("database unavailable");
                  }
                })
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> committed() == 3);
    assertThat(attempts).hasValue(3);
    assertThat(seen).containsExactly("v0", "v1", "v2", "v0", "v1", "v2", "v0", "v1", "v2");
    assertThat(loop.isRunning()).isTrue();
  }

  @Test
  void withoutBackoffAHandlerFailureStopsTheLoopAndIsKept() {
    AtomicReference<Throwable> told = new AtomicReference<>();
    IllegalStateException boom = new IllegalStateException("boom");
    loop =
        builder()
            .handler(
                batch -> {
                  throw boom;
                })
            .onFailure(told::set)
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> !loop.isRunning());
    assertThat(loop.failure()).contains(boom);
    assertThat(told.get()).isSameAs(boom);
    assertThat(committed()).isEqualTo(-1);
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void aPollFailureStopsTheLoop() {
    consumer.setPollException(new org.apache.kafka.common.KafkaException("broker gone"));
    loop = builder().handler(batch -> {}).build();
    loop.start();
    await().atMost(WAIT).until(() -> !loop.isRunning());
    assertThat(loop.failure()).hasValueSatisfying(e -> assertThat(e).hasMessage("broker gone"));
  }

  @Test
  void inManualModeTheLoopNeverCommits() {
    AtomicInteger handled = new AtomicInteger();
    loop =
        builder()
            .commit(ConsumerLoop.CommitMode.MANUAL)
            .handler(batch -> handled.addAndGet(batch.count()))
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> handled.get() == 3);
    loop.close();
    assertThat(committed()).isEqualTo(-1);
  }

  @Test
  void theHandlerCommitsInManualMode() {
    loop =
        builder()
            .commit(ConsumerLoop.CommitMode.MANUAL)
            .handler(
                batch ->
                    OffsetCommits.commitSync(
                        consumer, Map.of(tp, new OffsetAndMetadata(2)), Duration.ofSeconds(1)))
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> committed() == 2);
  }

  @Test
  void emptyBatchesReachTheHandlerOnlyWhenAsked() {
    AtomicInteger empty = new AtomicInteger();
    loop =
        builder()
            .handleEmptyBatches(true)
            .handler(
                batch -> {
                  if (batch.isEmpty()) {
                    empty.incrementAndGet();
                  }
                })
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> empty.get() >= 2);
    loop.close();

    assignedConsumerWithThreeRecords();
    AtomicInteger calls = new AtomicInteger();
    loop = builder().handler(batch -> calls.incrementAndGet()).build();
    loop.start();
    await().atMost(WAIT).until(() -> committed() == 3);
    loop.close();
    assertThat(calls).hasValue(1);
  }

  @Test
  void onStopRunsOnTheLoopThreadBeforeTheConsumerCloses() {
    AtomicReference<String> where = new AtomicReference<>();
    AtomicReference<Boolean> consumerOpen = new AtomicReference<>();
    loop =
        builder()
            .handler(batch -> {})
            .onStop(
                () -> {
                  where.set(Thread.currentThread().getName());
                  consumerOpen.set(!consumer.closed());
                })
            .build();
    loop.start();
    loop.close();
    assertThat(where.get()).isEqualTo("sitewatch-test-loop");
    assertThat(consumerOpen.get()).isTrue();
    assertThat(consumer.closed()).isTrue();
  }

  @Test
  void closeFromTheHandlerEndsTheLoopAfterThatBatch() {
    AtomicInteger batches = new AtomicInteger();
    AtomicReference<ConsumerLoop<String, String>> self = new AtomicReference<>();
    loop =
        builder()
            .handler(
                batch -> {
                  batches.incrementAndGet();
                  self.get().close();
                })
            .build();
    self.set(loop);
    loop.start();
    await().atMost(WAIT).until(() -> !loop.isRunning());
    assertThat(batches).hasValue(1);
    assertThat(loop.stopping()).isTrue();
    assertThat(loop.failure()).isEmpty();
    assertThat(committed()).as("the batch was handled, so it is committed").isEqualTo(3);
  }

  @Test
  void closeIsIdempotentAndAClosedLoopCannotStart() {
    loop = builder().handler(batch -> {}).build();
    loop.close();
    loop.close();
    assertThat(consumer.closed()).as("a loop never started closes its consumer").isTrue();
    assertThatThrownBy(loop::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aLoopStartsOnce() {
    loop = builder().handler(batch -> {}).build();
    loop.start();
    assertThatThrownBy(loop::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");
  }

  @Test
  void theThreadIsADaemonOnlyWhenAsked() {
    AtomicReference<Boolean> daemon = new AtomicReference<>();
    loop =
        builder().daemon(true).handler(b -> daemon.set(Thread.currentThread().isDaemon())).build();
    loop.start();
    await().atMost(WAIT).until(() -> daemon.get() != null);
    assertThat(daemon.get()).isTrue();
  }

  @Test
  void refusesNonPositiveTimeoutsAndAMissingHandler() {
    assertThatThrownBy(() -> builder().pollTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> builder().retryWithBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().build()).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aStuckHandlerIsInterruptedAfterTheJoinTimeoutAndOnStuckRuns() {
    AtomicInteger stuckCalls = new AtomicInteger();
    AtomicReference<Boolean> interrupted = new AtomicReference<>(false);
    java.util.concurrent.CountDownLatch inHandler = new java.util.concurrent.CountDownLatch(1);
    loop =
        builder()
            .joinTimeout(Duration.ofMillis(200))
            .forcedWait(Duration.ofSeconds(5))
            .onStuck(stuckCalls::incrementAndGet)
            .handler(
                batch -> {
                  inHandler.countDown();
                  try {
                    Thread.sleep(60_000); // ignores the stop request
                  } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                  }
                })
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> inHandler.getCount() == 0);
    long start = System.nanoTime();
    loop.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(stuckCalls).hasValue(1);
    assertThat(interrupted.get()).isTrue();
    assertThat(loop.isRunning()).isFalse();
    assertThat(committed()).as("an interrupted batch is not committed").isEqualTo(-1);
    assertThat(loop.failure()).as("an interrupt close() caused is no failure").isEmpty();
  }

  @Test
  void kafkasInterruptExceptionDuringCloseIsANormalStop() {
    AtomicReference<Throwable> told = new AtomicReference<>();
    CountDownLatch inHandler = new CountDownLatch(1);
    loop =
        builder()
            .joinTimeout(Duration.ofMillis(200))
            .forcedWait(Duration.ofSeconds(5))
            .onFailure(told::set)
            .handler(
                batch -> {
                  inHandler.countDown();
                  try {
                    Thread.sleep(60_000); // e.g. a producer's send().get() ignoring the stop
                  } catch (InterruptedException e) {
                    throw new InterruptException(e); // what Kafka's clients throw
                  }
                })
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> inHandler.getCount() == 0);
    loop.close();
    assertThat(loop.isRunning()).isFalse();
    assertThat(loop.failure()).isEmpty();
    assertThat(told.get()).isNull();
    assertThat(committed()).isEqualTo(-1);
  }

  @Test
  void anInterruptedExceptionCloseDidNotCauseIsAFailure() {
    AtomicReference<Throwable> told = new AtomicReference<>();
    InterruptedException interrupt = new InterruptedException("not from close");
    loop =
        builder()
            .retryWithBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
            .onFailure(told::set)
            .handler(
                batch -> {
                  throw interrupt;
                })
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> !loop.isRunning());
    assertThat(loop.failure()).contains(interrupt);
    assertThat(told.get()).isSameAs(interrupt);
    assertThat(committed()).isEqualTo(-1);
  }

  @Test
  void kafkasInterruptExceptionCloseDidNotCauseIsAFailure() {
    InterruptException interrupt = new InterruptException("not from close");
    loop =
        builder()
            .retryWithBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
            .handler(
                batch -> {
                  throw interrupt;
                })
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> !loop.isRunning());
    assertThat(loop.failure()).contains(interrupt);
  }

  @Test
  void anInterruptFlagLeftByTheHandlerIsAFailure() {
    loop = builder().handler(batch -> Thread.currentThread().interrupt()).build();
    loop.start();
    await().atMost(WAIT).until(() -> !loop.isRunning());
    assertThat(loop.failure())
        .hasValueSatisfying(e -> assertThat(e).isInstanceOf(InterruptedException.class));
  }

  @Test
  void everyCallerOfCloseWaitsUntilTheLoopHasStopped() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    loop =
        builder()
            .joinTimeout(Duration.ofSeconds(30))
            .handler(
                batch -> {
                  inHandler.countDown();
                  release.await(); // a batch that finishes in its own time
                })
            .build();
    loop.start();
    await().atMost(WAIT).until(() -> inHandler.getCount() == 0);
    Thread first = new Thread(loop::close, "first-closer");
    first.start();
    await().atMost(WAIT).until(loop::stopping);
    Thread second =
        new Thread(
            () -> {
              loop.close();
              secondSawRunning.set(loop.isRunning());
            },
            "second-closer");
    second.start();
    second.join(300);
    assertThat(second.isAlive()).as("the second close waits for the batch").isTrue();
    release.countDown();
    second.join(WAIT.toMillis());
    first.join(WAIT.toMillis());
    assertThat(secondSawRunning.get()).isFalse();
    assertThat(consumer.closed()).isTrue();
    assertThat(loop.failure()).isEmpty();
  }

  private final AtomicReference<Boolean> secondSawRunning = new AtomicReference<>();

  @Test
  void startAndCloseRacingNeverLeaveAThreadOnAClosedConsumer() throws Exception {
    for (int i = 0; i < 300; i++) {
      RecordingConsumer c = new RecordingConsumer();
      ConsumerLoop<String, String> racing =
          ConsumerLoop.builder("sitewatch-race-" + i, c)
              .pollTimeout(Duration.ofMillis(5))
              .handler(batch -> {})
              .build();
      CountDownLatch go = new CountDownLatch(1);
      Thread starter =
          new Thread(
              () -> {
                try {
                  go.await();
                  racing.start();
                } catch (IllegalStateException | InterruptedException e) {
                  // closed first: refused
                }
              });
      starter.start();
      go.countDown();
      racing.close();
      starter.join(WAIT.toMillis());
      racing.close();
      assertThat(racing.isRunning()).as("run %d", i).isFalse();
      assertThat(racing.failure()).as("run %d", i).isEmpty();
      assertThat(c.closed()).as("run %d", i).isTrue();
    }
  }

  @Test
  void holdsAnAssignmentOnceItsGroupGaveItOneEvenAnEmptyOneUntilItStops() {
    MockConsumer<String, String> subscribed = new MockConsumer<>("earliest");
    CountDownLatch rebalanced = new CountDownLatch(1);
    ConsumerLoop<String, String> grouped =
        ConsumerLoop.builder("sitewatch-test-group-loop", subscribed)
            .pollTimeout(Duration.ofMillis(20))
            .subscribe(List.of("t"))
            .handler(batch -> {})
            .build();
    loop = grouped;
    grouped.start();
    assertThat(grouped.hasAssignment()).as("no rebalance yet").isFalse();
    // the group has more members than partitions: this one gets none, and is still in it
    subscribed.schedulePollTask(
        () -> {
          subscribed.rebalance(List.of());
          rebalanced.countDown();
        });
    await().atMost(WAIT).until(() -> rebalanced.getCount() == 0);
    await().atMost(WAIT).until(grouped::hasAssignment);
    grouped.close();
    assertThat(grouped.hasAssignment()).as("a stopped loop holds nothing").isFalse();
  }

  @Test
  void aConsumerAssignedByHandHoldsItsAssignmentWhileRunning() {
    loop = builder().assign(List.of(tp)).handler(batch -> {}).build();
    assertThat(loop.hasAssignment()).isFalse();
    loop.start();
    await().atMost(WAIT).until(loop::hasAssignment);
  }
}
