package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.sitewatch.crawler.fetch.Captures;
import org.sitewatch.crawler.fetch.HopTracker;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.crawler.output.Bounded;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.policy.SitePolicy;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SeedResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one site crawl publishes as its fetch thread goes: a page per response ({@link
 * PageAssembly}), a failure outcome per failed URL ({@link FetchFailures}), redirects ({@link
 * RedirectPolicy}) and links to other sites as crawl requests ({@link Discoveries}); it counts
 * pages and failures and tracks the seed ({@link SeedTracker}). Called from the fetch thread.
 */
final class FetchEvents {
  private static final Logger log = LoggerFactory.getLogger(FetchEvents.class);

  private final CrawlRequest request;
  private final int maxSiteHops;
  private final Emitter emitter;
  private final Clock clock;
  private final CrawlProgress progress;
  private final GuardedDnsResolver resolver;
  private final Discoveries discoveries;
  private final Captures captures;
  private final Supplier<SitePolicy> policy;
  private final BooleanSupplier stopping;
  private final Consumer<String> responded;
  private final AtomicInteger pages = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final SeedTracker seed;
  private final RedirectPolicy redirects;

  FetchEvents(
      CrawlRequest request,
      int maxSiteHops,
      Emitter emitter,
      Clock clock,
      CrawlProgress progress,
      GuardedDnsResolver resolver,
      Discoveries discoveries,
      Captures captures,
      HopTracker hopTracker,
      Predicate<String> inScope,
      Supplier<SitePolicy> policy,
      BooleanSupplier stopping,
      Consumer<String> responded) {
    this.request = request;
    this.maxSiteHops = maxSiteHops;
    this.emitter = emitter;
    this.clock = clock;
    this.progress = progress;
    this.resolver = resolver;
    this.discoveries = discoveries;
    this.captures = captures;
    this.policy = policy;
    this.stopping = stopping;
    this.responded = responded;
    this.pages.set(progress.pages());
    this.failures.set(progress.failures());
    this.seed = new SeedTracker(request.url());
    this.redirects =
        new RedirectPolicy(
            hopTracker, inScope, request.hops(), maxSiteHops, this::failure, this::crossSite);
  }

  int pages() {
    return pages.get();
  }

  int failures() {
    return failures.get();
  }

  SeedTracker seed() {
    return seed;
  }

  RedirectPolicy redirects() {
    return redirects;
  }

  void onPage(Page page, Instant fetchedAt) {
    String finalUrl = page.getWebURL().getURL();
    try {
      Captures.Capture capture = captures.take(finalUrl);
      PageAssembly.Assembled assembled =
          PageAssembly.assemble(
              request.site(),
              redirects.requestedUrlOf(finalUrl),
              page,
              fetchedAt,
              capture,
              resolver,
              policy.get().notesFor(finalUrl),
              request.traceId());
      FetchedPage fetched = assembled.page();
      policy.get().fetched(assembled.bodyLength());
      if (capture != null && capture.warcError() != null) {
        failure(
            finalUrl,
            Outcome.Kind.OTHER,
            "WARC write failed, page published without a WARC reference: " + capture.warcError(),
            Map.of("rule", "warc"));
      }
      emitter.page(fetched);
      pages.incrementAndGet();
      progress.page(assembled.bodyLength());
      if (seed.isSeed(fetched.requestedUrl()) || seed.isSeed(finalUrl)) {
        seed.page(fetched.status(), fetched.bodySha256(), finalUrl);
      }
      for (String link : assembled.links()) {
        linked(link, finalUrl);
      }
    } catch (RuntimeException e) {
      log.warn("could not report page {} of site {}", finalUrl, request.site(), e);
      failure(
          finalUrl, Outcome.Kind.OTHER, "internal error while reporting the page: " + e, Map.of());
    }
  }

  void onException(String url, Throwable e) {
    if (stopping.getAsBoolean()) {
      return; // shutting the fetcher down aborts the request in flight; not the site's fault
    }
    String target = url == null ? request.url() : url;
    if (url != null) {
      // the exchange ended here (timeout, reset): the next request waits from now
      responded.accept(url);
    }
    FetchFailures.Failure f = FetchFailures.classify(e);
    if (f.unexpected()) {
      log.warn("unexpected error while crawling {}", target, e);
    }
    failure(target, f.kind(), f.reason(), f.details());
  }

  void failure(String url, Outcome.Kind kind, String reason, Map<String, String> details) {
    failures.incrementAndGet();
    progress.failure();
    if (seed.isSeed(url) && !"warc".equals(details.get("rule"))) {
      // a failure of the seed itself (a WARC write failure says nothing about the site)
      seed.failure(reason, details.get("status"));
    }
    emitter.outcome(
        new Outcome(
            Outcome.VERSION,
            request.site(),
            Bounded.text(url, Bounded.URL),
            Outcome.Stage.CRAWLER,
            kind,
            Bounded.text(reason, Bounded.TEXT),
            clock.instant(),
            details));
  }

  /** The seed's page or failure, or {@code null}. */
  SeedResult seedResult() {
    return seed.result();
  }

  private void linked(String link, String referrer) {
    int hops = request.hops() + 1;
    if (hops > maxSiteHops) {
      return;
    }
    crossSite(link, referrer, hops);
  }

  private void crossSite(String link, String referrer, int hops) {
    discoveries.admit(link, referrer, hops, clock.instant()).ifPresent(emitter::request);
  }
}
