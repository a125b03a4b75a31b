package org.sitewatch.sink.intake;

import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;

/**
 * Told about every lead that was opened or updated, after the database transaction committed.
 * Called on the sink's consumer thread: keep it quick. An exception thrown here is logged and does
 * not stop the sink.
 */
@FunctionalInterface
public interface LeadListener {
  /** A listener that does nothing. */
  LeadListener NONE = (lead, result) -> {};

  /**
   * @param lead the lead as committed
   * @param result {@link ApplyResult#OPENED} or {@link ApplyResult#UPDATED}
   */
  void onLead(Lead lead, ApplyResult result);
}
