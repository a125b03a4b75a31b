package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.fetch.Links;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.crawler.policy.SiteBudget;

/** crawler4j's configuration of one site crawl: the worker's settings and the site's budget. */
final class CrawlConfigs {
  private CrawlConfigs() {}

  static CrawlConfig forSite(
      CrawlerSettings settings, SiteBudget budget, GuardedDnsResolver resolver) {
    CrawlConfig config = new CrawlConfig();
    // the controller insists on a folder and creates it; with the in-memory frontier nothing is
    // written there
    config.setCrawlStorageFolder(settings.workDir().toAbsolutePath().toString());
    // one URL per request to the frontier: priorities take effect at once
    config.setBatchReadSize(1);
    config.setMaxPagesToFetch(budget.maxPages()); // SitePolicy counts the same, and reports it
    config.setMaxDepthOfCrawling(budget.maxDepth());
    config.setPolitenessDelay((int) budget.politenessDelayMs()); // applied by HostPoliteness
    config.setUserAgentString(settings.userAgent());
    config.setMaxDownloadSize(settings.maxBodyBytes());
    config.setConnectionTimeout(settings.connectTimeoutMs());
    config.setSocketTimeout(settings.readTimeoutMs());
    config.setIncludeHttpsPages(true);
    config.setIncludeBinaryContentInCrawling(true);
    config.setProcessBinaryContentInCrawling(false);
    config.setFollowRedirects(true);
    // evidence is collected whatever the page asks search engines to do
    config.setRespectNoFollow(false);
    config.setRespectNoIndex(false);
    config.setDnsResolver(resolver);
    config.setMaxConnectionsPerHost(1);
    config.setMaxTotalConnections(4);
    config.setMaxOutgoingLinksToFollow(Links.MAX_LINKS);
    config.setLanguageDetection(false);
    config.setOnlineTldListUpdate(false);
    config.setHaltOnError(false);
    // the defaults (3 x 10 s) make every crawl linger about 40 s after its last page
    config.setShutdownOnEmptyQueue(true);
    config.setThreadMonitoringDelaySeconds(1);
    config.setThreadShutdownDelaySeconds(1);
    config.setCleanupDelaySeconds(0);
    return config;
  }
}
