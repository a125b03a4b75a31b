package org.sitewatch.crawler.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
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

  private record Finish(Outcome outcome, CompletableFuture<Boolean> published) {}

  private final CrawlStateStore store;
  private final Output output;
  private final CrawlerMetrics metrics;
  private final Thread thread;
  private final Object lock = new Object();
  private final Map<String, Action> pending = new LinkedHashMap<>(); // guarded by lock
  private final Map<String, Owner> owners = new HashMap<>(); // guarded by lock
  private final List<Finish> outcomes = new ArrayList<>(); // guarded by lock; never coalesced
  private boolean writing; // guarded by lock
  private boolean closing; // guarded by lock

  public CheckpointWriter(CrawlStateStore store, Output output, CrawlerMetrics metrics) {
    this.store = Objects.requireNonNull(store, "store");
    this.output = Objects.requireNonNull(output, "output");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    thread = Threads.start("crawler-checkpoints", true, this::loop);
  }

  /** A checkpoint of a running crawl, or the {@code done} record of a finished one. */
  public void write(CrawlCheckpoint checkpoint) {
    enqueue(checkpoint.site(), new Action(Owner.of(checkpoint), checkpoint), false);
  }

  /**
   * Publishes a finished crawl's outcome with its {@code done} record and waits for them: true once
   * both are published (in one transaction when the store is transactional), false if they were not
   * (broker away, writer closing, worker fenced): the request must then not be committed.
   */
  public boolean finish(CrawlCheckpoint done, Outcome outcome) {
    if (!done.done()) {
      throw new IllegalArgumentException("not a done record: " + done.site());
    }
    CompletableFuture<Boolean> published = new CompletableFuture<>();
    synchronized (lock) {
      if (closing) {
        return false;
      }
      outcomes.add(new Finish(outcome, published));
      pending.put(done.site(), new Action(Owner.of(done), done));
      lock.notifyAll();
    }
    try {
      return published.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
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
      if (closing) {
        return;
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
        writing = true;
      }
      boolean published = false;
      try {
        writeBatch(batch, finished);
        published = true;
      } catch (RuntimeException e) {
        log.warn(
            "could not write crawl state{}: {}",
            finished.isEmpty() ? "" : " and " + finished.size() + " crawl outcome(s)",
            e.toString());
        store.abort();
      } finally {
        for (Finish f : finished) {
          f.published().complete(published);
        }
        synchronized (lock) {
          writing = false;
          lock.notifyAll();
        }
      }
    }
  }

  private void writeBatch(List<Map.Entry<String, Action>> batch, List<Finish> finished) {
    boolean transactional = store.transactional();
    if (!transactional) {
      for (Finish f : finished) {
        output.outcome(f.outcome()); // durable by the flush below, before its done record
      }
    }
    boolean anyCheckpoint = batch.stream().anyMatch(e -> e.getValue().checkpoint() != null);
    if (anyCheckpoint) {
      long flushStart = System.nanoTime();
      try {
        output.flush(); // what the checkpoints count as done is durable before they are
        long ms = (System.nanoTime() - flushStart) / 1_000_000;
        log.debug("flushing the output before {} checkpoint(s) took {} ms", batch.size(), ms);
      } catch (RuntimeException e) {
        // the worker will not commit past lost output either; a stale checkpoint is safe
        log.warn(
            "not writing crawl checkpoints: the output could not be flushed: {}", e.toString());
        batch.removeIf(entry -> entry.getValue().checkpoint() != null);
      }
    }
    store.begin();
    if (transactional) {
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
    if (transactional) {
      for (Finish f : finished) {
        metrics.outcome(f.outcome()); // the output counts the ones it sends
      }
    }
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
    }
    store.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }
}
