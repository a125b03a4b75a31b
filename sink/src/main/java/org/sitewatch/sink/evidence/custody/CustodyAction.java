package org.sitewatch.sink.evidence.custody;

/**
 * What a custody entry records. Stored by name; a log read back may name actions this version does
 * not know (see {@link CustodyEntry#action()}), so adding one never breaks older verifiers.
 */
public enum CustodyAction {
  /** Pages of the site were captured (fetched and stored). */
  CAPTURED,
  /** The site was scored by the classifier. */
  SCORED,
  /** The sink opened the lead. */
  LEAD_OPENED,
  /** A newer verdict replaced the lead's evidence. */
  LEAD_UPDATED,
  /** An analyst reviewed the lead (state change, decision, note). */
  REVIEWED,
  /** An evidence bundle of the lead was exported. */
  EXPORTED
}
