package org.sitewatch.crawler.output;

import java.time.Duration;

/**
 * The worker's side of an {@link Emitter}: what it needs to commit offsets safely. {@link #flush()}
 * makes everything sent so far durable (or throws), {@link #hasPending()} says whether some send is
 * still unacknowledged.
 */
public interface Output extends Emitter {
  /**
   * Blocks until every record sent so far is acknowledged.
   *
   * @throws IllegalStateException if some record could not be written: offsets must not be
   *     committed past the work that produced it
   */
  void flush();

  /** Whether a record was sent and is not acknowledged (or failed) yet. */
  boolean hasPending();

  /** Closes, waiting at most {@code timeout} for records still in flight. Idempotent. */
  void close(Duration timeout);
}
