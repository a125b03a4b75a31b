package org.sitewatch.crawler;

import crawlercommons.filters.basic.BasicURLNormalizer;
import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.crawler.CrawlController;
import edu.uci.ics.crawler4j.crawler.Page;
import edu.uci.ics.crawler4j.fetcher.PageFetcher;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtConfig;
import edu.uci.ics.crawler4j.robotstxt.RobotstxtServer;
import edu.uci.ics.crawler4j.url.TLDList;
import edu.uci.ics.crawler4j.url.WebURL;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
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
import org.apache.hc.core5.http.Header;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site crawl: a crawler4j controller with an {@link InMemoryFrontier}, one fetch thread, the
 * worker's {@link HostPoliteness} and a {@link GuardedDnsResolver}. Pages, failures and cross-site
 * links go to the {@link Emitter} as they happen; {@link #run()} returns when the crawl is over and
 * its fetch thread has ended. Nothing is written to disk.
 */
final class SiteCrawl implements SiteJobs.Job {
  private static final Logger log = LoggerFactory.getLogger(SiteCrawl.class);

  private final CrawlRequest request;
  private final String scope;
  private final CrawlerSettings settings;
  private final Emitter emitter;
  private final Clock clock;
  private final TLDList tlds;
  private final GuardedDnsResolver resolver;
  private final AtomicInteger pages = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final Set<String> linkedSites = ConcurrentHashMap.newKeySet();
  private final Map<String, String> redirectedFrom = new ConcurrentHashMap<>();
  private final Set<String> redirectedAway = ConcurrentHashMap.newKeySet();
  private final Set<String> redirectedBeyondHops = ConcurrentHashMap.newKeySet();
  private final HostPoliteness politeness;
  private final InMemoryFrontier.Snapshot resumeFrom;
  private volatile boolean stopping;
  private volatile CrawlController controller;
  private volatile InMemoryFrontier frontier;

  /** A crawl with its own politeness (tests; a worker shares one between its crawls). */
  SiteCrawl(
      CrawlRequest request, CrawlerSettings settings, Emitter emitter, Clock clock, TLDList tlds) {
    this(request, settings, emitter, clock, tlds, new HostPoliteness(), null);
  }

  /**
   * @param tlds crawler4j's suffix list, shared by the jobs of a worker (it is read-only)
   * @param politeness the worker's per-host send slots, shared by its crawls
   * @param resumeFrom the frontier of an earlier, unfinished crawl of this site to continue (its
   *     processed URLs are not fetched again, its pending ones first), or null to start afresh
   */
  SiteCrawl(
      CrawlRequest request,
      CrawlerSettings settings,
      Emitter emitter,
      Clock clock,
      TLDList tlds,
      HostPoliteness politeness,
      InMemoryFrontier.Snapshot resumeFrom) {
    this.politeness = politeness;
    this.resumeFrom = resumeFrom;
    this.request = request;
    this.scope = Sites.siteOf(request.url());
    this.settings = settings;
    this.emitter = emitter;
    this.clock = clock;
    this.tlds = tlds;
    this.resolver = new GuardedDnsResolver(settings);
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

  /**
   * The crawl's pending and processed URLs at this moment (for a checkpoint), or empty before the
   * crawl has built its frontier.
   */
  Optional<InMemoryFrontier.Snapshot> snapshot() {
    InMemoryFrontier f = frontier;
    return f == null ? Optional.empty() : Optional.of(f.snapshot());
  }

  @Override
  public void stop() {
    stopping = true;
    CrawlController c = controller;
    if (c != null && !c.isShuttingDown()) {
      c.shutdown();
    }
  }

  @Override
  public SiteReport run() throws Exception {
    String url = request.url();
    String host = Sites.hostOf(url);
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
    InMemoryFrontier frontier = null;
    boolean started = false;
    try {
      CrawlConfig config = crawlConfig();
      BasicURLNormalizer normalizer = new BasicURLNormalizer();
      fetcher =
          new PageFetcher(
              config, normalizer, politeness.forCrawl(settings.politenessDelayMs()));
      frontier =
          resumeFrom == null
              ? new InMemoryFrontier(config.getMaxPagesToFetch())
              : InMemoryFrontier.resume(config.getMaxPagesToFetch(), resumeFrom, tlds);
      this.frontier = frontier;
      RobotstxtConfig robotsConfig = new RobotstxtConfig();
      robotsConfig.setEnabled(settings.respectRobots());
      robotsConfig.setUserAgentName(settings.robotsAgentName());
      RobotstxtServer robots =
          new RobotstxtServer(robotsConfig, fetcher, frontier.getWebURLFactory());
      PageParser parser = new PageParser(config, normalizer, tlds, frontier.getWebURLFactory());
      CrawlController c =
          new CrawlController(config, normalizer, fetcher, parser, robots, tlds, frontier);
      if (settings.respectRobots()) {
        WebURL seed = frontier.getWebURLFactory().newWebUrl();
        seed.setTldList(tlds);
        seed.setURL(url);
        if (!robots.allows(seed)) {
          String reason =
              "refused: robots.txt of "
                  + host
                  + " disallows "
                  + url
                  + " for agent '"
                  + settings.robotsAgentName()
                  + "'";
          failure(url, Outcome.Kind.REFUSED, reason, Map.of("rule", "robots.txt"));
          return report(SiteReport.REFUSED, reason);
        }
      }
      c.addSeeds(List.of(url)); // addSeed(String) would never wake the idle crawler thread
      controller = c;
      if (stopping) {
        c.shutdown();
      }
      started = true;
      runToEnd(c, frontier);
    } finally {
      if (!started) {
        if (fetcher != null) {
          fetcher.shutDown();
        }
        if (frontier != null) {
          frontier.close();
        }
      }
    }
    int fetched = pages.get();
    if (fetched > 0) {
      return report(
          SiteReport.OK, "crawled " + fetched + " page(s), " + failures.get() + " failure(s)");
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

  private SiteReport report(String result, String reason) {
    return new SiteReport(result, reason, pages.get(), failures.get(), stopping);
  }

  /**
   * Starts the fetch thread and waits for the end of the crawl. The controller's monitor notices
   * an empty frontier only after 2-3 s (it sleeps whole seconds); the frontier knows at once when
   * the last URL was processed, and then the crawl is ended through the controller's own shutdown.
   * Returns after the fetch thread ended, so no callback runs after {@link #run()}; the monitor
   * thread finishes its clean-up (about a second later) on its own. An interrupt stops the crawl.
   */
  private void runToEnd(CrawlController c, InMemoryFrontier frontier) {
    List<SiteCrawler> crawlers = new CopyOnWriteArrayList<>();
    c.startNonBlocking(
        () -> {
          SiteCrawler crawler = new SiteCrawler(this);
          crawlers.add(crawler);
          return crawler;
        },
        1);
    try {
      if (frontier.awaitEnd()) {
        if (!c.isShuttingDown()) {
          c.shutdown();
        }
        for (SiteCrawler crawler : crawlers) {
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
      Thread.currentThread().interrupt();
    }
  }

  private CrawlConfig crawlConfig() {
    CrawlConfig config = new CrawlConfig();
    // the controller insists on a folder and creates it; with the in-memory frontier nothing is
    // written there
    config.setCrawlStorageFolder(settings.workDir().toAbsolutePath().toString());
    // one URL per request to the frontier: priorities take effect at once, and a snapshot lists
    // at most the page in flight as assigned
    config.setBatchReadSize(1);
    config.setMaxPagesToFetch(settings.maxPagesPerSite());
    config.setMaxDepthOfCrawling(settings.maxDepth());
    config.setPolitenessDelay((int) settings.politenessDelayMs());
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

  // --- callbacks from the fetch thread (SiteCrawler) ---

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
      FetchedPage fetched =
          new FetchedPage(
              FetchedPage.VERSION,
              site(),
              redirectedFrom.getOrDefault(finalUrl, finalUrl),
              finalUrl,
              page.getStatusCode(),
              headers(page.getFetchResponseHeaders()),
              fetchedAt,
              resolver.addressOf(host),
              decoded.mediaType,
              decoded.charset,
              decoded.text,
              page.isTruncated(),
              sha256(body),
              body.length,
              Math.max(0, page.getWebURL().getDepth()),
              decoded.links);
      emitter.page(fetched);
      pages.incrementAndGet();
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

  void onException(String url, Throwable e) {
    if (stopping) {
      return; // shutting the fetcher down aborts the request in flight; that is not the site's
      // fault
    }
    String target = url == null ? request.url() : url;
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
    emitter.outcome(
        new Outcome(
            Outcome.VERSION, site(), url, Outcome.Stage.CRAWLER, kind, reason, now(), details));
  }

  private void publishIfCrossSite(String link, String referrer) {
    int hops = request.hops() + 1;
    if (hops > settings.maxSiteHops()) {
      return;
    }
    publishCrossSite(link, referrer, hops);
  }

  private void publishCrossSite(String link, String referrer, int hops) {
    String target;
    try {
      target = Sites.siteOf(link);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (target.equals(scope) || !linkedSites.add(target)) {
      return; // one request per linked site per crawl: the receiving worker crawls the whole site
    }
    emitter.request(
        new CrawlRequest(
            CrawlRequest.VERSION, link, target, CrawlRequest.Source.LINK, hops, referrer, now()));
  }

  // --- helpers ---

  static Map<String, String> headers(Header[] headers) {
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

  static String sha256(byte[] body) {
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
