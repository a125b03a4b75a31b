package org.sitewatch.infra.stage;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waits for a condition that can only be observed by asking (stage health, consumer lag): the
 * question is asked on a scheduler, the caller blocks on a future and can be interrupted.
 */
public final class Probe {
  private Probe() {}

  /** Blocks until {@code check} returns a value, asking every {@code period}. */
  public static <T> T await(
      ScheduledExecutorService scheduler, Supplier<Optional<T>> check, Duration period)
      throws InterruptedException {
    CompletableFuture<T> result = new CompletableFuture<>();
    var probe =
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                check.get().ifPresent(result::complete);
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            },
            period.toMillis(),
            period.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      probe.cancel(false);
    }
  }
}
