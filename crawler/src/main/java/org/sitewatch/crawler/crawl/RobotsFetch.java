package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.Page;
import edu.uci.ics.crawler4j.crawler.exceptions.PageBiggerThanMaxSizeException;
import edu.uci.ics.crawler4j.fetcher.PageFetchResult;
import edu.uci.ics.crawler4j.fetcher.PageFetcher;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtConfig;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtServer;
import edu.uci.ics.crawler4j.url.TLDList;
import edu.uci.ics.crawler4j.url.WebURL;
import edu.uci.ics.crawler4j.url.WebURLFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.function.Consumer;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.policy.RobotsRules;

/**
 * robots.txt requests of one site crawl, through the crawl's own fetcher: the same address policy,
 * politeness, capture and body cap as its pages.
 */
final class RobotsFetch implements RobotsRules.Fetch {
  /** robots.txt bytes read at most (RFC 9309 asks crawlers to parse at least 500 KiB). */
  private static final int MAX_ROBOTS_BYTES = 512 * 1024;

  private final PageFetcher fetcher;
  private final WebURLFactory urls;
  private final TLDList tlds;
  private final int maxBodyBytes;
  private final Consumer<String> responded;

  /**
   * @param responded told the URL as soon as its host answered (politeness counts from then)
   */
  RobotsFetch(
      PageFetcher fetcher,
      WebURLFactory urls,
      TLDList tlds,
      int maxBodyBytes,
      Consumer<String> responded) {
    this.fetcher = fetcher;
    this.urls = urls;
    this.tlds = tlds;
    this.maxBodyBytes = maxBodyBytes;
    this.responded = responded;
  }

  /**
   * The rules of a crawl's robots.txt files, fetched through its fetcher; they apply through {@code
   * SitePolicy} (Crawl-delay, RFC 9309 status rules, override).
   */
  static RobotsRules rules(
      CrawlerSettings settings,
      PageFetcher fetcher,
      WebURLFactory urls,
      TLDList tlds,
      Consumer<String> responded) {
    return new RobotsRules(
        new RobotsFetch(fetcher, urls, tlds, settings.maxBodyBytes(), responded),
        settings.robotsAgentName(),
        settings.limits().maxCrawlDelayMs());
  }

  /** crawler4j's own robots.txt server, disabled: {@link #rules} is applied instead. */
  static RobotstxtServer disabledServer(PageFetcher fetcher, WebURLFactory urls) {
    RobotstxtConfig config = new RobotstxtConfig();
    config.setEnabled(false);
    return new RobotstxtServer(config, fetcher, urls);
  }

  @Override
  public RobotsRules.Response get(String url) throws IOException, InterruptedException {
    WebURL target = urls.newWebUrl();
    target.setTldList(tlds);
    target.setURL(url);
    PageFetchResult result;
    try {
      result = fetcher.fetchPage(target);
      responded.accept(url);
    } catch (PageBiggerThanMaxSizeException e) {
      throw new IOException("robots.txt larger than crawler.max-body-bytes", e);
    } catch (URISyntaxException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      int status = result.getStatusCode();
      if (status >= 200 && status < 300) {
        Page page = new Page(target);
        if (!result.fetchContent(page, Math.min(maxBodyBytes, MAX_ROBOTS_BYTES))) {
          throw new IOException("cannot read the robots.txt body");
        }
        return new RobotsRules.Response(status, page.getContentData(), page.getContentType(), null);
      }
      return new RobotsRules.Response(status, new byte[0], null, result.getMovedToUrl());
    } finally {
      result.discardContentIfNotConsumed();
    }
  }
}
