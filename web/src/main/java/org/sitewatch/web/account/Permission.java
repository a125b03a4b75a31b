package org.sitewatch.web.account;

/** What a role may do besides reading leads and acting on them ({@link Role#mayPerform}). */
public enum Permission {
  /** Download a lead's evidence bundle (recorded in its custody log). */
  EXPORT,
  /** Send a site to be crawled. */
  REQUEST_CRAWL,
  /** Add, disable and reset accounts. */
  MANAGE_ACCOUNTS,
  /** Ignore and unignore identifiers. */
  MANAGE_IGNORE_LIST
}
