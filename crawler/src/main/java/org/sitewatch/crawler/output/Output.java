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

  /**
   * Waits at most {@code timeout} for every record sent so far to be acknowledged, without waiting
   * out the producer's delivery timeout when the broker is away. Records sent by other threads
   * after the call began are not waited for: under load they never stop coming.
   *
   * @return true if everything sent is acknowledged; false if some record still waits (the worker
   *     then does not commit: the work is left to a later attempt or another worker)
   * @throws IllegalStateException if some record could not be written, as {@link #flush()}
   */
  boolean flush(Duration timeout);

  /**
   * The worker is stopping: a site crawl must not wait any longer for room among the records in
   * flight (what it still sends waits in the producer's buffer for a bounded close, and is not
   * committed unless acknowledged).
   */
  void stopping();

  /** Whether a record was sent and is not acknowledged (or failed) yet. */
  boolean hasPending();

  /** Closes, waiting at most {@code timeout} for records still in flight. Idempotent. */
  void close(Duration timeout);
}
