package org.sitewatch.sink.tips;

/** How a tip came in. */
public enum TipChannel {
  /** The public tip-off site. */
  WEB,
  /** A phone call, entered by hotline staff in the workbench. */
  HOTLINE
}
