package org.sitewatch.sink.lead;

/** How serious a lead looks, from its score, conduct and priority flags. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL
}
