package org.sitewatch.infra.stage;

import java.util.Optional;

/**
 * A started stage, as both the all-in-one mode and a stage command hold it: it can be closed, and
 * it says when it stopped on its own.
 */
public interface Stage extends AutoCloseable {
  /** Why the stage stopped on its own (a fatal error), or empty while it runs. */
  Optional<String> failure();

  /** Stops the stage and releases what it started; never throws a checked exception. */
  @Override
  void close();
}
