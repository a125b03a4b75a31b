package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.Page;
import edu.uci.ics.crawler4j.crawler.WebCrawler;
import edu.uci.ics.crawler4j.url.WebURL;
import java.time.Instant;
import java.util.Map;
import org.sitewatch.events.Outcome;

/**
 * The crawler4j side of a {@link SiteCrawl}: turns crawler4j's callbacks into calls on the job. One
 * instance runs on the job's single fetch thread.
 */
final class WebCrawlerAdapter extends WebCrawler {
  private final SiteCrawl job;
  private Instant fetchedAt;

  WebCrawlerAdapter(SiteCrawl job) {
    this.job = job;
  }

  @Override
  public void onStart() {
    Thread.currentThread().setName("crawler-fetch-" + job.site());
  }

  @Override
  protected void handlePageStatusCode(WebURL webUrl, int statusCode, String statusDescription) {
    fetchedAt = job.now(); // the response headers just arrived
    job.responded(webUrl.getURL());
  }

  @Override
  protected WebURL handleUrlBeforeProcess(WebURL curUrl) {
    if (!job.mayFetch()) {
      return null; // the byte or time budget is used up
    }
    job.starting(curUrl.getURL());
    return curUrl;
  }

  @Override
  public boolean shouldVisit(Page referringPage, WebURL url) {
    if (referringPage != null
        && referringPage.isRedirect()
        && !job.events().redirects().follows(url.getURL())) {
      return false; // beyond the redirect limit, or a loop: already reported
    }
    return job.shouldVisit(url);
  }

  @Override
  public void visit(Page page) {
    job.events().onPage(page, fetchedAt == null ? job.now() : fetchedAt);
  }

  @Override
  protected void onRedirectedStatusCode(Page page) {
    job.events().redirects().onRedirect(page.getWebURL().getURL(), page.getRedirectedToUrl());
  }

  @Override
  protected void onRedirectedToInvalidUrl(Page page) {
    job.events()
        .failure(
            page.getWebURL().getURL(),
            Outcome.Kind.FETCH_FAILED,
            "HTTP " + page.getStatusCode() + " redirect without a usable Location header",
            Map.of("status", Integer.toString(page.getStatusCode())));
  }

  @Override
  protected void onUnexpectedStatusCode(
      String urlStr, int statusCode, String contentType, String description) {
    job.events()
        .failure(
            urlStr,
            Outcome.Kind.FETCH_FAILED,
            "HTTP " + statusCode + (description == null ? "" : " " + description),
            Map.of("status", Integer.toString(statusCode)));
  }

  @Override
  protected void onPageBiggerThanMaxSize(Page page, long pageSize) {
    job.events()
        .failure(
            page.getWebURL().getURL(),
            Outcome.Kind.CONTENT_REJECTED,
            "declared body of "
                + pageSize
                + " bytes exceeds crawler.max-body-bytes ("
                + job.maxBodyBytes()
                + ")",
            Map.of("bytes", Long.toString(pageSize)));
  }

  @Override
  protected void onContentFetchError(Page page, Exception e) {
    job.events().onException(page.getWebURL().getURL(), e);
  }

  @Override
  protected void onParseError(WebURL webUrl, Exception e) {
    job.events()
        .failure(
            webUrl.getURL(),
            Outcome.Kind.CONTENT_REJECTED,
            "cannot parse the page: " + e,
            Map.of());
  }

  @Override
  protected void onUnhandledException(Page page, Throwable e) {
    job.events().onException(page == null ? null : page.getWebURL().getURL(), e);
  }
}
