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
  MANAGE_IGNORE_LIST,
  /** See the tip queue (tips are public reports, bound to no bureau; their leads still are). */
  VIEW_TIPS,
  /** Enter a tip taken on the hotline. */
  ENTER_TIPS,
  /** Ask the sink to open a lead by hand from tips whose site was not flagged. */
  OPEN_LEAD_FROM_TIP,
  /** Read a reporter's contact data (supervisors only). */
  READ_TIP_CONTACT
}
