package org.sitewatch.crawler.crawl;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.fetch.SinglePageFetcher;
import org.sitewatch.crawler.output.Bounded;

/**
 * The second look of a recrawl check (docs/politeness.md): when the seed of an open lead's site
 * looks gone to the crawler (an HTTP error status, or no answer), it is fetched once more with a
 * browser's User-Agent ({@link RequestPolicy#confirmUserAgent()}), so that a site answering 404
 * only to Sitewatch cannot fake a takedown. Both results go into the {@code SITE_CRAWLED} seed
 * facts: when the browser gets a page, {@code seedStatus}/{@code seedSha256}/{@code seedUrl} are
 * the browser's and the crawler's own result moves to {@code firstSeedStatus}/{@code
 * firstSeedError}, with {@code seedHiddenFromCrawler=true}; when the browser fails too, the seed
 * facts stay and {@code confirmStatus}/{@code confirmError} record the second look, with {@code
 * seedGoneConfirmed=true}.
 */
final class GoneConfirmation {
  private final CrawlerSettings settings;
  private final Clock clock;

  GoneConfirmation(CrawlerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Whether {@code report} is a recrawl check whose seed looks gone, and confirmation is on. */
  static boolean applies(CrawlRequest request, SiteReport report, CrawlerSettings settings) {
    if (request.source() != CrawlRequest.Source.RECRAWL
        || !settings.requests().confirmsGone()
        || report.interrupted()
        || SiteReport.REFUSED.equals(report.result())) {
      return false; // refusals by our own policy are not "gone" (the sink shows them as such)
    }
    Map<String, String> seed = report.seed();
    if (seed.containsKey("seedError")) {
      return true;
    }
    String status = seed.get("seedStatus");
    if (status != null) {
      return status.compareTo("400") >= 0 && status.length() == 3;
    }
    return report.pages() == 0;
  }

  SiteReport confirm(CrawlRequest request, SiteReport report) {
    Map<String, String> seed = new LinkedHashMap<>(report.seed());
    String agent = settings.requests().confirmUserAgent();
    seed.put("confirmUserAgent", agent);
    FetchedPage page = null;
    String error = null;
    try {
      Thread.sleep(Math.min(settings.politenessDelayMs(), 10_000)); // one more request to the host
      try (SinglePageFetcher fetcher = new SinglePageFetcher(settings.withUserAgent(agent), clock)) {
        page = fetcher.fetch(request.url());
      }
    } catch (IOException e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted before the confirmation fetch";
    }
    if (page != null && page.status() >= 200 && page.status() < 300) {
      if (seed.containsKey("seedStatus")) {
        seed.put("firstSeedStatus", seed.get("seedStatus"));
      }
      if (seed.containsKey("seedError")) {
        seed.put("firstSeedError", seed.remove("seedError"));
      }
      seed.put("seedStatus", Integer.toString(page.status()));
      seed.put("seedSha256", page.bodySha256());
      seed.put("seedUrl", Bounded.text(page.finalUrl(), Bounded.URL));
      seed.put("seedHiddenFromCrawler", "true");
      String first = report.seed().containsKey("seedStatus")
          ? "HTTP " + report.seed().get("seedStatus")
          : report.seed().getOrDefault("seedError", "nothing");
      return new SiteReport(
          report.result(),
          "the seed answers " + first + " to the crawler's User-Agent but HTTP " + page.status()
              + " to a browser's: the site hides from the crawler, it is not gone",
          report.pages(),
          report.failures(),
          report.interrupted(),
          report.details(),
          seed);
    }
    if (page != null) {
      seed.put("confirmStatus", Integer.toString(page.status()));
    } else {
      seed.put("confirmError", Bounded.text(error, Bounded.TEXT));
    }
    seed.put("seedGoneConfirmed", "true");
    return new SiteReport(
        report.result(), report.reason(), report.pages(), report.failures(), report.interrupted(),
        report.details(), seed);
  }
}
