package org.sitewatch.common.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.sitewatch.common.concurrent.Backoff;

/**
 * Settings of a {@link ConsumerLoop}, from {@link ConsumerLoop#builder}; only {@link #handler} is
 * required. Note that the thread is not a daemon unless {@link #daemon(boolean)} says so: a loop
 * its owner forgets to close keeps the JVM alive.
 */
public final class ConsumerLoopBuilder<K, V> {
  final String name;
  final Consumer<K, V> consumer;
  Collection<String> topics;
  ConsumerRebalanceListener rebalanceListener;
  Collection<TopicPartition> assignment;
  ConsumerLoop.BatchHandler<K, V> handler;
  ConsumerLoop.CommitMode commitMode = ConsumerLoop.CommitMode.AFTER_BATCH;
  Duration pollTimeout = Duration.ofMillis(200);
  Duration backoffInitial;
  Duration backoffMax;
  boolean handleEmptyBatches;
  Runnable onStop;
  java.util.function.Consumer<Throwable> onFailure;
  boolean daemon;
  Duration closeTimeout = Duration.ofSeconds(5);
  Duration joinTimeout = Duration.ofSeconds(30);
  Duration forcedWait;
  Runnable onStuck;
  ConsumerProgress progress;

  ConsumerLoopBuilder(String name, Consumer<K, V> consumer) {
    this.name = Objects.requireNonNull(name, "name");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
  }

  /** Subscribe to {@code topics} on the loop thread (group management). */
  public ConsumerLoopBuilder<K, V> subscribe(Collection<String> topics) {
    this.topics = List.copyOf(topics);
    this.rebalanceListener = null;
    this.assignment = null;
    return this;
  }

  /** Subscribe with a rebalance listener; it runs on the loop thread, inside poll. */
  public ConsumerLoopBuilder<K, V> subscribe(
      Collection<String> topics, ConsumerRebalanceListener listener) {
    this.topics = List.copyOf(topics);
    this.rebalanceListener = Objects.requireNonNull(listener, "listener");
    this.assignment = null;
    return this;
  }

  /**
   * Assign {@code partitions} on the loop thread (no group management). Leave both subscribe and
   * assign out when the caller has set the consumer up before {@link ConsumerLoop#start()} (for
   * example a catch-up read before the loop follows the topic).
   */
  public ConsumerLoopBuilder<K, V> assign(Collection<TopicPartition> partitions) {
    this.assignment = List.copyOf(partitions);
    this.topics = null;
    this.rebalanceListener = null;
    return this;
  }

  public ConsumerLoopBuilder<K, V> handler(ConsumerLoop.BatchHandler<K, V> handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
    return this;
  }

  /** Who commits; default {@link ConsumerLoop.CommitMode#AFTER_BATCH}. */
  public ConsumerLoopBuilder<K, V> commit(ConsumerLoop.CommitMode mode) {
    this.commitMode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** The longest a poll blocks; default 200 ms. */
  public ConsumerLoopBuilder<K, V> pollTimeout(Duration timeout) {
    this.pollTimeout = positive(timeout, "pollTimeout");
    return this;
  }

  /**
   * Retry a batch whose handler threw: seek back, wait {@code initial}, doubling up to {@code max}.
   * Without this, a handler exception stops the loop.
   */
  public ConsumerLoopBuilder<K, V> retryWithBackoff(Duration initial, Duration max) {
    new Backoff(initial, max); // validates
    this.backoffInitial = initial;
    this.backoffMax = max;
    return this;
  }

  /** Call the handler after every poll, empty batches included (for per-pass work); default no. */
  public ConsumerLoopBuilder<K, V> handleEmptyBatches(boolean every) {
    this.handleEmptyBatches = every;
    return this;
  }

  /** Runs on the loop thread when the loop ends, before the consumer is closed (final commit). */
  public ConsumerLoopBuilder<K, V> onStop(Runnable action) {
    this.onStop = Objects.requireNonNull(action, "action");
    return this;
  }

  /** Told (on the loop thread) about the error that stops the loop on its own. */
  public ConsumerLoopBuilder<K, V> onFailure(java.util.function.Consumer<Throwable> listener) {
    this.onFailure = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /**
   * Whether the thread is a daemon; default no. A loop that is not a daemon keeps the JVM alive
   * until {@link ConsumerLoop#close()}: an owner that may forget to close it (or that exits through
   * {@code main} returning rather than a shutdown path) should ask for a daemon. (The loops this
   * replaced, the outcome watcher and the lexicon updates, were daemons.)
   */
  public ConsumerLoopBuilder<K, V> daemon(boolean daemon) {
    this.daemon = daemon;
    return this;
  }

  /** How long closing the consumer may take; default 5 s. */
  public ConsumerLoopBuilder<K, V> closeTimeout(Duration timeout) {
    this.closeTimeout = positive(timeout, "closeTimeout");
    return this;
  }

  /** How long {@link ConsumerLoop#close()} waits for the thread before interrupting; 30 s. */
  public ConsumerLoopBuilder<K, V> joinTimeout(Duration timeout) {
    this.joinTimeout = positive(timeout, "joinTimeout");
    return this;
  }

  /** How long close waits after interrupting a stuck thread; default twice {@code closeTimeout}. */
  public ConsumerLoopBuilder<K, V> forcedWait(Duration wait) {
    this.forcedWait = positive(wait, "forcedWait");
    return this;
  }

  /**
   * Runs on the closing thread when the loop thread did not stop within {@code joinTimeout}, before
   * it is interrupted: e.g. close a producer the thread is blocked on. Calls into the consumer from
   * here may fail (it is not thread-safe); catch what they throw.
   */
  public ConsumerLoopBuilder<K, V> onStuck(Runnable action) {
    this.onStuck = Objects.requireNonNull(action, "action");
    return this;
  }

  /**
   * Keeps {@code progress} (lag and age of the oldest unprocessed record per topic) up to date
   * after every poll and handled batch.
   */
  public ConsumerLoopBuilder<K, V> progress(ConsumerProgress progress) {
    this.progress = java.util.Objects.requireNonNull(progress, "progress");
    return this;
  }

  public ConsumerLoop<K, V> build() {
    return new ConsumerLoop<>(this);
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + d);
    }
    return d;
  }
}
