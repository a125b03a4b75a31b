package org.sitewatch.sink.store;

import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.sitewatch.sink.lead.Lead;

/**
 * Derived data kept with a lead (e.g. its jurisdiction routes), recomputed inside the transaction
 * that opened or updated the lead, while the lead's row is locked. Throwing rejects the verdict
 * like bad data would, so a hook must only fail on real database trouble.
 */
@FunctionalInterface
public interface LeadHook {
  /** A hook that does nothing. */
  LeadHook NONE = (h, lead, now) -> {};

  /**
   * @param h the verdict's handle, inside its transaction
   * @param lead the lead as it now stands
   * @param now the transaction's timestamp
   */
  void afterChange(Handle h, Lead lead, Instant now);
}
