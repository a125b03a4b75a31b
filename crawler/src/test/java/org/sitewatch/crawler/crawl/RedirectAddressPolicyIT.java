package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.url.TLDList;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/**
 * Redirects towards addresses the address policy refuses, served from a loopback server. Hosts
 * mapped to {@code 0.0.0.0} are refused always, yet a connection to {@code 0.0.0.0:port} reaches
 * the loopback server on Linux: a request that slipped past the policy would show up in its hits. A
 * redirect to another site becomes a crawl request; the policy applies when that request is
 * crawled, here under the default policy (loopback and private addresses refused).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedirectAddressPolicyIT {
  private VirtualHosts web;
  private Path dir;
  private TLDList tlds;
  private final Clock clock = Clock.systemUTC();

  /** What one crawl emitted and how it ended. */
  record Crawl(
      SiteReport report,
      List<FetchedPage> pages,
      List<Outcome> outcomes,
      List<CrawlRequest> requests) {}

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    web = new VirtualHosts();
    tlds = new TLDList(new CrawlConfig());
    web.add(
        "www.shop.test",
        "/metadata",
        VirtualHosts.Response.redirect("http://169.254.169.254/latest/meta-data/"));
    web.add(
        "www.shop.test",
        "/mapped",
        VirtualHosts.Response.redirect("http://[::ffff:127.0.0.1]:" + web.port() + "/secret"));
    web.add(
        "www.shop.test",
        "/intranet",
        VirtualHosts.Response.redirect("http://intranet.corp.test:" + web.port() + "/admin"));
    web.add(
        "www.shop.test",
        "/to-admin",
        VirtualHosts.Response.redirect("http://admin.shop.test:" + web.port() + "/admin"));
    web.add("admin.shop.test", "/admin", VirtualHosts.Response.html("<p>admin</p>"));
    web.add("intranet.corp.test", "/admin", VirtualHosts.Response.html("<p>admin</p>"));
    web.add(
        "www.robots.test",
        "/robots.txt",
        VirtualHosts.Response.redirect("http://admin.robots.test:" + web.port() + "/robots.txt"));
    web.add("www.robots.test", "/", VirtualHosts.Response.html("<p>home</p>"));
    // a site whose names are answered by a fake DNS (dnsAnswers): its first page is on loopback
    web.add(
        "www.dns.test",
        "/",
        VirtualHosts.Response.html(
            "<p>adult videos</p><a href='"
                + url("meta.dns.test", "/latest/meta-data/")
                + "'>more</a> <a href='/go'>members only</a>"));
    web.add("www.dns.test", "/go", VirtualHosts.Response.redirect(url("inner.dns.test", "/admin")));
    web.add("meta.dns.test", "/latest/meta-data/", VirtualHosts.Response.html("<p>meta</p>"));
    web.add("inner.dns.test", "/admin", VirtualHosts.Response.html("<p>admin</p>"));
  }

  /**
   * The fake DNS: {@code inner.dns.test} answers with loopback (where the test server would serve
   * it) and a carrier-grade NAT address, so a lookup whose answers were not all checked would reach
   * the test server and show up in its hits.
   */
  private final Map<String, List<String>> dnsAnswers =
      Map.of(
          "www.dns.test", List.of("127.0.0.1"),
          "meta.dns.test", List.of("169.254.169.254"),
          "inner.dns.test", List.of("127.0.0.1", "100.64.0.5"));

  private final List<String> lookups = new CopyOnWriteArrayList<>();

  private java.net.InetAddress[] fakeDns(String host) throws java.net.UnknownHostException {
    lookups.add(host);
    List<String> answers = dnsAnswers.get(host);
    if (answers == null) {
      throw new java.net.UnknownHostException(host + " is not in the fake DNS");
    }
    java.net.InetAddress[] out = new java.net.InetAddress[answers.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          java.net.InetAddress.getByAddress(
              host,
              org.sitewatch.common.net.IpLiterals.parse(answers.get(i)).orElseThrow().getAddress());
    }
    return out;
  }

  @AfterAll
  void stop() {
    web.close();
  }

  /** A crawler on loopback ({@code allowPrivate}) or under the default policy. */
  private CrawlerSettings settings(boolean allowPrivate, boolean respectRobots) {
    return CrawlerSettings.builder()
        .maxPagesPerSite(10)
        .maxDepth(2)
        .maxSiteHops(1)
        .politenessDelayMs(0)
        .maxConcurrentSites(1)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(2_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(respectRobots)
        .allowPrivateAddresses(allowPrivate)
        .onlyResolvedHosts(false)
        .resolve(
            Map.of(
                "www.shop.test", "127.0.0.1",
                "admin.shop.test", "0.0.0.0",
                "intranet.corp.test", "127.0.0.1",
                "www.robots.test", "127.0.0.1",
                "admin.robots.test", "0.0.0.0"))
        .recrawlAfter(Duration.ZERO)
        .workDir(dir.resolve("frontiers"))
        .groupId("redirect-policy")
        .capture(CaptureSettings.defaults().withWarcDir(dir.resolve("warc")))
        .build();
  }

  private static CrawlRequest seed(String url) {
    return new CrawlRequest(
        CrawlRequest.VERSION,
        url,
        org.sitewatch.common.net.Sites.siteOf(url),
        CrawlRequest.Source.SEED,
        0,
        null,
        Instant.now());
  }

  private Crawl crawl(CrawlRequest request, CrawlerSettings settings) throws Exception {
    List<FetchedPage> pages = new CopyOnWriteArrayList<>();
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    List<CrawlRequest> requests = new CopyOnWriteArrayList<>();
    Emitter emitter =
        new Emitter() {
          @Override
          public void page(FetchedPage page) {
            pages.add(page);
          }

          @Override
          public void outcome(Outcome outcome) {
            outcomes.add(outcome);
          }

          @Override
          public void request(CrawlRequest request) {
            requests.add(request);
          }
        };
    SiteReport report = new SiteCrawl(request, settings, emitter, clock, tlds, null).run();
    return new Crawl(report, pages, outcomes, requests);
  }

  /** A crawl whose names are looked up in {@link #fakeDns}, not in {@code crawler.resolve}. */
  private Crawl crawlWithFakeDns(CrawlRequest request, CrawlerSettings settings) throws Exception {
    List<FetchedPage> pages = new CopyOnWriteArrayList<>();
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    List<CrawlRequest> requests = new CopyOnWriteArrayList<>();
    Emitter emitter =
        new Emitter() {
          @Override
          public void page(FetchedPage page) {
            pages.add(page);
          }

          @Override
          public void outcome(Outcome outcome) {
            outcomes.add(outcome);
          }

          @Override
          public void request(CrawlRequest request) {
            requests.add(request);
          }
        };
    SiteReport report =
        new SiteCrawl(
                request,
                settings,
                emitter,
                clock,
                tlds,
                org.sitewatch.crawler.state.CrawlProgress.untracked(request, clock),
                new org.sitewatch.crawler.metrics.CrawlerMetrics(),
                null,
                org.sitewatch.crawler.LinkScorer.NONE,
                new org.sitewatch.crawler.policy.HostContacts(),
                new org.sitewatch.crawler.net.GuardedDnsResolver(settings, this::fakeDns),
                null)
            .run();
    return new Crawl(report, pages, outcomes, requests);
  }

  private String url(String host, String path) {
    return "http://" + host + ":" + web.port() + path;
  }

  private boolean served(String path) {
    return web.hits().stream().anyMatch(h -> h.path().equals(path));
  }

  @Test
  void
      aLinkAndARedirectFromAnAllowedFirstPageToNamesResolvingToRefusedAddressesAreRefusedInTheCrawl()
          throws Exception {
    Crawl crawl = crawlWithFakeDns(seed(url("www.dns.test", "/")), settings(true, true));

    assertThat(lookups).contains("www.dns.test", "meta.dns.test", "inner.dns.test");
    assertThat(crawl.report().result()).isEqualTo(CrawlResult.OK);
    assertThat(crawl.pages())
        .extracting(FetchedPage::finalUrl)
        .containsExactly(url("www.dns.test", "/"));
    assertThat(crawl.requests()).as("same site: nothing handed to another crawl").isEmpty();
    assertThat(crawl.outcomes())
        .filteredOn(o -> o.kind() == Outcome.Kind.REFUSED)
        .satisfiesExactlyInAnyOrder(
            o -> {
              assertThat(o.url()).isEqualTo(url("meta.dns.test", "/latest/meta-data/"));
              assertThat(o.reason())
                  .isEqualTo(
                      "refused: meta.dns.test resolves to 169.254.169.254, a cloud metadata"
                          + " service address, never a crawl target");
            },
            o -> {
              assertThat(o.url()).isEqualTo(url("inner.dns.test", "/admin"));
              assertThat(o.reason()).startsWith("refused: inner.dns.test resolves to 100.64.0.5");
            });
    assertThat(web.hits())
        .as("the loopback server saw nothing of the refused names")
        .noneMatch(h -> h.host().equals("meta.dns.test") || h.host().equals("inner.dns.test"));
  }

  @Test
  void aRedirectToTheCloudMetadataAddressIsRefusedWhenItsRequestIsCrawled() throws Exception {
    Crawl first = crawl(seed(url("www.shop.test", "/metadata")), settings(true, false));
    assertThat(first.pages()).isEmpty();
    assertThat(first.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.url()).isEqualTo("http://169.254.169.254/latest/meta-data/"));

    Crawl redirected = crawl(first.requests().get(0), settings(true, false));

    assertThat(redirected.report().result()).isEqualTo(CrawlResult.REFUSED);
    assertThat(redirected.pages()).isEmpty();
    assertThat(redirected.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.REFUSED);
              assertThat(o.url()).isEqualTo("http://169.254.169.254/latest/meta-data/");
              assertThat(o.reason())
                  .isEqualTo(
                      "refused: 169.254.169.254 is a cloud metadata service address, never a"
                          + " crawl target");
            });
  }

  @Test
  void aRedirectToTheIpv4MappedLoopbackLiteralIsRefusedUnderTheDefaultPolicy() throws Exception {
    String target = url("[::ffff:127.0.0.1]", "/secret");
    Crawl first = crawl(seed(url("www.shop.test", "/mapped")), settings(true, false));
    // crawler4j cannot take an IPv6 literal from a Location header: the redirect is a failure
    assertThat(first.requests()).isEmpty();
    assertThat(first.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.FETCH_FAILED);
              assertThat(o.reason()).contains("redirect without a usable Location header");
            });

    // the same target as a request of its own (a link, a tip): the address policy refuses it
    Crawl direct =
        crawl(
            new CrawlRequest(
                CrawlRequest.VERSION,
                target,
                "127.0.0.1",
                CrawlRequest.Source.LINK,
                1,
                url("www.shop.test", "/mapped"),
                Instant.now()),
            settings(false, false));

    assertThat(direct.report().result()).isEqualTo(CrawlResult.REFUSED);
    assertThat(direct.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.REFUSED);
              assertThat(o.reason()).startsWith("refused: 127.0.0.1 is a loopback address;");
            });
    assertThat(served("/secret")).as("a request reached the loopback server").isFalse();
  }

  @Test
  void aRedirectToAnotherSiteOnALoopbackAddressIsNeverFetchedUnderTheDefaultPolicy()
      throws Exception {
    Crawl first = crawl(seed(url("www.shop.test", "/intranet")), settings(true, false));
    assertThat(first.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.url()).isEqualTo(url("intranet.corp.test", "/admin")));

    Crawl redirected = crawl(first.requests().get(0), settings(false, false));

    assertThat(redirected.report().result()).isEqualTo(CrawlResult.REFUSED);
    assertThat(redirected.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.REFUSED);
              assertThat(o.reason())
                  .startsWith("refused: intranet.corp.test resolves to 127.0.0.1, a loopback");
            });
    assertThat(web.requests()).doesNotContain("intranet.corp.test /admin");
  }

  @Test
  void aRedirectInsideTheSiteToARefusedAddressIsAnOutcomeAndNeverFetched() throws Exception {
    Crawl crawl = crawl(seed(url("www.shop.test", "/to-admin")), settings(true, false));

    assertThat(crawl.pages()).isEmpty();
    assertThat(crawl.outcomes())
        .anySatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.REFUSED);
              assertThat(o.url()).isEqualTo(url("admin.shop.test", "/admin"));
              assertThat(o.reason())
                  .startsWith("refused: admin.shop.test resolves to 0.0.0.0")
                  .contains("never a crawl target");
            });
    assertThat(web.requests()).doesNotContain("admin.shop.test /admin");
  }

  @Test
  void aRobotsTxtRedirectedToARefusedAddressIsUnavailableSoNothingIsFetched() throws Exception {
    Crawl crawl = crawl(seed(url("www.robots.test", "/")), settings(true, true));

    // RFC 9309: a robots.txt that cannot be had (not a 4xx) is unavailable, so the site is not
    // crawled; the host itself answered, so this is not "no connection at all"
    assertThat(crawl.report().result()).isEqualTo(CrawlResult.UNREACHABLE);
    assertThat(crawl.pages()).isEmpty();
    assertThat(crawl.outcomes())
        .anySatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.FETCH_FAILED);
              assertThat(o.url()).isEqualTo(url("www.robots.test", "/"));
              assertThat(o.details()).containsEntry("rule", "robots.txt");
              assertThat(o.reason())
                  .startsWith("refused: robots.txt of www.robots.test is unavailable")
                  .contains("refused: admin.robots.test resolves to 0.0.0.0");
            });
    assertThat(web.requests())
        .contains("www.robots.test /robots.txt")
        .doesNotContain("admin.robots.test /robots.txt", "www.robots.test /");
  }
}
