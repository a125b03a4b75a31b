package org.sitewatch.sink.recrawl;

/** What one recrawl check found at a lead's site. See {@code docs/recrawl.md}. */
public enum CheckState {
  /** The seed page answered (2xx) with the same body as last time (or as the lead's evidence). */
  ONLINE,
  /** The seed page answered (2xx) but its body hash differs from the previous one. */
  CHANGED,
  /**
   * The site no longer serves the page: an HTTP error status, a DNS or connection failure, or a
   * redirect to another site.
   */
  GONE,
  /**
   * The check said nothing about the site: refused by policy (robots.txt, address policy) or
   * interrupted by the crawler shutting down. It does not end or start a "gone" period.
   */
  UNKNOWN
}
