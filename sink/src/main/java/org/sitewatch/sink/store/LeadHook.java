package org.sitewatch.sink.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.sitewatch.sink.lead.Lead;

/**
 * Derived data kept with a lead (e.g. its jurisdiction routes), recomputed inside the transaction
 * that opened or updated the lead, while the lead's row is locked. Throwing rejects the verdict
 * like bad data would, so a hook must only fail on real database trouble.
 */
@FunctionalInterface
public interface LeadHook {
  /** A hook that does nothing. */
  LeadHook NONE = (c, lead, now) -> {};

  /**
   * @param c the verdict's connection, inside its transaction
   * @param lead the lead as it now stands
   * @param now the transaction's timestamp
   */
  void afterChange(Connection c, Lead lead, Instant now) throws SQLException;
}
