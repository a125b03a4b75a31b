package org.sitewatch.infra.stage;

import java.util.Deque;

/** Closes a stack of resources, newest first, and goes on when one of them fails. */
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
}
