/**
 * Known-site lists: public blocklists (one domain per line, hosts files, e2guardian / UT1 domain
 * lists) imported by {@code sitewatch lists import} into a folder of plain, sorted list files
 * ({@link org.sitewatch.classifier.lists.ListImport}, {@link
 * org.sitewatch.classifier.lists.SiteList}), and read back by every classifier at start as {@link
 * org.sitewatch.classifier.lists.KnownSites}: a host, or any parent of it down to its registered
 * domain, found in a list gives the signal {@code url.list:<name>} to the URL score and to the page
 * score. A list is a prior, not evidence: it names the list, the listed domain, and nothing more.
 * Storage and the operator's update path: docs/known-site-lists.md.
 */
package org.sitewatch.classifier.lists;
