package org.sitewatch.crawler.output;

import java.time.Duration;
import org.sitewatch.crawler.fetch.Links;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SeedResult;

/**
 * The last bound before the topics ({@link Bounded}): every outcome's URL, reason and details,
 * every page's headers, notes, URLs and links, every request's referrer. The crawl refuses
 * over-long seeds, links and redirect targets before this (crawl-trap limits), so here a cut is a
 * safety net; a request whose URL is still longer than the trap limit is not published at all.
 */
public final class BoundedOutput implements Output {
  private final Output delegate;
  private final int maxUrlLength;

  public BoundedOutput(Output delegate, int maxUrlLength) {
    this.delegate = delegate;
    this.maxUrlLength = maxUrlLength;
  }

  @Override
  public void page(FetchedPage p) {
    delegate.page(
        new FetchedPage(
            p.v(),
            p.site(),
            Bounded.text(p.requestedUrl(), Math.max(maxUrlLength, Bounded.URL)),
            Bounded.text(p.finalUrl(), Math.max(maxUrlLength, Bounded.URL)),
            p.status(),
            Bounded.map(p.headers()),
            p.fetchedAt(),
            p.serverIp(),
            Bounded.text(p.contentType(), 256),
            Bounded.text(p.charset(), 64),
            p.content(), // cut at crawler.max-body-bytes by the fetcher
            p.contentTruncated(),
            p.bodySha256(),
            p.bodyLength(),
            p.depth(),
            Bounded.links(p.outlinks(), maxUrlLength, Links.MAX_LINKS),
            p.warc(),
            Bounded.map(p.notes()),
            p.traceId())); // bounded where it is made (CrawlRequest checks it)
  }

  @Override
  public void outcome(Outcome o) {
    delegate.outcome(bound(o));
  }

  /**
   * The outcome with its texts and details cut as every outcome the crawler publishes is, also one
   * that does not go through an output (the transactional {@code SITE_CRAWLED}, CheckpointWriter).
   */
  public static Outcome bound(Outcome o) {
    return new Outcome(
        o.v(),
        Bounded.text(o.site(), 256),
        Bounded.text(o.url(), Bounded.URL),
        o.stage(),
        o.kind(),
        Bounded.text(o.reason(), Bounded.TEXT),
        o.at(),
        Bounded.map(o.details()),
        o.result(),
        seed(o.seed()));
  }

  /** The typed seed result with its URL and error texts cut like the details entries. */
  private static SeedResult seed(SeedResult s) {
    if (s == null) {
      return null;
    }
    SeedResult.SecondLook look = s.secondLook();
    if (look != null) {
      look =
          new SeedResult.SecondLook(
              look.userAgent(),
              look.result(),
              look.firstHttpStatus(),
              Bounded.text(look.firstError(), Bounded.TEXT),
              look.httpStatus(),
              Bounded.text(look.error(), Bounded.TEXT));
    }
    return new SeedResult(
        s.status(),
        s.httpStatus(),
        s.sha256(),
        Bounded.text(s.url(), Bounded.TEXT),
        Bounded.text(s.error(), Bounded.TEXT),
        look);
  }

  @Override
  public void request(CrawlRequest r) {
    if (r.url().length() > maxUrlLength) {
      return; // SiteCrawl checks every discovery against the trap limits first
    }
    if (r.referrer() == null || r.referrer().length() <= Bounded.URL) {
      delegate.request(r);
      return;
    }
    // the referrer is only a hint: an over-long one is dropped, not cut into a wrong URL
    delegate.request(
        new CrawlRequest(
            r.v(),
            r.url(),
            r.site(),
            r.source(),
            r.hops(),
            null,
            r.requestedAt(),
            r.priority(),
            r.overrides(),
            r.traceId()));
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public boolean flush(Duration timeout) {
    return delegate.flush(timeout);
  }

  @Override
  public void stopping() {
    delegate.stopping();
  }

  @Override
  public boolean hasPending() {
    return delegate.hasPending();
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }
}
