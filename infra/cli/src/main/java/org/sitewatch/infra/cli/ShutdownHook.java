package org.sitewatch.infra.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sitewatch.common.concurrent.Threads;

/**
 * The one shutdown hook of a process that runs stages: on SIGTERM or Ctrl-C it interrupts the
 * thread that installed it, which then closes every stage, and keeps the JVM alive until {@link
 * #close()} says they are closed (at most {@link #BUDGET}).
 */
public final class ShutdownHook implements AutoCloseable {
  /** How long the hook waits for the stages to close (their own budgets add up to less). */
  public static final Duration BUDGET = Duration.ofSeconds(90);

  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  private ShutdownHook() {
    Thread main = Thread.currentThread();
    hook =
        Threads.named("sitewatch-shutdown")
            .newThread(
                () -> {
                  main.interrupt();
                  try {
                    closed.await(BUDGET.toSeconds(), TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Installs the hook for the calling thread. */
  public static ShutdownHook interruptingCurrentThread() {
    return new ShutdownHook();
  }

  /** Says that everything is closed, and removes the hook unless the JVM is already stopping. */
  @Override
  public void close() {
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running and waits for `closed`
    }
  }
}
