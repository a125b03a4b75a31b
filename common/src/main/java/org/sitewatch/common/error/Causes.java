package org.sitewatch.common.error;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The chain of causes of an exception, walked once per exception: a chain that loops back (A caused
 * by B caused by A, which {@link Throwable#initCause} cannot stop when the loop is longer than one)
 * ends where it repeats instead of hanging the caller.
 */
public final class Causes {
  private Causes() {}

  /** {@code e} and its causes, outermost first, each once. */
  public static List<Throwable> chain(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /**
   * The message of the deepest exception of {@code type} in {@code e}'s chain ({@code e} included)
   * that has one (not blank), stripped; empty when none has.
   */
  public static Optional<String> deepestMessage(Throwable e, Class<? extends Throwable> type) {
    List<Throwable> chain = chain(e);
    for (int i = chain.size() - 1; i >= 0; i--) {
      Throwable t = chain.get(i);
      String message = t.getMessage();
      if (type.isInstance(t) && message != null && !message.isBlank()) {
        return Optional.of(message.strip());
      }
    }
    return Optional.empty();
  }
}
