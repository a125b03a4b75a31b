package org.sitewatch.common.kafka;

import java.io.Closeable;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.sitewatch.common.concurrent.Backoff;
import org.sitewatch.common.concurrent.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer on one named thread: subscribe or assign, poll, hand each batch to a handler,
 * commit, back off on failure, stop on {@link #close()}. Every stage's consumer runs in one.
 *
 * <pre>{@code
 * ConsumerLoop<String, byte[]> loop = ConsumerLoop.builder("sitewatch-sink-" + group, consumer)
 *     .subscribe(List.of(topics.verdicts()))
 *     .handler(batch -> store.applyAll(decode(batch)))   // throws: seek back, back off, poll again
 *     .retryWithBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
 *     .build();
 * loop.start();
 * ...
 * loop.close();                                          // after the batch in progress
 * }</pre>
 *
 * <p><b>Commit.</b> {@link CommitMode#AFTER_BATCH} (the default) commits, after the handler
 * returned normally, the offset after the last record of each partition of the batch; a commit
 * refused because the partitions moved ({@link CommitFailedException}, {@link
 * RebalanceInProgressException}) is logged and the batch is redelivered to the new owner. {@link
 * CommitMode#MANUAL}: the loop never commits; the handler (or its rebalance listener, or {@code
 * onStop}) does, with {@link OffsetCommits#commitSync}.
 *
 * <p><b>Failure.</b> With {@link ConsumerLoopBuilder#retryWithBackoff} an exception from the
 * handler seeks every partition of the batch back to its first record and waits (doubling, capped,
 * interrupted by close) before the next poll, so the batch is retried and the partitions are kept.
 * Without it, an exception stops the loop; it is logged and kept for {@link #failure()}. An
 * exception from poll or commit always stops the loop. So does an interrupt that {@link #close()}
 * did not cause ({@link InterruptedException}, or Kafka's {@link InterruptException} or {@link
 * WakeupException}): it too is kept for {@link #failure()}, so the owner's failure probe sees it.
 *
 * <p><b>Close.</b> {@link #close()} asks the loop to stop, wakes the consumer, and waits for the
 * thread ({@code joinTimeout}, then {@code onStuck}, an interrupt and at most {@code forcedWait}
 * more). The thread runs {@code onStop}, then closes the consumer (the loop owns it). An interrupt,
 * {@link InterruptException} or {@link WakeupException} that close causes ends the loop quietly: it
 * is not an error and not a {@link #failure()}. Every caller of close waits the same way (not only
 * the first), so an owner closing after a shutdown hook does not go on while the last batch still
 * runs. Called on the loop thread (from the handler, {@code onStop} or {@code onFailure}), it
 * returns at once and the loop ends after that batch.
 */
public final class ConsumerLoop<K, V> implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);

  /** What the loop does with a batch: throw to have it retried (or to stop the loop). */
  @FunctionalInterface
  public interface BatchHandler<K, V> {
    void handle(ConsumerRecords<K, V> batch) throws Exception;
  }

  /** Who commits offsets. */
  public enum CommitMode {
    /** The loop, after each batch the handler finished without an exception. */
    AFTER_BATCH,
    /** The handler itself (or nobody, for a group that keeps no offsets). */
    MANUAL
  }

  private final String name;
  private final Consumer<K, V> consumer;
  private final Collection<String> topics;
  private final ConsumerRebalanceListener rebalanceListener;
  private final Collection<TopicPartition> assignment;
  private final BatchHandler<K, V> handler;
  private final CommitMode commitMode;
  private final Duration pollTimeout;
  private final Backoff backoff;
  private final boolean handleEmptyBatches;
  private final Runnable onStop;
  private final java.util.function.Consumer<Throwable> onFailure;
  private final Duration closeTimeout;
  private final Duration joinTimeout;
  private final Duration forcedWait;
  private final Runnable onStuck;
  private final ConsumerProgress progress;
  private final Thread thread;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /** Counted down when the consumer is closed: by the thread, or by close() if never started. */
  private final CountDownLatch stopped = new CountDownLatch(1);

  private static final int NEW = 0;
  private static final int STARTED = 1;
  private static final int CLOSED = 2;

  /** NEW, then STARTED and/or CLOSED: one state, so start and close cannot interleave. */
  private final AtomicInteger state = new AtomicInteger(NEW);

  /** Whether a closer has already run {@code onStuck} and interrupted the thread. */
  private final AtomicBoolean forced = new AtomicBoolean();

  private volatile boolean running;
  private volatile boolean assigned;
  private volatile Throwable failure;
  private Duration retryDelay = Duration.ZERO;

  ConsumerLoop(ConsumerLoopBuilder<K, V> b) {
    this.name = b.name;
    this.consumer = b.consumer;
    this.topics = b.topics;
    this.rebalanceListener = b.rebalanceListener;
    this.assignment = b.assignment;
    this.handler = Objects.requireNonNull(b.handler, "handler");
    this.commitMode = b.commitMode;
    this.pollTimeout = b.pollTimeout;
    this.backoff = b.backoffInitial == null ? null : new Backoff(b.backoffInitial, b.backoffMax);
    this.handleEmptyBatches = b.handleEmptyBatches;
    this.onStop = b.onStop;
    this.onFailure = b.onFailure;
    this.closeTimeout = b.closeTimeout;
    this.joinTimeout = b.joinTimeout;
    this.forcedWait = b.forcedWait == null ? closeTimeout.multipliedBy(2) : b.forcedWait;
    this.onStuck = b.onStuck;
    this.progress = b.progress;
    Threads.Factory threads = Threads.named(name);
    this.thread = (b.daemon ? threads.daemon() : threads).newThread(this::run);
  }

  /**
   * A loop whose thread is called {@code name}, over {@code consumer} (created by the caller with
   * its deserializers and group settings, auto-commit off; the loop closes it).
   */
  public static <K, V> ConsumerLoopBuilder<K, V> builder(String name, Consumer<K, V> consumer) {
    return new ConsumerLoopBuilder<>(name, consumer);
  }

  /**
   * Starts the thread.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    if (!state.compareAndSet(NEW, STARTED)) {
      throw new IllegalStateException(
          name + (state.get() == CLOSED ? " is closed" : " already started"));
    }
    running = true;
    try {
      thread.start();
    } catch (RuntimeException | Error e) {
      running = false;
      closeConsumer();
      stopped.countDown();
      throw e;
    }
  }

  /** True from {@link #start()} until the thread ends (after close, or a fatal error). */
  public boolean isRunning() {
    return running;
  }

  /**
   * Whether the consumer holds what its group gave it: true once a rebalance assigned its
   * partitions (possibly none, when the group has more members than partitions), or once it was
   * assigned partitions by hand; false before that, after the group declared them lost, and once
   * the loop stopped. The {@code consumer-assigned} readiness check of a stage.
   */
  public boolean hasAssignment() {
    return running && assigned;
  }

  /** Whether {@link #close()} was called: a handler may cut a long batch short. */
  public boolean stopping() {
    return stopRequested.getCount() == 0;
  }

  /** The error that stopped the loop on its own, if one did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** The thread's name. */
  public String name() {
    return name;
  }

  /**
   * Stops the loop after the batch in progress, runs {@code onStop}, closes the consumer; waits for
   * the thread at most {@code joinTimeout}, then runs {@code onStuck} (if set), interrupts the
   * thread and waits {@code forcedWait} more. Idempotent: every caller (other than the loop thread
   * itself) returns only once the loop has stopped, or that time is up; {@code onStuck} and the
   * interrupt happen once.
   */
  @Override
  public void close() {
    int before = state.getAndSet(CLOSED);
    if (before == NEW) {
      closeConsumer(); // never started: nobody else will
      stopped.countDown();
      return;
    }
    if (before == STARTED) {
      stopRequested.countDown();
      consumer.wakeup();
    }
    if (Thread.currentThread() == thread) {
      return; // from the handler: the loop ends after this batch
    }
    try {
      if (stopped.await(Math.max(1, joinTimeout.toMillis()), TimeUnit.MILLISECONDS)) {
        return;
      }
      if (forced.compareAndSet(false, true)) {
        log.warn("{} did not stop within {}; interrupting it", name, joinTimeout);
        if (onStuck != null) {
          try {
            onStuck.run();
          } catch (RuntimeException e) {
            log.warn("{}: stuck action failed: {}", name, e.toString());
          }
        }
        thread.interrupt();
      }
      if (!stopped.await(Math.max(1, forcedWait.toMillis()), TimeUnit.MILLISECONDS)) {
        log.warn("{} is still running; abandoning it", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- the loop thread ---

  private void run() {
    try {
      if (topics != null) {
        consumer.subscribe(topics, new AssignmentTracker(rebalanceListener));
      } else if (assignment != null) {
        consumer.assign(assignment);
        assigned = true;
      }
      while (!stopping()) {
        if (Thread.currentThread().isInterrupted()) {
          fail(new InterruptedException(name + " was interrupted"), "stopped by an interrupt");
          break;
        }
        if (!retryDelay.isZero()
            && stopRequested.await(retryDelay.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
        ConsumerRecords<K, V> batch = consumer.poll(pollTimeout);
        if (progress != null) {
          progress.polled(consumer, batch);
        }
        if (batch.isEmpty() && !handleEmptyBatches) {
          continue;
        }
        if (!handle(batch)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stoppedBy(e);
    } catch (RuntimeException e) {
      if (!stoppedBy(e)) {
        fail(e, "stopped by an unexpected error; uncommitted records will be redelivered");
      }
    } catch (Error e) {
      fail(e, "stopped by an unexpected error; uncommitted records will be redelivered");
      throw e;
    } finally {
      try {
        if (onStop != null) {
          onStop.run();
        }
      } catch (RuntimeException e) {
        log.warn("{}: stop action failed: {}", name, e.toString(), e);
      } finally {
        closeConsumer();
        running = false;
        stopped.countDown();
      }
    }
  }

  /** Handles one batch; returns false when the loop must end. */
  private boolean handle(ConsumerRecords<K, V> batch) {
    try {
      handler.handle(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stoppedBy(e);
      return false;
    } catch (Exception e) {
      if (stoppedBy(e)) {
        return false; // the batch stays uncommitted
      }
      if (backoff == null) {
        fail(e, "stopped: the batch handler failed; uncommitted records will be redelivered");
        return false;
      }
      retryLater(batch, e);
      return true;
    }
    if (progress != null) {
      progress.handled(batch);
    }
    if (backoff != null) {
      retryDelay = Duration.ZERO;
      int failures = backoff.succeeded();
      if (failures > 0) {
        log.info("{}: records flowing again after {} failed attempt(s)", name, failures);
      }
    }
    if (commitMode == CommitMode.AFTER_BATCH && !batch.isEmpty()) {
      try {
        OffsetCommits.commitSync(consumer, OffsetCommits.nextOffsets(batch), null);
      } catch (CommitFailedException | RebalanceInProgressException e) {
        log.info(
            "{}: offset commit skipped after a rebalance; the batch will be redelivered: {}",
            name,
            e.getMessage());
      }
    }
    return true;
  }

  private void retryLater(ConsumerRecords<K, V> batch, Exception e) {
    retryDelay = backoff.failed();
    if (backoff.worthLogging()) {
      if (backoff.failures() == 1) {
        log.warn(
            "{}: batch of {} record(s) failed; retrying with backoff: {}",
            name,
            batch.count(),
            e.toString(),
            e);
      } else {
        log.warn(
            "{}: still failing after {} attempts (next in {}): {}",
            name,
            backoff.failures(),
            retryDelay,
            e.toString());
      }
    }
    for (TopicPartition partition : batch.partitions()) {
      consumer.seek(partition, batch.records(partition).get(0).offset());
    }
  }

  /**
   * Whether {@code e} is an interrupt or wake-up: then the loop ends. If {@link #close()} caused it
   * (the loop is stopping), that is a normal stop; otherwise it is a failure.
   */
  private boolean stoppedBy(Exception e) {
    if (stopping() && causedByStop(e)) {
      log.debug("{}: stopped by close ({})", name, e.toString());
      return true;
    }
    if (e instanceof WakeupException) {
      fail(e, "woken up unexpectedly");
      return true;
    }
    if (e instanceof InterruptedException || e instanceof InterruptException) {
      fail(e, "stopped by an interrupt that close() did not cause");
      return true;
    }
    return false;
  }

  /** An interrupt or wake-up, possibly wrapped: what close() makes blocked calls throw. */
  private static boolean causedByStop(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof InterruptedException
          || t instanceof InterruptException
          || t instanceof WakeupException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }

  private void fail(Throwable e, String what) {
    failure = e;
    log.error("{} {}", name, what, e);
    if (onFailure != null) {
      try {
        onFailure.accept(e);
      } catch (RuntimeException listenerFailure) {
        log.warn("{}: failure listener failed", name, listenerFailure);
      }
    }
  }

  private void closeConsumer() {
    try {
      consumer.close(CloseOptions.timeout(closeTimeout));
    } catch (RuntimeException e) {
      log.warn("{}: error closing the consumer: {}", name, e.toString());
    }
  }

  /** Follows the assignment for {@link #hasAssignment()}, then tells the owner's listener. */
  private final class AssignmentTracker implements ConsumerRebalanceListener {
    private final ConsumerRebalanceListener owner;

    AssignmentTracker(ConsumerRebalanceListener owner) {
      this.owner = owner;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (owner != null) {
        owner.onPartitionsRevoked(partitions);
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (owner != null) {
        owner.onPartitionsAssigned(partitions);
      }
      assigned = true;
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      assigned = false;
      if (owner != null) {
        owner.onPartitionsLost(partitions);
      }
    }
  }
}
