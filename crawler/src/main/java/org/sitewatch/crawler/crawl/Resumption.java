package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.CrawlController;
import edu.uci.ics.crawler4j.url.TLDList;
import edu.uci.ics.crawler4j.url.WebURL;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.crawler.state.CrawlProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a crawl continues an earlier attempt's checkpoint (docs/crawl-state.md). */
final class Resumption {
  private static final Logger log = LoggerFactory.getLogger(Resumption.class);

  private Resumption() {}

  /**
   * Schedules what an earlier attempt left pending, with its depth, before the crawl starts (so the
   * idle-crawler wake-up problem of {@code addSeed} does not arise).
   */
  static void scheduleResumed(
      CrawlController c,
      InMemoryFrontier frontier,
      CrawlProgress progress,
      TLDList tlds,
      Predicate<String> inScope,
      String site)
      throws Exception {
    List<WebURL> urls = new ArrayList<>();
    for (CrawlCheckpoint.Pending p : progress.toResume()) {
      if (c.getDocIdServer().isSeenBefore(p.url())
          || !inScope.test(p.url())
          || progress.wasFetched(p.url())) {
        continue;
      }
      WebURL webUrl = frontier.getWebURLFactory().newWebUrl();
      webUrl.setTldList(tlds);
      webUrl.setURL(p.url());
      webUrl.setDepth((short) Math.min(Short.MAX_VALUE, p.depth()));
      webUrl.setDocid(c.getDocIdServer().getNewDocID(p.url()));
      urls.add(webUrl);
    }
    log.info(
        "resuming the crawl of site {}: {} URL(s) already fetched, {} to go",
        site,
        progress.fetchedCount(),
        urls.size());
    c.getFrontier().scheduleAll(urls);
  }
}
