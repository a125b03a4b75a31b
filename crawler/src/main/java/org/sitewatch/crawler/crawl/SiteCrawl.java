package org.sitewatch.crawler.crawl;

import crawlercommons.filters.basic.BasicURLNormalizer;
import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.crawler.CrawlController;
import edu.uci.ics.crawler4j.crawler.Page;
import edu.uci.ics.crawler4j.crawler.exceptions.PageBiggerThanMaxSizeException;
import edu.uci.ics.crawler4j.fetcher.PageFetchResult;
import edu.uci.ics.crawler4j.fetcher.PageFetcher;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtConfig;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtServer;
import edu.uci.ics.crawler4j.url.TLDList;
import edu.uci.ics.crawler4j.url.WebURL;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.core5.http.Header;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.fetch.CapturingPageFetcher;
import org.sitewatch.crawler.fetch.Captures;
import org.sitewatch.crawler.fetch.BodyDecoder;
import org.sitewatch.crawler.fetch.DecodedPage;
import org.sitewatch.crawler.fetch.PageParser;
import org.sitewatch.crawler.fetch.Links;
import org.sitewatch.crawler.fetch.TotalTimeoutException;
import org.sitewatch.crawler.fetch.UnusableResponseException;
import org.sitewatch.crawler.fetch.HopTracker;
import org.sitewatch.crawler.policy.SitePolicy;
import org.sitewatch.crawler.policy.SiteBudget;
import org.sitewatch.crawler.policy.SeedLimits;
import org.sitewatch.crawler.policy.RobotsRules;
import org.sitewatch.crawler.policy.HostPoliteness;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.crawler.net.RefusedAddressException;
import org.sitewatch.crawler.net.Sites;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.metrics.MeteredPoliteness;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.output.Bounded;

/**
 * One site crawl: a crawler4j controller with its own in-memory frontier ({@link
 * InMemoryFrontier}), one fetch thread (so the politeness delay really is per host) and a {@link
 * GuardedDnsResolver}. Pages, failures and cross-site links go to the {@link Emitter} as they
 * happen; {@link #run()} returns when the crawl is over.
 */
public final class SiteCrawl implements CrawlJob {
  private static final Logger log = LoggerFactory.getLogger(SiteCrawl.class);
  /** robots.txt bytes read at most (RFC 9309 asks crawlers to parse at least 500 KiB). */
  private static final int MAX_ROBOTS_BYTES = 512 * 1024;

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
  private final Map<String, String> redirectedFrom = new ConcurrentHashMap<>();
  private final Set<String> redirectedAway = ConcurrentHashMap.newKeySet();
  private final Set<String> redirectedBeyondHops = ConcurrentHashMap.newKeySet();
  private final Set<String> refusedRedirectTargets = ConcurrentHashMap.newKeySet();
  private final WarcCaptureWriter warc;
  private final Captures captures = new Captures();
  private final HopTracker hopTracker = new HopTracker();
  private volatile boolean stopping;
  private volatile CrawlController controller;
  private final LinkScorer scorer;
  private volatile SitePolicy policy; // set in run(), before the fetch thread starts
  private final HostPoliteness hostPoliteness =
      new HostPoliteness(h -> policy.delayMsOf(h), System::nanoTime);

  /** A crawl that writes no WARC records. */
  SiteCrawl(
      CrawlRequest request, CrawlerSettings settings, Emitter emitter, Clock clock, TLDList tlds) {
    this(request, settings, emitter, clock, tlds, null);
  }

  /** An untracked crawl (no checkpoints) writing to {@code warc}. */
  SiteCrawl(
      CrawlRequest request,
      CrawlerSettings settings,
      Emitter emitter,
      Clock clock,
      TLDList tlds,
      WarcCaptureWriter warc) {
    this(request, settings, emitter, clock, tlds, CrawlProgress.untracked(request, clock),
        new CrawlerMetrics(), warc, LinkScorer.NONE);
  }
  // what became of the seed URL (its page or failure), for recrawl checks; absent when a resumed
  // crawl did not fetch the seed again
  private final AtomicReference<Map<String, String>> seed =
      new AtomicReference<>();
  private final Set<String> seedUrls = ConcurrentHashMap.newKeySet(); // as given and normalised

