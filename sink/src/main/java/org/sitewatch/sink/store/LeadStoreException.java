package org.sitewatch.sink.store;

import java.sql.SQLException;

/**
 * The lead store could not apply or read something. {@link #isTransient()} tells a lost or
 * unavailable database (retry later; nothing was written) from a problem with the data itself.
 */
public final class LeadStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean transientFailure;

  public LeadStoreException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.transientFailure = cause instanceof SQLException sql && SqlErrors.isTransient(sql);
  }

  /** Whether retrying later may succeed (connection lost, database restarting, deadlock...). */
  public boolean isTransient() {
    return transientFailure;
  }
}
