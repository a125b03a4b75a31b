package org.sitewatch.crawler.crawl;

import crawlercommons.filters.basic.BasicURLNormalizer;
import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.crawler.CrawlController;
import edu.uci.ics.crawler4j.crawler.Page;
import edu.uci.ics.crawler4j.fetcher.PageFetcher;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtConfig;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtServer;
import edu.uci.ics.crawler4j.url.TLDList;
import edu.uci.ics.crawler4j.url.WebURL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.sitewatch.common.net.Sites;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.fetch.CapturingPageFetcher;
import org.sitewatch.crawler.fetch.Captures;
import org.sitewatch.crawler.fetch.HopTracker;
import org.sitewatch.crawler.fetch.PageParser;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.metrics.MeteredPoliteness;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.crawler.net.RefusedAddressException;
import org.sitewatch.crawler.output.Bounded;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.policy.HostPoliteness;
import org.sitewatch.crawler.policy.RobotsRules;
import org.sitewatch.crawler.policy.SeedLimits;
import org.sitewatch.crawler.policy.SiteBudget;
import org.sitewatch.crawler.policy.SitePolicy;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site crawl: a crawler4j controller with its own in-memory frontier ({@link
 * InMemoryFrontier}), one fetch thread (so the politeness delay really is per host) and a {@link
 * GuardedDnsResolver}. Pages, failures and cross-site links go to the {@link Emitter} as they
 * happen; {@link #run()} returns when the crawl is over. Set-up and the end report are here; the
 * parts live beside it: {@link CrawlConfigs} (crawler4j settings), {@link RobotsFetch}, {@link
 * FetchThreadRun} (idle-monitor workaround), {@link PageAssembly}, {@link RedirectPolicy}, {@link
 * FetchFailures} (failure classification) and {@link SeedTracker}.
 */
public final class SiteCrawl implements CrawlJob {
  private static final Logger log = LoggerFactory.getLogger(SiteCrawl.class);

  private final CrawlRequest request;
  private final String scope;
  private final CrawlerSettings settings;
  private final Emitter emitter;
  private final Clock clock;
  private final TLDList tlds;
  private final GuardedDnsResolver resolver;
  private final CrawlProgress progress;
  private final CrawlerMetrics metrics;
  private final AtomicInteger pages = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final Discoveries discoveries;
  private final WarcCaptureWriter warc;
  private final Captures captures = new Captures();
  private final HopTracker hopTracker = new HopTracker();
  private final RedirectPolicy redirects;
  private final SeedTracker seed;
  private final LinkScorer scorer;
  private volatile boolean stopping;
  private volatile CrawlController controller;
  private volatile SitePolicy policy; // set in run(), before the fetch thread starts
  private final HostPoliteness hostPoliteness =
      new HostPoliteness(h -> policy.delayMsOf(h), System::nanoTime);

  /** A crawl that writes no WARC records. */
  public SiteCrawl(
      CrawlRequest request, CrawlerSettings settings, Emitter emitter, Clock clock, TLDList tlds) {
    this(request, settings, emitter, clock, tlds, null);
  }

  /** An untracked crawl (no checkpoints) writing to {@code warc}. */
  public SiteCrawl(
      CrawlRequest request,
      CrawlerSettings settings,
      Emitter emitter,
      Clock clock,
      TLDList tlds,
      WarcCaptureWriter warc) {
    this(request, settings, emitter, clock, tlds, CrawlProgress.untracked(request, clock),
        new CrawlerMetrics(), warc, LinkScorer.NONE);
  }

  /**
   * @param tlds crawler4j's suffix list, shared by the jobs of a worker (it is read-only)
   * @param progress tracks fetched and pending URLs (checkpoints); when it continues an earlier
   *     attempt, the crawl starts from its pending URLs and never fetches its fetched ones again
   * @param metrics receives politeness waits and active hosts
   * @param warc the worker's WARC writer, or {@code null} when capture is off
   * @param scorer ranks the site's links: higher scores are fetched first
   */
  public SiteCrawl(
      CrawlRequest request,
      CrawlerSettings settings,
      Emitter emitter,
      Clock clock,
      TLDList tlds,
      CrawlProgress progress,
      CrawlerMetrics metrics,
      WarcCaptureWriter warc,
      LinkScorer scorer) {
    this.progress = progress;
    this.metrics = metrics;
    this.pages.set(progress.pages());
    this.failures.set(progress.failures());
    this.warc = warc;
    this.scorer = scorer;
    this.request = request;
    this.scope = Sites.siteOf(request.url());
    this.settings = settings;
    this.emitter = emitter;
    this.clock = clock;
    this.tlds = tlds;
    this.resolver = new GuardedDnsResolver(settings);
    this.discoveries = new Discoveries(scope, settings);
    this.seed = new SeedTracker(request.url());
    this.redirects =
        new RedirectPolicy(
            hopTracker,
            this::inScope,
            request.hops(),
            settings.maxSiteHops(),
            this::failure,
            this::publishCrossSite);
  }

  String site() {
    return request.site();
  }

  Instant now() {
    return clock.instant();
  }

  int maxBodyBytes() {
    return settings.maxBodyBytes();
  }

  @Override
  public void stop() {
    stopping = true;
    CrawlController c = controller;
    if (c != null && !c.isShuttingDown()) {
      c.shutdown();
    }
  }

  /**
   * Crawls the site; a recrawl check whose seed looks gone is then confirmed by one more fetch
   * under a browser's User-Agent ({@link GoneConfirmation}).
   */
  @Override
  public SiteReport run() throws Exception {
    SiteReport report = crawl();
    if (!stopping && GoneConfirmation.applies(request, report, settings)) {
      return new GoneConfirmation(settings, clock).confirm(request, report);
    }
    return report;
  }

  private SiteReport crawl() throws Exception {
    String url = request.url();
    Optional<String> overLimits = SeedLimits.refusal(url, settings.limits());
    if (overLimits.isPresent()) {
      failure(url, Outcome.Kind.REFUSED, overLimits.get(), Map.of("rule", "seed-limits"));
      return report(CrawlResult.REFUSED, overLimits.get());
    }
    String host = Sites.hostOf(url);
    SiteBudget budget;
    try {
      budget = SiteBudget.of(settings, request.overrides());
    } catch (IllegalArgumentException e) {
      String reason = "refused: the request's overrides are not acceptable: " + e.getMessage();
      failure(url, Outcome.Kind.REFUSED, reason, Map.of("rule", "overrides"));
      return report(CrawlResult.REFUSED, reason);
    }
    try {
      resolver.resolve(host);
    } catch (RefusedAddressException e) {
      failure(url, Outcome.Kind.REFUSED, e.getMessage(), Map.of());
      return report(CrawlResult.REFUSED, e.getMessage());
    } catch (UnknownHostException e) {
      String reason = "DNS lookup failed for " + host + ": " + e.getMessage();
      failure(url, Outcome.Kind.FETCH_FAILED, reason, Map.of());
      return report(CrawlResult.UNREACHABLE, reason);
    }
    if (stopping) {
      return report(CrawlResult.UNREACHABLE, "worker closed before the crawl started");
    }
    PageFetcher fetcher = null;
    MeteredPoliteness politeness = null;
    InMemoryFrontier frontier = null;
    // crawler4j creates its storage folder unless it exists, and fails when a parallel crawl
    // created it first: create it here, where that is idempotent
    Files.createDirectories(settings.workDir());
    boolean started = false;
    try {
      CrawlConfig config = CrawlConfigs.forSite(settings, budget, resolver);
      BasicURLNormalizer normalizer = new BasicURLNormalizer();
      if (progress.resumed() && config.getMaxPagesToFetch() > 0) {
        // the budget counts across attempts
        config.setMaxPagesToFetch(
            Math.max(0, config.getMaxPagesToFetch() - progress.fetchedCount()));
      }
      if (progress.resumed()
          && (progress.toResume().isEmpty() || config.getMaxPagesToFetch() == 0)) {
        return finished(); // nothing was left to fetch when the earlier attempt stopped
      }
      politeness = new MeteredPoliteness(hostPoliteness, metrics);
      fetcher =
          new CapturingPageFetcher(
              config, normalizer, politeness, settings, clock, resolver, warc, captures, hopTracker,
              site(), url, Map.of());
      frontier = new InMemoryFrontier(config.getMaxPagesToFetch());
      // robots.txt is applied by SitePolicy (Crawl-delay, RFC 9309 status rules, override); the
      // fork's own server stays disabled
      RobotstxtConfig robotsConfig = new RobotstxtConfig();
      robotsConfig.setEnabled(false);
      RobotstxtServer disabledRobots =
          new RobotstxtServer(robotsConfig, fetcher, frontier.getWebURLFactory());
      RobotsRules robots =
          settings.respectRobots()
              ? new RobotsRules(
                  new RobotsFetch(
                      fetcher,
                      frontier.getWebURLFactory(),
                      tlds,
                      settings.maxBodyBytes(),
                      this::responded),
                  settings.robotsAgentName(),
                  settings.limits().maxCrawlDelayMs())
              : null;
      policy = new SitePolicy(budget, settings.limits(), robots, scorer, System::nanoTime);
      if (progress.resumed()) {
        policy.resume(
            progress.fetchedCount() + progress.toResume().size(),
            progress.bytes(),
            Duration.between(progress.startedAt(), clock.instant()));
      }
      PageParser parser =
          new PageParser(config, normalizer, tlds, frontier.getWebURLFactory(), captures);
      CrawlController c =
          new CrawlController(config, normalizer, fetcher, parser, disabledRobots, tlds, frontier);
      String normalized = normalizer.filter(url);
      seed.alias(url);
      seed.alias(normalized);
      var refusal =
          policy.refuseSeed(settings.robotsAgentName(), url, normalized == null ? url : normalized);
      if (refusal.isPresent()) {
        return refusedSeed(url, refusal.get());
      }
      if (progress.resumed()) {
        scheduleResumed(c, frontier);
      } else {
        progress.seed(normalized == null ? url : normalized);
        c.addSeeds(List.of(url)); // addSeed(String) would never wake the idle crawler thread
      }
      controller = c;
      if (stopping) {
        c.shutdown();
      }
      started = true;
      FetchThreadRun.runToEnd(
          c,
          frontier,
          () -> new WebCrawlerAdapter(this),
          this::stop,
          settings.capture().totalTimeoutMs() + 5_000L);
      progress.ended();
    } finally {
      if (politeness != null) {
        politeness.release();
      }
      if (!started) {
        if (fetcher != null) {
          fetcher.shutDown();
        }
        if (frontier != null) {
          frontier.close();
        }
      }
    }
    return finished();
  }

  /** The seed is kept out by robots.txt, or its robots.txt cannot be had. */
  private SiteReport refusedSeed(String url, String refusal) {
    if (policy.seedRobotsUnavailable()) {
      // the host does not answer (5xx, timeout): unreachable, not refused by our policy
      failure(url, Outcome.Kind.FETCH_FAILED, refusal, Map.of("rule", "robots.txt"));
      return report(CrawlResult.UNREACHABLE, refusal);
    }
    // shown to the analyst: which line of the site's robots.txt kept the seed out
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("rule", "robots.txt");
    policy.seedRobotsRule().ifPresent(r -> facts.put("robotsRule", r));
    failure(url, Outcome.Kind.REFUSED, refusal, facts);
    return report(CrawlResult.REFUSED, refusal);
  }

  private SiteReport finished() {
    SitePolicy p = policy;
    if (p != null) {
      for (Outcome o : p.outcomes(site(), now())) {
        emitter.outcome(o);
      }
    }
    int fetched = pages.get();
    if (fetched > 0) {
      return report(
          CrawlResult.OK,
          "crawled "
              + fetched
              + " page(s), "
              + failures.get()
              + " failure(s)"
              + (p == null
                  ? ""
                  : p.stoppedBy().map(b -> "; stopped by the " + b + " budget").orElse("")));
    }
    if (!redirects.redirectedAway().isEmpty()) {
      return report(
          CrawlResult.UNREACHABLE,
          "no page fetched: the site redirects to "
              + redirects.redirectedAway()
              + " (requested as another site)");
    }
    if (!redirects.redirectedBeyondHops().isEmpty()) {
      return report(
          CrawlResult.UNREACHABLE,
          "no page fetched: the site redirects to "
              + redirects.redirectedBeyondHops()
              + ", another site beyond crawler.max-site-hops ("
              + settings.maxSiteHops()
              + ")");
    }
    return report(
        CrawlResult.UNREACHABLE, "no page could be fetched (" + failures.get() + " failure(s))");
  }

  /**
   * Schedules what an earlier attempt left pending, with its depth, before the crawl starts (so
   * the idle-crawler wake-up problem of {@code addSeed} does not arise).
   */
  private void scheduleResumed(CrawlController c, InMemoryFrontier frontier) throws Exception {
    List<WebURL> urls = new ArrayList<>();
    for (CrawlCheckpoint.Pending p : progress.toResume()) {
      if (c.getDocIdServer().isSeenBefore(p.url())
          || !inScope(p.url())
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
        site(),
        progress.fetchedCount(),
        urls.size());
    c.getFrontier().scheduleAll(urls);
  }

  private SiteReport report(CrawlResult result, String reason) {
    SitePolicy p = policy;
    return new SiteReport(
        result, reason, pages.get(), failures.get(), stopping, details(p), seed.result());
  }

  private Map<String, String> details(SitePolicy p) {
    Map<String, String> d = new LinkedHashMap<>();
    if (p != null) {
      d.putAll(p.details(Sites.hostOf(request.url())));
      if (!p.budget().clamped().isEmpty()) {
        d.put("overridesClamped", String.join("; ", p.budget().clamped()));
      }
      p.seedRobotsRule().ifPresent(r -> d.put("robotsRule", r));
    }
    d.putAll(discoveries.details());
    return d;
  }

  // --- callbacks from the fetch thread (WebCrawlerAdapter) ---

  /**
   * Whether crawler4j may schedule a link or redirect target: in the site, not fetched by an
   * earlier attempt, and admitted by the policy (traps, robots, budget).
   */
  boolean shouldVisit(WebURL url) {
    return inScope(url.getURL())
        && !progress.wasFetched(url.getURL())
        && policy.admit(url)
        && progress.discovered(url.getURL(), url.getDepth());
  }

  /** The fetch thread takes {@code url} next. */
  void starting(String url) {
    progress.starting(url);
  }

  /** Before each fetch: once the byte or time budget is used up, the crawl stops here. */
  boolean mayFetch() {
    if (policy.mayFetch()) {
      return true;
    }
    CrawlController c = controller;
    if (c != null && !c.isShuttingDown()) {
      c.shutdown();
    }
    return false;
  }

  /** The response to {@code url} arrived: the next request to its host waits from now. */
  void responded(String url) {
    hostPoliteness.started(Sites.hostOf(url));
  }

  boolean inScope(String url) {
    try {
      return scope.equals(Sites.siteOf(url));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  void onPage(Page page, Instant fetchedAt) {
    String finalUrl = page.getWebURL().getURL();
    try {
      Captures.Capture capture = captures.take(finalUrl);
      PageAssembly.Assembled assembled =
          PageAssembly.assemble(
              site(),
              redirects.requestedUrlOf(finalUrl),
              page,
              fetchedAt,
              capture,
              resolver,
              policy.notesFor(finalUrl));
      FetchedPage fetched = assembled.page();
      policy.fetched(assembled.bodyLength());
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
        publishIfCrossSite(link, finalUrl);
      }
    } catch (RuntimeException e) {
      log.warn("could not report page {} of site {}", finalUrl, site(), e);
      failure(
          finalUrl, Outcome.Kind.OTHER, "internal error while reporting the page: " + e, Map.of());
    }
  }

  void onRedirect(String from, String to) {
    redirects.onRedirect(from, to);
  }

  /** Whether crawler4j may schedule the target of a redirect just reported to onRedirect. */
  boolean followsRedirectTo(String url) {
    return redirects.follows(url);
  }

  void onException(String url, Throwable e) {
    if (stopping) {
      return; // shutting the fetcher down aborts the request in flight; not the site's fault
    }
    String target = url == null ? request.url() : url;
    if (url != null) {
      responded(url); // the exchange ended here (timeout, reset): the next request waits from now
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
            site(),
            Bounded.text(url, Bounded.URL),
            Outcome.Stage.CRAWLER,
            kind,
            Bounded.text(reason, Bounded.TEXT),
            now(),
            details));
  }

  private void publishIfCrossSite(String link, String referrer) {
    int hops = request.hops() + 1;
    if (hops > settings.maxSiteHops()) {
      return;
    }
    publishCrossSite(link, referrer, hops);
  }

  private void publishCrossSite(String link, String referrer, int hops) {
    discoveries.admit(link, referrer, hops, now()).ifPresent(emitter::request);
  }
}
