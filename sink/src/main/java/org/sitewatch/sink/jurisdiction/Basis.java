package org.sitewatch.sink.jurisdiction;

/** Why a bureau is competent for a lead. */
public enum Basis {
  /** A server address of the site lies in a range the operator table assigns to the region. */
  HOSTING_IP,
  /** The province character of the site's ICP filing number. */
  ICP_PROVINCE,
  /** The six-digit area code of the site's public-security filing number. */
  PSB_AREA_CODE,
  /** Operator-supplied registrant data for the site. */
  REGISTRANT
}
