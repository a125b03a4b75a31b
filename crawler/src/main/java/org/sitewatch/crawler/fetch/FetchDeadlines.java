package org.sitewatch.crawler.fetch;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.sitewatch.common.concurrent.Threads;

/**
 * The overall deadlines ({@code crawler.total-timeout-ms}) of every fetch of a worker, on one timer
 * thread ({@code crawler-fetch-deadline}) however many sites it crawls at once. An alarm only
 * aborts its request, so one thread keeps up with hundreds of fetches. Owned by whoever makes the
 * site crawls ({@code SiteCrawlFactory}, for a worker's lifetime); closing it stops the thread, and
 * a fetch started after that fails with an {@link java.io.IOException}.
 */
public final class FetchDeadlines implements AutoCloseable {
  private final ScheduledThreadPoolExecutor timer;

  public FetchDeadlines() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(1, Threads.named("crawler-fetch-deadline").daemon());
    t.setRemoveOnCancelPolicy(true); // a fetch that ends in time leaves nothing queued
    this.timer = t;
  }

  /**
   * Runs {@code alarm} after {@code millis} unless the returned future is cancelled first.
   *
   * @throws RejectedExecutionException once closed
   */
  ScheduledFuture<?> after(long millis, Runnable alarm) {
    return timer.schedule(alarm, millis, TimeUnit.MILLISECONDS);
  }

  /** Alarms waiting now (for tests and metrics). */
  int pending() {
    return timer.getQueue().size();
  }

  /** Stops the timer thread; alarms not yet run never run. Idempotent. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