  /**
   * @param tlds crawler4j's suffix list, shared by the jobs of a worker (it is read-only)
   * @param progress tracks fetched and pending URLs (checkpoints); when it continues an earlier
   *     attempt, the crawl starts from its pending URLs and never fetches its fetched ones again
   * @param metrics receives politeness waits and active hosts
   * @param warc the worker's WARC writer, or {@code null} when capture is off
   * @param scorer ranks the site's links: higher scores are fetched first
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
      return report(SiteReport.REFUSED, overLimits.get());
    }
    String host = Sites.hostOf(url);
    SiteBudget budget;
    try {
      budget = SiteBudget.of(settings, request.overrides());
    } catch (IllegalArgumentException e) {
      String reason = "refused: the request's overrides are not acceptable: " + e.getMessage();
      failure(url, Outcome.Kind.REFUSED, reason, Map.of("rule", "overrides"));
      return report(SiteReport.REFUSED, reason);
    }
    try {
      resolver.resolve(host);
    } catch (RefusedAddressException e) {
      failure(url, Outcome.Kind.REFUSED, e.getMessage(), Map.of());
      return report(SiteReport.REFUSED, e.getMessage());
    } catch (UnknownHostException e) {
      String reason = "DNS lookup failed for " + host + ": " + e.getMessage();
      failure(url, Outcome.Kind.FETCH_FAILED, reason, Map.of());
      return report(SiteReport.UNREACHABLE, reason);
    }
    if (stopping) {
      return report(SiteReport.UNREACHABLE, "worker closed before the crawl started");
    }
    PageFetcher fetcher = null;
    MeteredPoliteness politeness = null;
    InMemoryFrontier frontier = null;
    // crawler4j creates its storage folder unless it exists, and fails when a parallel crawl
    // created it first: create it here, where that is idempotent
    java.nio.file.Files.createDirectories(settings.workDir());
    boolean started = false;
    try {
      CrawlConfig config = crawlConfig(budget);
      BasicURLNormalizer normalizer = new BasicURLNormalizer();
      if (progress.resumed() && config.getMaxPagesToFetch() > 0) {
        // the budget counts across attempts
        config.setMaxPagesToFetch(
            Math.max(0, config.getMaxPagesToFetch() - progress.fetchedCount()));
      }
      if (progress.resumed() && (progress.toResume().isEmpty() || config.getMaxPagesToFetch() == 0)) {
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
      PageFetcher robotsFetcher = fetcher;
      var urls = frontier.getWebURLFactory();
      RobotsRules robots =
          settings.respectRobots()
              ? new RobotsRules(
                  u -> fetchRobots(robotsFetcher, urls.newWebUrl(), u),
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
      seedUrls.add(url);
      if (normalized != null) {
        seedUrls.add(normalized);
      }
      var refusal =
          policy.refuseSeed(settings.robotsAgentName(), url, normalized == null ? url : normalized);
      if (refusal.isPresent()) {
        if (policy.seedRobotsUnavailable()) {
          // the host does not answer (5xx, timeout): unreachable, not refused by our policy
          failure(url, Outcome.Kind.FETCH_FAILED, refusal.get(), Map.of("rule", "robots.txt"));
          return report(SiteReport.UNREACHABLE, refusal.get());
        }
        // shown to the analyst: which line of the site's robots.txt kept the seed out
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("rule", "robots.txt");
        policy.seedRobotsRule().ifPresent(r -> facts.put("robotsRule", r));
        failure(url, Outcome.Kind.REFUSED, refusal.get(), facts);
        return report(SiteReport.REFUSED, refusal.get());
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
      runToEnd(c, frontier);
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
          SiteReport.OK,
          "crawled "
              + fetched
              + " page(s), "
              + failures.get()
              + " failure(s)"
              + (p == null
                  ? ""
                  : p.stoppedBy().map(b -> "; stopped by the " + b + " budget").orElse("")));
    }
    if (!redirectedAway.isEmpty()) {
      return report(
          SiteReport.UNREACHABLE,
          "no page fetched: the site redirects to "
              + redirectedAway
              + " (requested as another site)");
    }
    if (!redirectedBeyondHops.isEmpty()) {
      return report(
          SiteReport.UNREACHABLE,
          "no page fetched: the site redirects to "
              + redirectedBeyondHops
              + ", another site beyond crawler.max-site-hops ("
              + settings.maxSiteHops()
              + ")");
    }
    return report(
        SiteReport.UNREACHABLE, "no page could be fetched (" + failures.get() + " failure(s))");
  }

  /**
   * Schedules what an earlier attempt left pending, with its depth, before the crawl starts (so
   * the idle-crawler wake-up problem of {@code addSeed} does not arise).
   */
  private void scheduleResumed(
      CrawlController c, InMemoryFrontier frontier)
      throws Exception {
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

  private SiteReport report(String result, String reason) {
    SitePolicy p = policy;
    return new SiteReport(
        result,
        reason,
        pages.get(),
        failures.get(),
        stopping,
        details(p),
        seed.get());
  }

  private Map<String, String> details(SitePolicy p) {
    Map<String, String> d = new LinkedHashMap<>();
    if (p != null) {
      d.putAll(p.details(Sites.hostOf(request.url())));
      if (!p.budget().clamped().isEmpty()) {
        d.put("overridesClamped", String.join("; ", p.budget().clamped()));
      }
    }
    if (p != null) {
      p.seedRobotsRule().ifPresent(r -> d.put("robotsRule", r));
    }
    d.putAll(discoveries.details());
    return d;
  }

  /** One robots.txt request through the crawl's fetcher (address policy, politeness). */
  private RobotsRules.Response fetchRobots(PageFetcher fetcher, WebURL target, String url)
      throws IOException, InterruptedException {
    target.setTldList(tlds);
    target.setURL(url);
    PageFetchResult result;
    try {
      result = fetcher.fetchPage(target);
      responded(url);
    } catch (PageBiggerThanMaxSizeException e) {
      throw new IOException("robots.txt larger than crawler.max-body-bytes", e);
    } catch (URISyntaxException e) {
      throw new IOException(e.getMessage(), e);
    }
    try {
      int status = result.getStatusCode();
      if (status >= 200 && status < 300) {
        Page page = new Page(target);
        if (!result.fetchContent(page, Math.min(settings.maxBodyBytes(), MAX_ROBOTS_BYTES))) {
          throw new IOException("cannot read the robots.txt body");
        }
        return new RobotsRules.Response(
            status, page.getContentData(), page.getContentType(), null);
      }
      return new RobotsRules.Response(status, new byte[0], null, result.getMovedToUrl());
    } finally {
      result.discardContentIfNotConsumed();
    }
  }

  /**
   * Starts the fetch thread and waits for the end of the crawl. The controller's monitor notices
   * an empty frontier only after 2-3 s (it sleeps whole seconds); the frontier knows at once when
   * the last URL was processed, and then the crawl is ended through the controller's own shutdown.
   * Returns after the fetch thread ended, so no callback runs after {@link #run()}; the monitor
   * thread finishes its clean-up (about a second later) on its own. An interrupt stops the crawl.
   */
  private void runToEnd(CrawlController c, InMemoryFrontier frontier) {
    List<WebCrawlerAdapter> crawlers = new CopyOnWriteArrayList<>();
    c.startNonBlocking(
        () -> {
          WebCrawlerAdapter crawler = new WebCrawlerAdapter(this);
          crawlers.add(crawler);
          return crawler;
        },
        1);
    try {
      if (frontier.awaitEnd()) {
        if (!c.isShuttingDown()) {
          c.shutdown();
        }
        for (WebCrawlerAdapter crawler : crawlers) {
          Thread t = crawler.getThread();
          if (t != null) {
            t.join();
          }
        }
      } else {
        c.waitUntilFinish(); // stopped, or ended by the monitor: wait for its clean-up as before
      }
    } catch (InterruptedException e) {
      stop();
      // let the fetch thread finish its page first, so nothing of this crawl comes after its
      // outcome; bounded, since a fetch in flight ends at crawler.total-timeout at the latest
      joinQuietly(crawlers, settings.capture().totalTimeoutMs() + 5_000L);
      Thread.currentThread().interrupt();
    }
  }

  private static void joinQuietly(List<WebCrawlerAdapter> crawlers, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    for (WebCrawlerAdapter crawler : crawlers) {
      Thread t = crawler.getThread();
      while (t != null && t.isAlive()) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          log.warn("fetch thread {} still running after the crawl was stopped", t.getName());
          return;
        }
        try {
          t.join(left);
        } catch (InterruptedException again) {
          // keep waiting within the bound; the caller restores the interrupt
        }
      }
    }
  }

  private CrawlConfig crawlConfig(SiteBudget budget) {
    CrawlConfig config = new CrawlConfig();
    // the controller insists on a folder and creates it; with the in-memory frontier nothing is
    // written there
    config.setCrawlStorageFolder(settings.workDir().toAbsolutePath().toString());
    // one URL per request to the frontier: priorities take effect at once
    config.setBatchReadSize(1);
    config.setMaxPagesToFetch(budget.maxPages()); // SitePolicy counts the same, and reports it
    config.setMaxDepthOfCrawling(budget.maxDepth());
    config.setPolitenessDelay((int) budget.politenessDelayMs()); // applied by HostPoliteness
    config.setUserAgentString(settings.userAgent());
    config.setMaxDownloadSize(settings.maxBodyBytes());
    config.setConnectionTimeout(settings.connectTimeoutMs());
    config.setSocketTimeout(settings.readTimeoutMs());
    config.setIncludeHttpsPages(true);
    config.setIncludeBinaryContentInCrawling(true);
    config.setProcessBinaryContentInCrawling(false);
    config.setFollowRedirects(true);
    // evidence is collected whatever the page asks search engines to do
    config.setRespectNoFollow(false);
    config.setRespectNoIndex(false);
    config.setDnsResolver(resolver);
    config.setMaxConnectionsPerHost(1);
    config.setMaxTotalConnections(4);
    config.setMaxOutgoingLinksToFollow(Links.MAX_LINKS);
    config.setLanguageDetection(false);
    config.setOnlineTldListUpdate(false);
    config.setHaltOnError(false);
    // the defaults (3 x 10 s) make every crawl linger about 40 s after its last page
    config.setShutdownOnEmptyQueue(true);
    config.setThreadMonitoringDelaySeconds(1);
    config.setThreadShutdownDelaySeconds(1);
    config.setCleanupDelaySeconds(0);
    return config;
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

  /** The policy notes of a page (e.g. {@code robots-override}). */
  Map<String, String> notesFor(String url) {
    return policy.notesFor(url);
  }

  private boolean isSeed(String url) {
    return url != null && (url.equals(request.url()) || seedUrls.contains(url));
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
      byte[] body = page.getContentData() == null ? new byte[0] : page.getContentData();
      DecodedPage decoded =
          page.getParseData() instanceof DecodedPage d
              ? d
              : new DecodedPage(
                  BodyDecoder.mediaType(page.getContentType()), null, "", List.of(), Set.of());
      String host = Sites.hostOf(finalUrl);
      Captures.Capture capture = captures.take(finalUrl);
      String serverIp =
          capture != null && capture.serverIp() != null
              ? capture.serverIp()
              : resolver.addressOf(host);
      FetchedPage fetched =
          new FetchedPage(
              FetchedPage.VERSION,
              site(),
              redirectedFrom.getOrDefault(finalUrl, finalUrl),
              finalUrl,
              page.getStatusCode(),
              headers(page.getFetchResponseHeaders()),
              fetchedAt,
              serverIp,
              decoded.mediaType,
              decoded.charset,
              decoded.text,
              page.isTruncated() || (capture != null && capture.truncated()),
              sha256(body),
              body.length,
              Math.max(0, page.getWebURL().getDepth()),
              decoded.links);
      policy.fetched(body.length);
      Map<String, String> notes = new LinkedHashMap<>(notesFor(finalUrl));
      if (capture != null) {
        notes.putAll(capture.notes());
        fetched = fetched.withCapture(capture.warc(), notes);
        if (capture.warcError() != null) {
          failure(
              finalUrl,
              Outcome.Kind.OTHER,
              "WARC write failed, page published without a WARC reference: " + capture.warcError(),
              Map.of("rule", "warc"));
        }
      } else {
        fetched = fetched.withCapture(null, notes);
      }
      emitter.page(fetched);
      pages.incrementAndGet();
      progress.page(body.length);
      if (isSeed(fetched.requestedUrl()) || isSeed(finalUrl)) {
        seed.compareAndSet(null, Map.of("seedStatus", Integer.toString(fetched.status()),
            "seedSha256", fetched.bodySha256(), "seedUrl", finalUrl));
      }
      for (String link : decoded.links) {
        publishIfCrossSite(link, finalUrl);
      }
    } catch (RuntimeException e) {
      log.warn("could not report page {} of site {}", finalUrl, site(), e);
      failure(
          finalUrl, Outcome.Kind.OTHER, "internal error while reporting the page: " + e, Map.of());
    }
  }

  void onRedirect(String from, String to) {
    if (to == null) {
      return;
    }
    String original = redirectedFrom.getOrDefault(from, from);
    if (inScope(to)) {
      HopTracker.Decision decision = hopTracker.redirect(from, to);
      if (decision != HopTracker.Decision.FOLLOW) {
        refusedRedirectTargets.add(to);
        List<String> chain = new java.util.ArrayList<>(hopTracker.redirectChain(from));
        chain.add(from);
        chain.add(to);
        String reason =
            decision == HopTracker.Decision.LOOP
                ? "redirect loop: " + String.join(" -> ", chain)
                : "too many redirects: more than "
                    + HopTracker.MAX_REDIRECTS
                    + " in a row from "
                    + original;
        failure(
            original,
            Outcome.Kind.FETCH_FAILED,
            reason,
            Map.of("rule", decision == HopTracker.Decision.LOOP ? "redirect-loop" : "redirect-limit"));
        return;
      }
      redirectedFrom.put(to, original);
    } else {
      // a redirect to another site counts as a hop like a link does: otherwise two sites that
      // redirect to each other would request each other forever
      int hops = request.hops() + 1;
      if (hops > settings.maxSiteHops()) {
        redirectedBeyondHops.add(to);
        log.debug("not following redirect {} -> {}: beyond crawler.max-site-hops", from, to);
        return;
      }
      redirectedAway.add(to);
      publishCrossSite(to, from, hops);
    }
  }

  /** Whether crawler4j may schedule the target of a redirect just reported to {@link #onRedirect}. */
  boolean followsRedirectTo(String url) {
    return !refusedRedirectTargets.contains(url);
  }

  void onException(String url, Throwable e) {
    if (stopping) {
      return; // shutting the fetcher down aborts the request in flight; that is not the site's
      // fault
    }
    String target = url == null ? request.url() : url;
    if (url != null) {
      responded(url); // the exchange ended here (timeout, reset): the next request waits from now
    }
    RefusedAddressException refused = causeOf(e, RefusedAddressException.class);
    if (refused != null) {
      failure(target, Outcome.Kind.REFUSED, refused.getMessage(), Map.of());
      return;
    }
    UnknownHostException dns = causeOf(e, UnknownHostException.class);
    if (dns != null) {
      failure(
          target, Outcome.Kind.FETCH_FAILED, "DNS lookup failed: " + dns.getMessage(), Map.of());
      return;
    }
    TotalTimeoutException total = causeOf(e, TotalTimeoutException.class);
    if (total != null) {
      failure(target, Outcome.Kind.FETCH_FAILED, total.getMessage(), Map.of("rule", "total-timeout"));
      return;
    }
    UnusableResponseException unusable = causeOf(e, UnusableResponseException.class);
    if (unusable != null) {
      failure(
          target, Outcome.Kind.FETCH_FAILED, unusable.getMessage(), Map.of("rule", "content-coding"));
      return;
    }
    String what;
    if (causeOf(e, SocketTimeoutException.class) != null) {
      what = "timed out";
    } else if (causeOf(e, ConnectException.class) != null
        || causeOf(e, NoRouteToHostException.class) != null) {
      what = "connection failed";
    } else if (e instanceof IOException) {
      what = "fetch failed";
    } else {
      log.warn("unexpected error while crawling {}", target, e);
      failure(target, Outcome.Kind.OTHER, "unexpected error: " + e, Map.of());
      return;
    }
    failure(
        target,
        Outcome.Kind.FETCH_FAILED,
        what
            + ": "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
        Map.of());
  }

  void failure(String url, Outcome.Kind kind, String reason, Map<String, String> details) {
    failures.incrementAndGet();
    progress.failure();
    if (isSeed(url) && !"warc".equals(details.get("rule"))) {
      // a failure of the seed itself (a WARC write failure says nothing about the site)
      seed.compareAndSet(null, details.containsKey("status")
          ? Map.of("seedError", reason, "seedStatus", details.get("status"))
          : Map.of("seedError", reason));
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

  // --- helpers ---

  public static Map<String, String> headers(Header[] headers) {
    Map<String, String> map = new LinkedHashMap<>();
    if (headers != null) {
      for (Header h : headers) {
        if (h.getName() == null) {
          continue;
        }
        String value = h.getValue() == null ? "" : h.getValue();
        map.merge(h.getName().toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b);
      }
    }
    return map;
  }

  public static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
