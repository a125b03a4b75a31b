package org.sitewatch.infra.stage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.sitewatch.common.concurrent.Threads;

/**
 * Closes a stack of resources, newest first, and goes on when one of them fails; or closes
 * independent parts at once, so that their waits (each on its own Kafka clients, e.g. for a broker
 * that does not answer) overlap instead of adding up.
 */
public final class Closer {
  private Closer() {}

  /**
   * Closes and removes every resource. With {@code cause} (a failure being handled), close failures
   * are added to it as suppressed; without, the first one is thrown after all are closed.
   */
  public static void closeAll(Deque<AutoCloseable> resources, Throwable cause) {
    RuntimeException first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (cause != null) {
          cause.addSuppressed(e);
        } else if (first == null) {
          first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Closes every resource at once, each on a thread named {@code name-N}, and returns when all are
   * closed; the first failure is thrown then, the others added to it as suppressed. An interrupt of
   * the calling thread does not cut the wait short (the parts bound their own closes); it is kept
   * for the caller.
   */
  public static void closeConcurrently(String name, Collection<? extends AutoCloseable> resources) {
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    int n = 0;
    for (AutoCloseable resource : resources) {
      threads.add(
          Threads.start(
              name + "-" + n++,
              false,
              () -> {
                try {
                  resource.close();
                } catch (Exception e) {
                  failures.add(e);
                }
              }));
    }
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!failures.isEmpty()) {
      Exception first = failures.get(0);
      RuntimeException thrown =
          first instanceof RuntimeException re ? re : new IllegalStateException(first);
      failures.subList(1, failures.size()).forEach(thrown::addSuppressed);
      throw thrown;
    }
  }
}
