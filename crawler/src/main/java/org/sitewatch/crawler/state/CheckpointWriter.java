package org.sitewatch.crawler.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.BoundedOutput;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes crawl-state records in the background, on one named thread ({@code crawler-checkpoints}),
 * so that fetch threads never wait for Kafka.
 *
 * <p>Ordering: before writing a batch, the worker's output is flushed, so every page and outcome
 * that a checkpoint counts as done is durable before the checkpoint is; a crash therefore never
 * skips a page, it can only fetch again what came after the last checkpoint. Per site only the
 * newest pending record is kept (a newer checkpoint replaces an older one, a site's {@code done}
 * replaces its running checkpoint). A tombstone ({@link #clear}) is written only if the site's
 * state still belongs to the request being cleared, so clearing an old request never deletes the
 * state of a newer crawl of the same site.
 *
 * <p>A finished crawl hands its {@code SITE_CRAWLED} outcome over with its {@code done} record
 * ({@link #finish}); with a transactional store both are in the same transaction, so a worker
 * killed in between leaves neither visible and its successor's one outcome is the only one
 * (docs/crawl-state.md). Without one, the outcome goes through the output before the flush, as
 * before.
 */
public final class CheckpointWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CheckpointWriter.class);

  /** A request's place: partition and offset of its record. */
  public record Owner(int partition, long offset) {
    public static Owner of(CrawlCheckpoint c) {
      return new Owner(c.partition(), c.offset());
    }
  }

  private record Action(Owner owner, CrawlCheckpoint checkpoint) {}

  /** A finished crawl waiting for its batch; {@code attempts}: batches that failed before. */
  private record Finish(
      Outcome outcome, CrawlCheckpoint done, CompletableFuture<Boolean> published, int attempts) {
    Finish again() {
      return new Finish(outcome, done, published, attempts + 1);
    }
  }

  /** Batches a finish is tried in at most, while the worker owns the request's partition. */
  static final int FINISH_ATTEMPTS = 4;

  /** Pause after a failed batch whose finishes are tried again. */
  static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  /**
   * How long {@link #finish} waits at most: the default transaction timeout and the producer's
   * {@code max.block.ms} (60 s each) with a margin. A finish that is not answered by then counts as
   * not published (the request stays uncommitted).
   */
  public static final Duration FINISH_TIMEOUT = Duration.ofSeconds(90);

  /**
   * How long {@link #handOver} waits at most for the finishes of a partition that were handed in
   * before it: a rebalance waits for it (the partition's next owner is assigned only afterwards).
   */
  public static final Duration HAND_OVER_WAIT = Duration.ofSeconds(15);

  /** Failed batches in a row after which the writer reports itself unhealthy ({@link #problem}). */
  static final int FAILURES_BEFORE_UNHEALTHY = 3;

  private final CrawlStateStore store;
  private final Output output;
  private final CrawlerMetrics metrics;
  private final Thread thread;
  private final Object lock = new Object();
  private final Map<String, Action> pending = new LinkedHashMap<>(); // guarded by lock
  private final Map<String, Owner> owners = new HashMap<>(); // guarded by lock
  private final List<Finish> outcomes = new ArrayList<>(); // guarded by lock; never coalesced
  private final List<Finish> writingOutcomes = new ArrayList<>(); // guarded by lock
  private final Duration finishTimeout;
  private final Duration retryBackoff;
  private final java.util.Set<Integer> released = new java.util.HashSet<>(); // guarded by lock
  // partitions handed over to another worker: nothing more of theirs is written; guarded by lock
  private final java.util.Set<Integer> handedOver = new java.util.HashSet<>();
  // how often each partition was handed over; guarded by lock
  private final Map<Integer, Integer> handOvers = new HashMap<>();
  // partitions with records in the batch being written; guarded by lock
  private final java.util.Set<Integer> writingPartitions = new java.util.HashSet<>();
  private boolean writing; // guarded by lock
  private int failuresInARow; // guarded by lock
  private String lastFailure; // guarded by lock
  private boolean closing; // guarded by lock

  public CheckpointWriter(CrawlStateStore store, Output output, CrawlerMetrics metrics) {
    this(store, output, metrics, FINISH_TIMEOUT, RETRY_BACKOFF);
  }

  /**
   * With {@code finishTimeout}: how long {@link #finish} waits at most, and {@code retryBackoff}:
   * the pause after a failed batch before its finishes are tried again.
   */
  public CheckpointWriter(
      CrawlStateStore store,
      Output output,
      CrawlerMetrics metrics,
      Duration finishTimeout,
      Duration retryBackoff) {
    this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
    this.store = Objects.requireNonNull(store, "store");
    this.output = Objects.requireNonNull(output, "output");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.finishTimeout = Objects.requireNonNull(finishTimeout, "finishTimeout");
    thread = Threads.start("crawler-checkpoints", true, this::loop);
  }

  /** A checkpoint of a running crawl, or the {@code done} record of a finished one. */
  public void write(CrawlCheckpoint checkpoint) {
    enqueue(checkpoint.site(), new Action(Owner.of(checkpoint), checkpoint), false);
  }

  /**
   * Publishes a finished crawl's outcome with its {@code done} record and waits for them: true once
   * both are published (in one transaction when the store is transactional), false if they were not
   * (broker away, output not flushed, writer closing, worker fenced, no answer within the finish
   * timeout): the request must then not be committed.
   */
  public boolean finish(CrawlCheckpoint done, Outcome outcome) {
    return finish(done, outcome, -1);
  }

  /**
   * How often request partition {@code partition} has been handed over so far: a crawl takes it
   * when it starts and gives it to {@link #finish(CrawlCheckpoint, Outcome, int)}.
   */
  public int handOvers(int partition) {
    synchronized (lock) {
      return handOvers.getOrDefault(partition, 0);
    }
  }

  /**
   * As {@link #finish(CrawlCheckpoint, Outcome)}, for a crawl started when its partition had been
   * handed over {@code handOversAtStart} times ({@link #handOvers}): false at once if it has been
   * handed over since, even if the partition came back to this worker meanwhile (A -> B -> A, or
   * lost and assigned again). The request was then read again and is crawled anew, which publishes
   * its one {@code SITE_CRAWLED}. A negative count skips this check.
   */
  public boolean finish(CrawlCheckpoint done, Outcome outcome, int handOversAtStart) {
    if (!done.done()) {
      throw new IllegalArgumentException("not a done record: " + done.site());
    }
    CompletableFuture<Boolean> published = new CompletableFuture<>();
    synchronized (lock) {
      if (closing) {
        return false;
      }
      if (handedOver.contains(done.partition())
          || (handOversAtStart >= 0
              && handOvers.getOrDefault(done.partition(), 0) != handOversAtStart)) {
        // the partition's next owner read its state without this crawl: it crawls the request
        // again and publishes its one SITE_CRAWLED (docs/crawl-state.md, "Partitions that move")
        log.info(
            "the outcome of {} is not published: partition {} moved to another worker",
            outcome.site(),
            done.partition());
        return false;
      }
      // bounded like every outcome through the output (BoundedOutput), which this one skips
      outcomes.add(new Finish(BoundedOutput.bound(outcome), done, published, 0));
      pending.put(done.site(), new Action(Owner.of(done), done));
      lock.notifyAll();
    }
    try {
      return published.get(finishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    } catch (TimeoutException e) {
      log.warn(
          "the outcome of {} was not published within {}: its request stays uncommitted",
          outcome.site(),
          finishTimeout);
      return false;
    }
  }

  /**
   * The worker owns request partition {@code partition} (again): a finish of its requests whose
   * batch fails is tried again.
   */
  public void assigned(int partition) {
    synchronized (lock) {
      released.remove(partition);
      handedOver.remove(partition);
    }
  }

  /**
   * Request partition {@code partition} moves to another worker, which reads its state once this
   * returns (a rebalance assigns a revoked partition only after its old owner's revocation ended):
   * finishes of its requests handed in before are published, and waited for at most {@code wait};
   * from now on nothing more of the partition is written (a later finish is answered false at once,
   * running checkpoints not yet written are dropped), so the next owner's view of the partition is
   * final. Without that, a crawl that ended here after the next owner read the state was a second
   * {@code SITE_CRAWLED} of its request.
   *
   * @return whether nothing of the partition is left to write (false: the wait ran out)
   */
  public boolean handOver(int partition, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      handedOver.add(partition);
      handOvers.merge(partition, 1, Integer::sum);
      // a running checkpoint or deletion not written yet: the next owner resumes from what the
      // topic holds (an older checkpoint only widens the overlap); done records of finishes stay
      pending
          .values()
          .removeIf(
              a ->
                  a.owner().partition() == partition
                      && outcomes.stream().noneMatch(f -> f.done() == a.checkpoint()));
    }
    released(partition); // finishes that failed once are not tried again
    synchronized (lock) {
      while (!closing && holds(partition)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          log.warn(
              "crawl state of partition {} still being written after {}: its next owner may not"
                  + " see it",
              partition,
              wait);
          return false;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Whether finishes or records of {@code partition} are queued or being written. */
  private boolean holds(int partition) {
    return writingPartitions.contains(partition)
        || outcomes.stream().anyMatch(f -> f.done().partition() == partition)
        || pending.values().stream().anyMatch(a -> a.owner().partition() == partition);
  }

  /**
   * The worker no longer owns request partition {@code partition}: finishes of its requests waiting
   * for another try are answered false at once (the partition's next owner publishes the outcome).
   */
  public void released(int partition) {
    synchronized (lock) {
      released.add(partition);
      outcomes.removeIf(
          f -> {
            if (f.attempts() == 0 || f.done().partition() != partition) {
              return false;
            }
            Action pendingDone = pending.get(f.done().site());
            if (pendingDone != null && pendingDone.checkpoint() == f.done()) {
              pending.remove(f.done().site());
            }
            f.published().complete(false);
            return true;
          });
      lock.notifyAll();
    }
  }

  /** Deletes the site's state if it still belongs to the request at {@code owner}. */
  public void clear(String site, Owner owner) {
    enqueue(site, new Action(owner, null), true);
  }

  /** The site's state on the topic was written by an earlier worker for {@code checkpoint}. */
  public void restored(CrawlCheckpoint checkpoint) {
    synchronized (lock) {
      owners.putIfAbsent(checkpoint.site(), Owner.of(checkpoint));
    }
  }

  private void enqueue(String site, Action action, boolean clearing) {
    synchronized (lock) {
      if (closing || handedOver.contains(action.owner().partition())) {
        return; // a partition that moved is its next owner's to write
      }
      Action old = pending.get(site);
      if (clearing && old != null && !old.owner().equals(action.owner())) {
        return; // a newer request's state is on its way: leave it
      }
      pending.put(site, action);
      lock.notifyAll();
    }
  }

  /** Blocks until nothing is pending or being written, at most {@code timeout}; for tests. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!pending.isEmpty() || !outcomes.isEmpty() || writing) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Why the crawl state cannot be written, once {@value #FAILURES_BEFORE_UNHEALTHY} batches in a
   * row failed (the worker's readiness): empty while batches are written.
   */
  public Optional<String> problem() {
    synchronized (lock) {
      return failuresInARow < FAILURES_BEFORE_UNHEALTHY
          ? Optional.empty()
          : Optional.of(
              "the last "
                  + failuresInARow
                  + " crawl-state batches could not be written: "
                  + lastFailure);
    }
  }

  private void loop() {
    while (true) {
      List<Map.Entry<String, Action>> batch;
      List<Finish> finished;
      synchronized (lock) {
        while (pending.isEmpty() && outcomes.isEmpty() && !closing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (pending.isEmpty() && outcomes.isEmpty()) {
          return; // closing and drained
        }
        batch = new ArrayList<>(pending.entrySet());
        pending.clear();
        finished = new ArrayList<>(outcomes);
        outcomes.clear();
        writingOutcomes.addAll(finished);
        batch.forEach(e -> writingPartitions.add(e.getValue().owner().partition()));
        finished.forEach(f -> writingPartitions.add(f.done().partition()));
        writing = true;
      }
      boolean published = false;
      boolean retrying = false;
      try {
        published = writeBatch(batch, finished);
        succeeded();
      } catch (RuntimeException e) {
        failed(e, finished.size());
        retrying = retry(finished);
      } finally {
        for (Finish f : finished) {
          f.published().complete(published); // no effect on a finish tried again
        }
        synchronized (lock) {
          writingOutcomes.clear();
          writingPartitions.clear();
          writing = false;
          lock.notifyAll();
        }
      }
      if (retrying) {
        backOff();
      }
    }
  }

  /**
   * Puts the finishes of a failed batch back with their done records while the worker owns their
   * partitions, at most {@link #FINISH_ATTEMPTS} batches each: their requests' offsets would
   * otherwise stay open and hold back the partition's commits until a rebalance.
   */
  private boolean retry(List<Finish> finished) {
    boolean any = false;
    synchronized (lock) {
      for (Finish f : finished) {
        String site = f.done().site();
        if (closing
            || f.attempts() + 1 >= FINISH_ATTEMPTS
            || released.contains(f.done().partition())
            || pending.containsKey(site)) {
          continue; // answered false below
        }
        Finish again = f.again();
        outcomes.add(again);
        pending.put(site, new Action(Owner.of(f.done()), f.done()));
        any = true;
      }
      finished.removeIf(f -> outcomes.stream().anyMatch(o -> o.published() == f.published()));
    }
    return any;
  }

  private void backOff() {
    long deadline = System.nanoTime() + retryBackoff.toNanos();
    synchronized (lock) {
      while (!closing) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void succeeded() {
    synchronized (lock) {
      if (failuresInARow >= FAILURES_BEFORE_UNHEALTHY) {
        log.info("crawl state is written again after {} failed batches", failuresInARow);
      }
      failuresInARow = 0;
    }
  }

  /** Never throws: the writer thread must outlive any failure of a batch. */
  private void failed(RuntimeException e, int outcomeCount) {
    int failures;
    synchronized (lock) {
      failures = ++failuresInARow;
      lastFailure = e.toString();
    }
    String what = outcomeCount == 0 ? "" : " and " + outcomeCount + " crawl outcome(s)";
    if (failures == FAILURES_BEFORE_UNHEALTHY) {
      log.error(
          "could not write crawl state{} ({} batches in a row; the worker reports not ready): {}",
          what,
          failures,
          e.toString());
    } else {
      log.warn("could not write crawl state{}: {}", what, e.toString());
    }
    try {
      store.abort();
    } catch (RuntimeException abortFailed) {
      log.warn("could not abort the crawl-state batch: {}", abortFailed.toString());
    }
  }

  /** Whether the finished crawls' outcomes and done records were published. */
  private boolean writeBatch(List<Map.Entry<String, Action>> batch, List<Finish> finished) {
    boolean transactional = store.transactional();
    if (!transactional) {
      for (Finish f : finished) {
        output.outcome(f.outcome()); // durable by the flush below, before its done record
      }
    }
    boolean anyCheckpoint = batch.stream().anyMatch(e -> e.getValue().checkpoint() != null);
    boolean flushed = true;
    if (anyCheckpoint || !finished.isEmpty()) {
      long flushStart = System.nanoTime();
      try {
        output.flush(); // what the checkpoints count as done is durable before they are
        long ms = (System.nanoTime() - flushStart) / 1_000_000;
        log.debug("flushing the output before {} checkpoint(s) took {} ms", batch.size(), ms);
      } catch (RuntimeException e) {
        // the worker will not commit past lost output either; a stale checkpoint is safe
        log.warn(
            "not writing crawl checkpoints: the output could not be flushed: {}", e.toString());
        // and no outcome either: its crawl's pages may be lost, its request stays uncommitted
        batch.removeIf(entry -> entry.getValue().checkpoint() != null);
        flushed = false;
      }
    }
    store.begin();
    if (transactional && flushed) {
      for (Finish f : finished) {
        store.outcome(f.outcome()); // first: the done records below are never without it
      }
    }
    for (Map.Entry<String, Action> entry : batch) {
      String site = entry.getKey();
      Action action = entry.getValue();
      if (action.checkpoint() == null) {
        synchronized (lock) {
          if (!action.owner().equals(owners.get(site))) {
            continue; // nothing of this request's is stored, or a newer request owns the state
          }
          owners.remove(site);
        }
        store.write(site, action.owner().partition(), null);
        metrics.checkpointWritten("cleared");
      } else {
        synchronized (lock) {
          owners.put(site, action.owner());
        }
        store.write(site, action.owner().partition(), action.checkpoint());
        metrics.checkpointWritten(action.checkpoint().done() ? "done" : "running");
      }
    }
    store.commit();
    if (transactional && flushed) {
      for (Finish f : finished) {
        metrics.outcome(f.outcome()); // the output counts the ones it sends
      }
    }
    return flushed;
  }

  /** Whether {@link #close} has begun (no new records are taken); for tests. */
  boolean closing() {
    synchronized (lock) {
      return closing;
    }
  }

  /** Writes what is pending (at most {@code timeout}), then closes the store. */
  public void close(Duration timeout) {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
    synchronized (lock) {
      for (Finish f : outcomes) {
        f.published().complete(false); // never written: the crawls' requests stay uncommitted
      }
      outcomes.clear();
      for (Finish f : writingOutcomes) {
        f.published().complete(false); // still being written: not known to be published
      }
    }
    store.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }
}
