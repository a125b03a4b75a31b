package org.sitewatch.crawler.crawl;

import crawlercommons.filters.basic.BasicURLNormalizer;
import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.crawler.CrawlController;
import edu.uci.ics.crawler4j.fetcher.PageFetcher;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtServer;
import edu.uci.ics.crawler4j.url.TLDList;
import edu.uci.ics.crawler4j.url.WebURL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.common.net.Sites;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.fetch.Captures;
import org.sitewatch.crawler.fetch.CapturingPageFetcher;
import org.sitewatch.crawler.fetch.FetchDeadlines;
import org.sitewatch.crawler.fetch.HopTracker;
import org.sitewatch.crawler.fetch.PageParser;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.metrics.MeteredPoliteness;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.crawler.net.RefusedAddressException;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.policy.HostContacts;
import org.sitewatch.crawler.policy.HostPoliteness;
import org.sitewatch.crawler.policy.RobotsRules;
import org.sitewatch.crawler.policy.SeedLimits;
import org.sitewatch.crawler.policy.SiteBudget;
import org.sitewatch.crawler.policy.SitePolicy;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site crawl: a crawler4j controller with its own in-memory frontier ({@link
 * InMemoryFrontier}), one fetch thread (so the politeness delay really is per host) and a {@link
 * GuardedDnsResolver}. Pages, failures and cross-site links go to the {@link Emitter} as they
 * happen; {@link #run()} returns when the crawl is over. Set-up, stop and the end report are here;
 * the parts live beside it: {@link CrawlConfigs} (crawler4j settings), {@link RobotsFetch}, {@link
 * FetchThreadRun} (idle-monitor workaround), {@link Resumption}, {@link EndOfCrawl}, and {@link
 * FetchEvents} for what the fetch thread reports ({@link PageAssembly}, {@link RedirectPolicy},
 * {@link FetchFailures}, {@link SeedTracker}).
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
  private final Discoveries discoveries;
  private final WarcCaptureWriter warc;
  private final Captures captures = new Captures();
  private final HopTracker hopTracker = new HopTracker();
  private final FetchEvents events;
  private final LinkScorer scorer;
  private volatile boolean stopping;
  private volatile CrawlController controller;
  private volatile SitePolicy policy; // set in run(), before the fetch thread starts
  private volatile FetchThreadRun.End end; // set when the fetch thread ended
  private final HostPoliteness hostPoliteness;
  private final FetchDeadlines deadlines; // null: the crawl makes its own

  /**
   * An untracked crawl (no checkpoints, no metrics, no link scores) with its own DNS resolver and
   * deadline timer: for tests.
   *
   * @param warc where the crawl writes WARC records, or {@code null}: none
   */
  SiteCrawl(
      CrawlRequest request,
      CrawlerSettings settings,
      Emitter emitter,
      Clock clock,
      TLDList tlds,
      WarcCaptureWriter warc) {
    this(
        request,
        settings,
        emitter,
        clock,
        tlds,
        CrawlProgress.untracked(request, clock),
        new CrawlerMetrics(),
        warc,
        LinkScorer.NONE,
        new HostContacts(),
        new GuardedDnsResolver(settings),
        null);
  }

  /**
   * @param tlds crawler4j's suffix list, shared by the jobs of a worker (it is read-only)
   * @param progress tracks fetched and pending URLs (checkpoints); when it continues an earlier
   *     attempt, the crawl starts from its pending URLs and never fetches its fetched ones again
   * @param metrics receives politeness waits and active hosts
   * @param warc the worker's WARC writer, or {@code null} when capture is off
   * @param scorer ranks the site's links: higher scores are fetched first
   * @param contacts the last contact with each host, shared by the worker's crawls: politeness
   *     counts from it ({@link SiteCrawlFactory})
   * @param resolver resolves the crawl's host names (tests: a fake DNS)
   * @param deadlines the worker's timer for fetch deadlines, or {@code null}: the crawl then runs
   *     its own for as long as it fetches
   */
  SiteCrawl(
      CrawlRequest request,
      CrawlerSettings settings,
      Emitter emitter,
      Clock clock,
      TLDList tlds,
      CrawlProgress progress,
      CrawlerMetrics metrics,
      WarcCaptureWriter warc,
      LinkScorer scorer,
      HostContacts contacts,
      GuardedDnsResolver resolver,
      FetchDeadlines deadlines) {
    this.deadlines = deadlines;
    this.hostPoliteness = new HostPoliteness(h -> policy.delayMsOf(h), System::nanoTime, contacts);
    this.progress = progress;
    this.metrics = metrics;
    this.warc = warc;
    this.scorer = scorer;
    this.request = request;
    this.scope = Sites.siteOf(request.url());
    this.settings = settings;
    this.emitter = emitter;
    this.clock = clock;
    this.tlds = tlds;
    this.resolver = resolver;
    this.discoveries = new Discoveries(scope, settings);
    this.events =
        new FetchEvents(
            request,
            settings.maxSiteHops(),
            emitter,
            clock,
            progress,
            resolver,
            discoveries,
            captures,
            hopTracker,
            this::inScope,
            () -> policy,
            () -> stopping,
            this::responded);
  }

  String site() {
    return request.site();
  }

  /** What ended the fetch thread, or empty when none ran (or it has not ended yet). */
  Optional<FetchThreadRun.End> end() {
    return Optional.ofNullable(end);
  }

  Instant now() {
    return clock.instant();
  }

  /** What the fetch thread reports pages, redirects and failures to. */
  FetchEvents events() {
    return events;
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
      events.failure(url, Outcome.Kind.REFUSED, overLimits.get(), Map.of("rule", "seed-limits"));
      return report(CrawlResult.REFUSED, overLimits.get());
    }
    String host = Sites.hostOf(url);
    SiteBudget budget;
    try {
      budget = SiteBudget.of(settings, request.overrides());
    } catch (IllegalArgumentException e) {
      String reason = "refused: the request's overrides are not acceptable: " + e.getMessage();
      events.failure(url, Outcome.Kind.REFUSED, reason, Map.of("rule", "overrides"));
      return report(CrawlResult.REFUSED, reason);
    }
    try {
      resolver.resolve(host);
    } catch (RefusedAddressException e) {
      events.failure(url, Outcome.Kind.REFUSED, e.getMessage(), Map.of());
      return report(CrawlResult.REFUSED, e.getMessage());
    } catch (UnknownHostException e) {
      String reason = "DNS lookup failed for " + host + ": " + e.getMessage();
      events.failure(url, Outcome.Kind.FETCH_FAILED, reason, Map.of());
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
    FetchDeadlines ownDeadlines = deadlines == null ? new FetchDeadlines() : null;
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
              config,
              normalizer,
              politeness,
              settings,
              clock,
              resolver,
              warc,
              captures,
              hopTracker,
              site(),
              url,
              Map.of(),
              deadlines == null ? ownDeadlines : deadlines);
      frontier = new InMemoryFrontier(config.getMaxPagesToFetch());
      RobotstxtServer disabledRobots =
          RobotsFetch.disabledServer(fetcher, frontier.getWebURLFactory());
      RobotsRules robots =
          settings.respectRobots()
              ? RobotsFetch.rules(
                  settings, fetcher, frontier.getWebURLFactory(), tlds, this::responded)
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
      events.seed().alias(url);
      events.seed().alias(normalized);
      var refusal =
          policy.refuseSeed(settings.robotsAgentName(), url, normalized == null ? url : normalized);
      if (refusal.isPresent()) {
        return refusedSeed(url, refusal.get());
      }
      if (progress.resumed()) {
        Resumption.scheduleResumed(c, frontier, progress, tlds, this::inScope, site());
      } else {
        progress.seed(normalized == null ? url : normalized);
        c.addSeeds(List.of(url)); // addSeed(String) would never wake the idle crawler thread
      }
      controller = c;
      if (stopping) {
        c.shutdown();
      }
      started = true;
      end =
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
      if (ownDeadlines != null) {
        ownDeadlines.close();
      }
    }
    return finished();
  }

  /** The seed is kept out by robots.txt, or its robots.txt cannot be had. */
  private SiteReport refusedSeed(String url, String refusal) {
    if (policy.seedRobotsUnavailable()) {
      // the host does not answer (5xx, timeout): unreachable, not refused by our policy
      events.failure(url, Outcome.Kind.FETCH_FAILED, refusal, Map.of("rule", "robots.txt"));
      return report(CrawlResult.UNREACHABLE, refusal);
    }
    // shown to the analyst: which line of the site's robots.txt kept the seed out
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("rule", "robots.txt");
    policy.seedRobotsRule().ifPresent(r -> facts.put("robotsRule", r));
    events.failure(url, Outcome.Kind.REFUSED, refusal, facts);
    return report(CrawlResult.REFUSED, refusal);
  }

  private SiteReport finished() {
    SitePolicy p = policy;
    if (p != null) {
      for (Outcome o : p.outcomes(site(), now())) {
        emitter.outcome(o);
      }
    }
    EndOfCrawl.Verdict end = EndOfCrawl.verdict(events, p, settings.maxSiteHops());
    return report(end.result(), end.reason());
  }

  private SiteReport report(CrawlResult result, String reason) {
    SitePolicy p = policy;
    return new SiteReport(
        result,
        reason,
        events.pages(),
        events.failures(),
        stopping,
        details(p),
        events.seedResult());
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
}
