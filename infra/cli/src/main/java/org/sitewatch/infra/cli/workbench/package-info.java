/**
 * {@code sitewatch workbench}: the analysts' workbench (the web module's {@code WorkbenchServer})
 * served alone on a lead database, and what the command line plugs into it: the web module's {@link
 * org.sitewatch.web.crawl.KafkaCrawlRequests} (the crawl-request producer behind "send a site to be
 * crawled") and {@link org.sitewatch.infra.cli.ServedSite} (a started server with the pool and
 * producer it owns). {@code up} and {@code demo --serve} ({@code cli.run}) serve it the same way
 * inside the all-in-one pipeline.
 */
package org.sitewatch.infra.cli.workbench;
