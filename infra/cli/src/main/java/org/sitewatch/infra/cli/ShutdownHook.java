package org.sitewatch.infra.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.sitewatch.common.concurrent.Threads;

/**
 * The one shutdown hook of a process that runs stages: on SIGTERM or Ctrl-C it interrupts the
 * thread that installed it, which then closes every stage, and keeps the JVM alive until {@link
 * #close()} says they are closed (at most {@link #BUDGET}).
 *
 * <p><b>Exit code.</b> A JVM stopped by a signal exits 143 (128 + SIGTERM) once its hooks are done,
 * whatever {@code main} returns, and {@code System.exit} called meanwhile blocks. So that a clean
 * stop exits 0 (and a stage that failed still exits 1), {@code main} hands its code to {@link
 * #exit(int)}; the hook, once the stages are closed, waits briefly for that code and halts the JVM
 * with it. The hand-over is process-wide state, as the JVM's exit is.
 */
public final class ShutdownHook implements AutoCloseable {
  /** How long the hook waits for the stages to close (their own budgets add up to less). */
  public static final Duration BUDGET = Duration.ofSeconds(90);

  /** How long the hook waits, after the stages closed, for {@code main} to return its code. */
  static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(5);

  /** The exit code {@code main} hands over; completed once per process. */
  private static final CompletableFuture<Integer> EXIT_CODE = new CompletableFuture<>();

  /** Whether a signal came to a process with a hook installed; set once per process. */
  private static volatile boolean signalled;

  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean stopping;
  private final Thread hook;

  private ShutdownHook() {
    Thread main = Thread.currentThread();
    hook =
        Threads.named("sitewatch-shutdown")
            .newThread(
                () -> {
                  stopping = true;
                  signalled = true;
                  main.interrupt();
                  try {
                    if (closed.await(BUDGET.toSeconds(), TimeUnit.SECONDS)) {
                      int code = EXIT_CODE.get(EXIT_CODE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                      System.out.flush();
                      System.err.flush();
                      Runtime.getRuntime().halt(code);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (ExecutionException | TimeoutException e) {
                    // no code came back: the JVM ends as a signal ends it (143)
                  }
                });
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Installs the hook for the calling thread. */
  public static ShutdownHook interruptingCurrentThread() {
    return new ShutdownHook();
  }

  /**
   * Whether a signal is stopping the process: a failure of what the interrupted thread was doing (a
   * call that gave up when interrupted) is then part of a clean stop, not a failure to report.
   */
  public boolean stopping() {
    return stopping;
  }

  /**
   * Whether a signal is stopping this process (a hook of it, installed by any command, ran): what
   * {@code main} sees fail then is part of the stop. Process-wide, as the JVM's exit is.
   */
  public static boolean signalled() {
    return signalled;
  }

  /**
   * Ends the process with {@code code}: at once, or, when a signal is already stopping the JVM, by
   * the hook once the stages are closed (then this call does not return).
   */
  public static void exit(int code) {
    EXIT_CODE.complete(code);
    System.exit(code);
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
