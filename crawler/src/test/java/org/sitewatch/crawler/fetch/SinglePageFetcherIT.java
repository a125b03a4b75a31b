package org.sitewatch.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.testing.HostileServer;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.FetchedPage;

/** {@link SinglePageFetcher} against a loopback HTTP server with virtual hosts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinglePageFetcherIT {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final int CAP = 64 * 1024;
  private static final String GBK_TEXT = "免费成人视频 色情内容 VIP会员充值";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private VirtualHosts web;
  private String base;
  private SinglePageFetcher fetcher;

  @BeforeAll
  void serve() throws IOException {
    web = new VirtualHosts();
    base = "http://www.shop.test:" + web.port();
    web.add(
        "www.shop.test",
        "/",
        VirtualHosts.Response.html(
            "<html><body><h1>adult videos</h1><p>VIP会员</p>"
                + "<a href='/about'>about</a><a href='http://news.test/'>news</a></body></html>"));
    web.add(
        "gbk.shop.test",
        "/",
        new VirtualHosts.Response(
            200,
            "text/html; charset=gb2312",
            ("<html><head><title>成人视频门户</title></head><body>" + GBK_TEXT + "</body></html>")
                .getBytes(Charset.forName("GBK")),
            false));
    web.add("www.shop.test", "/r1", VirtualHosts.Response.redirect("/r2"));
    web.add(
        "www.shop.test",
        "/r2",
        VirtualHosts.Response.redirect("http://gbk.shop.test:" + web.port() + "/r3"));
    web.add(
        "gbk.shop.test",
        "/r3",
        VirtualHosts.Response.redirect("http://www.shop.test:" + web.port() + "/"));
    web.add("www.shop.test", "/loop", VirtualHosts.Response.redirect("/loop"));
    web.add(
        "www.shop.test",
        "/to-intranet",
        VirtualHosts.Response.redirect("http://intranet.shop.test:" + web.port() + "/admin"));
    web.add(
        "intranet.shop.test",
        "/admin",
        VirtualHosts.Response.html("<html><body>should never be fetched</body></html>"));
    byte[] big =
        ("<html><body>" + "x".repeat(4 * CAP) + "</body></html>")
            .getBytes(StandardCharsets.US_ASCII);
    web.add(
        "www.shop.test", "/big-chunked", new VirtualHosts.Response(200, "text/html", big, true));
    web.add("www.shop.test", "/big-fixed", new VirtualHosts.Response(200, "text/html", big, false));
    web.add(
        "www.shop.test",
        "/report.bin",
        new VirtualHosts.Response(200, "application/octet-stream", new byte[16], false));
    web.addDrip("www.shop.test", "/slow", 100);
    fetcher = new SinglePageFetcher(settings(true), clock, Duration.ofMillis(1500));
  }

  @AfterAll
  void stop() {
    if (fetcher != null) {
      fetcher.close();
    }
    if (web != null) {
      web.close();
    }
  }

  @Test
  void fetchesAPageWithItsSiteServerIpHashAndAbsoluteLinks() throws Exception {
    FetchedPage page = fetcher.fetch(base + "/");
    assertThat(page.site()).isEqualTo("shop.test");
    assertThat(page.requestedUrl()).isEqualTo(base + "/");
    assertThat(page.finalUrl()).isEqualTo(base + "/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.serverIp()).isEqualTo("127.0.0.1");
    assertThat(page.fetchedAt()).isEqualTo(NOW);
    assertThat(page.contentType()).isEqualTo("text/html");
    assertThat(page.charset()).isEqualTo("UTF-8");
    assertThat(page.content()).contains("adult videos").contains("VIP会员");
    assertThat(page.contentTruncated()).isFalse();
    assertThat(page.headers()).containsEntry("x-test-server", "virtual-hosts");
    assertThat(page.outlinks()).containsExactly(base + "/about", "http://news.test/");
    assertThat(page.bodySha256())
        .isEqualTo(Sha256.hex(page.content().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void hashesAGzippedBodyAsSentAndDecodesItLikeTheCrawler() throws Exception {
    try (HostileServer hostile = new HostileServer()) {
      for (String path : List.of("/gzipped", "/gzipped-chunked")) {
        FetchedPage page = fetcher.fetch("http://127.0.0.1:" + hostile.port() + path);
        assertThat(page.content()).as(path).contains(HostileServer.GZIPPED_TEXT);
        assertThat(page.bodySha256()).as(path).isEqualTo(Sha256.hex(hostile.gzippedBody()));
        assertThat(page.bodyLength()).as(path).isEqualTo(hostile.gzippedBody().length);
        assertThat(page.contentTruncated()).as(path).isFalse();
      }
    }
  }

  @Test
  void decodesAPageDeclaredAsGb2312AsGbk() throws Exception {
    FetchedPage page = fetcher.fetch("http://gbk.shop.test:" + web.port() + "/");
    assertThat(page.charset()).isEqualTo("GBK");
    assertThat(page.content()).contains(GBK_TEXT).contains("<title>成人视频门户</title>");
  }

  @Test
  void publishesANonHtmlBodyWithoutContentLikeTheCrawler() throws Exception {
    FetchedPage page = fetcher.fetch(base + "/report.bin");
    assertThat(page.contentType()).isEqualTo("application/octet-stream");
    assertThat(page.content()).isEmpty();
    assertThat(page.bodyLength()).isEqualTo(16);
  }

  @Test
  void followsARedirectChainAcrossHostsAndReportsTheFinalUrl() throws Exception {
    FetchedPage page = fetcher.fetch(base + "/r1");
    assertThat(page.requestedUrl()).isEqualTo(base + "/r1");
    assertThat(page.finalUrl()).isEqualTo(base + "/");
    assertThat(page.content()).contains("adult videos");
  }

  @Test
  void givesUpAfterFiveRedirects() {
    assertThatThrownBy(() -> fetcher.fetch(base + "/loop"))
        .isInstanceOf(IOException.class)
        .hasMessage("too many redirects fetching " + base + "/loop: more than 5");
  }

  @Test
  void refusesARedirectToARefusedAddressWithoutConnecting() {
    assertThatThrownBy(() -> fetcher.fetch(base + "/to-intranet"))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "refused: intranet.shop.test resolves to 0.0.0.0, an unspecified (any-local) address,"
                + " never a crawl target (redirected from "
                + base
                + "/to-intranet)");
    assertThat(web.requests()).noneMatch(r -> r.startsWith("intranet.shop.test"));
  }

  @Test
  void cutsAnOversizedBodyAtTheCapAndMarksItTruncated() throws Exception {
    for (String path : new String[] {"/big-chunked", "/big-fixed"}) {
      long before = System.nanoTime();
      FetchedPage page = fetcher.fetch(base + path);
      assertThat(page.contentTruncated()).as(path).isTrue();
      assertThat(page.bodyLength()).as(path).isEqualTo(CAP);
      assertThat(page.content()).as(path).hasSize(CAP);
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void endsAFetchThatOutlivesItsOverallDeadline() {
    long before = System.nanoTime();
    assertThatThrownBy(() -> fetcher.fetch(base + "/slow"))
        .isInstanceOf(IOException.class)
        .hasMessage("fetch of " + base + "/slow did not finish within its deadline of 1500 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void refusesLoopbackWhenPrivateAddressesAreNotAllowed() {
    int before = web.requests().size();
    try (SinglePageFetcher strict = new SinglePageFetcher(settings(false), clock)) {
      assertThatThrownBy(() -> strict.fetch("http://127.0.0.1:" + web.port() + "/"))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "refused: 127.0.0.1 is a loopback address; set crawler.allow-private-addresses"
                  + " (--allow-loopback) to allow it");
      assertThatThrownBy(() -> strict.fetch(base + "/"))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "refused: www.shop.test resolves to 127.0.0.1, a loopback address");
    }
    assertThat(web.requests()).hasSize(before);
  }

  @Test
  void refusesAUrlThatIsNotHttp() {
    assertThatThrownBy(() -> fetcher.fetch("ftp://www.shop.test/file"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an http(s) URL");
  }

  private static CrawlerSettings settings(boolean allowPrivate) {
    CrawlerSettings d = CrawlerSettings.defaults(Path.of("target", "unused"));
    return CrawlerSettings.builder()
        .maxPagesPerSite(d.maxPagesPerSite())
        .maxDepth(d.maxDepth())
        .maxSiteHops(d.maxSiteHops())
        .politenessDelayMs(d.politenessDelayMs())
        .maxConcurrentSites(d.maxConcurrentSites())
        .maxBodyBytes(CAP)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(2_000)
        .userAgent(d.userAgent())
        .respectRobots(d.respectRobots())
        .allowPrivateAddresses(allowPrivate)
        .onlyResolvedHosts(true)
        .resolve(
            Map.of(
                "www.shop.test",
                "127.0.0.1",
                "gbk.shop.test",
                "127.0.0.1",
                "intranet.shop.test",
                "0.0.0.0"))
        .recrawlAfter(d.recrawlAfter())
        .workDir(d.workDir())
        .groupId(d.groupId())
        .capture(CaptureSettings.defaults().withWarcDir(d.workDir().resolve("warc")))
        .build();
  }
}
