package org.sitewatch.crawler.fetch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.sitewatch.common.concurrent.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overall deadlines ({@code crawler.total-timeout-ms}) of every fetch of a worker, on one timer
 * thread ({@code crawler-fetch-deadline}) however many sites it crawls at once. An alarm only
 * aborts its request, so one thread keeps up with hundreds of fetches. Owned by whoever makes the
 * site crawls ({@code SiteCrawlFactory}, for a worker's lifetime); closing it stops the thread and
 * sets off every alarm still waiting, so no fetch outlives it without a deadline, and a fetch
 * started after that fails with an {@link java.io.IOException}.
 */
public final class FetchDeadlines implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FetchDeadlines.class);

  private final ScheduledThreadPoolExecutor timer;
  private final Set<Alarm> waiting = ConcurrentHashMap.newKeySet();

  public FetchDeadlines() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(1, Threads.named("crawler-fetch-deadline").daemon());
    t.setRemoveOnCancelPolicy(true); // a fetch that ends in time leaves nothing queued
    this.timer = t;
  }

  /** One fetch's alarm: it goes off once, at its time or when the deadlines close. */
  final class Alarm {
    private final Runnable action;
    private volatile ScheduledFuture<?> future;

    private Alarm(Runnable action) {
      this.action = action;
    }

    private void fire() {
      if (waiting.remove(this)) {
        action.run();
      }
    }

    /** The fetch ended in time: the alarm never goes off. */
    void cancel() {
      if (waiting.remove(this)) {
        ScheduledFuture<?> f = future;
        if (f != null) {
          f.cancel(false);
        }
      }
    }
  }

  /**
   * Runs {@code action} after {@code millis}, or when these deadlines close, unless the returned
   * alarm is cancelled first.
   *
   * @throws RejectedExecutionException once closed
   */
  Alarm after(long millis, Runnable action) {
    Alarm alarm = new Alarm(action);
    waiting.add(alarm);
    try {
      alarm.future = timer.schedule(alarm::fire, millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      waiting.remove(alarm);
      throw e;
    }
    return alarm;
  }

  /** Alarms waiting now (for tests and metrics). */
  int pending() {
    return waiting.size();
  }

  /**
   * Stops the timer thread and sets off every alarm still waiting (each aborts its fetch), on the
   * calling thread. Idempotent.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    for (Alarm alarm : List.copyOf(waiting)) {
      try {
        alarm.fire();
      } catch (RuntimeException e) {
        log.warn("a fetch deadline's alarm failed while closing: {}", e.toString());
      }
    }
  }
}
