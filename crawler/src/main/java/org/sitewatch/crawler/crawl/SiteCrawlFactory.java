package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.url.TLDList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.fetch.FetchDeadlines;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.policy.HostContacts;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.events.CrawlRequest;

/**
 * The production {@link CrawlJobFactory}: {@link SiteCrawl}s sharing the worker's suffix list and
 * its one WARC writer ({@link WarcWriters}; absent when {@code crawler.warc-enabled} is false) and
 * one record of when each host was last contacted ({@link HostContacts}), so politeness holds
 * across crawls, and one timer thread for fetch deadlines ({@link FetchDeadlines}). Closing it
 * closes the writer and the timer.
 */
public final class SiteCrawlFactory implements CrawlJobFactory {
  private final CrawlerSettings settings;
  private final Clock clock;
  private final TLDList tlds;
  private final WarcCaptureWriter warc;
  private final CrawlerMetrics metrics;
  private final LinkScorer linkScorer;
  // politeness across crawls: a crawl of a host another crawl just left waits the delay too
  private final HostContacts contacts = new HostContacts();
  // one timer thread for the deadlines of every fetch, however many sites run at once
  private final FetchDeadlines deadlines = new FetchDeadlines();

  public SiteCrawlFactory(
      CrawlerSettings settings, Clock clock, CrawlerMetrics metrics, LinkScorer linkScorer) {
    this(
        settings,
        clock,
        metrics,
        linkScorer,
        settings.capture().warcEnabled()
            ? WarcWriters.open(settings, clock, WarcWriters.workerId(), metrics.registry())
            : null);
  }

  SiteCrawlFactory(
      CrawlerSettings settings,
      Clock clock,
      CrawlerMetrics metrics,
      LinkScorer linkScorer,
      WarcCaptureWriter warc) {
    this.linkScorer = Objects.requireNonNull(linkScorer, "linkScorer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    try {
      this.tlds = new TLDList(new CrawlConfig());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read crawler4j's bundled public suffix list", e);
    }
    this.warc = warc;
  }

  @Override
  public CrawlJob create(CrawlRequest request, Emitter emitter) {
    return create(request, emitter, CrawlProgress.untracked(request, clock));
  }

  @Override
  public CrawlJob create(CrawlRequest request, Emitter emitter, CrawlProgress progress) {
    return new SiteCrawl(
        request,
        settings,
        emitter,
        clock,
        tlds,
        progress,
        metrics,
        warc,
        linkScorer,
        contacts,
        new GuardedDnsResolver(settings),
        deadlines);
  }

  /** Bytes written to WARC files by this worker so far (0 when capture is off). */
  public long warcBytesWritten() {
    return warc == null ? 0 : warc.bytesWritten();
  }

  @Override
  public void close() {
    deadlines.close();
    if (warc != null) {
      warc.close();
    }
  }
}
