package org.sitewatch.crawler.output;

import java.time.Duration;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/** Counts pages and outcomes into {@link CrawlerMetrics} as they are handed to the output. */
public final class MeteredOutput implements Output {
  private final Output delegate;
  private final CrawlerMetrics metrics;

  public MeteredOutput(Output delegate, CrawlerMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public void page(FetchedPage page) {
    delegate.page(page);
    metrics.page(page);
  }

  @Override
  public void outcome(Outcome outcome) {
    delegate.outcome(outcome);
    metrics.outcome(outcome);
  }

  @Override
  public void request(CrawlRequest request) {
    delegate.request(request);
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
