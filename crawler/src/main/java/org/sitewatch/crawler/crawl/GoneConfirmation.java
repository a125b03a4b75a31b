package org.sitewatch.crawler.crawl;

import java.io.IOException;
import java.time.Clock;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.fetch.SinglePageFetcher;
import org.sitewatch.crawler.output.Bounded;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.SeedResult;
import org.sitewatch.events.SeedResult.SecondLook;

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
        || report.result() == CrawlResult.REFUSED) {
      return false; // refusals by our own policy are not "gone" (the sink shows them as such)
    }
    SeedResult seed = report.seed();
    if (seed == null) {
      return report.pages() == 0;
    }
    if (seed.status() == SeedResult.Status.FAILED) {
      return true;
    }
    return seed.httpStatus() != null && seed.httpStatus() >= 400;
  }

  SiteReport confirm(CrawlRequest request, SiteReport report) {
    SeedResult old = report.seed();
    String agent = settings.requests().confirmUserAgent();
    FetchedPage page = null;
    String error = null;
    try {
      Thread.sleep(Math.min(settings.politenessDelayMs(), 10_000)); // one more request to the host
      try (SinglePageFetcher fetcher =
          new SinglePageFetcher(settings.withUserAgent(agent), clock)) {
        page = fetcher.fetch(request.url());
      }
    } catch (IOException e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted before the confirmation fetch";
    }
    if (page != null && page.status() >= 200 && page.status() < 300) {
      Integer firstStatus = old == null ? null : old.httpStatus();
      String firstError =
          old == null || old.status() != SeedResult.Status.FAILED ? null : old.error();
      SeedResult seed =
          SeedResult.fetched(
                  page.status(), page.bodySha256(), Bounded.text(page.finalUrl(), Bounded.URL))
              .withSecondLook(SecondLook.hiddenFromCrawler(agent, firstStatus, firstError));
      String first =
          firstStatus != null ? "HTTP " + firstStatus : firstError != null ? firstError : "nothing";
      return new SiteReport(
          report.result(),
          "the seed answers "
              + first
              + " to the crawler's User-Agent but HTTP "
              + page.status()
              + " to a browser's: the site hides from the crawler, it is not gone",
          report.pages(),
          report.failures(),
          report.interrupted(),
          report.details(),
          seed);
    }
    SecondLook look =
        SecondLook.goneConfirmed(
            agent,
            page == null ? null : page.status(),
            page == null ? Bounded.text(error, Bounded.TEXT) : null);
    // without a seed result (nothing of the seed came back) only the second look is recorded
    SeedResult seed =
        old == null
            ? new SeedResult(SeedResult.Status.OTHER, null, null, null, null, look)
            : old.withSecondLook(look);
    return new SiteReport(
        report.result(),
        report.reason(),
        report.pages(),
        report.failures(),
        report.interrupted(),
        report.details(),
        seed);
  }
}
