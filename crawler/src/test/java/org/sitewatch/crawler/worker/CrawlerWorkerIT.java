package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.net.Sites;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.testing.TopicReader;
import org.sitewatch.crawler.testing.VirtualHosts;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * A real worker against an in-process Kafka broker and a loopback HTTP server with virtual hosts.
 * The main crawl runs once in {@link #crawlTheFixtureSites()}; each test checks one behaviour of
 * it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrawlerWorkerIT {
  private static final String ALPHA = "www.alpha-shop.test";
  private static final String GBK_TEXT = "免费成人视频 色情内容 VIP会员充值";

  private final Clock clock = Clock.systemUTC();
  private Path workDir;
  private EmbeddedKafka kafka;
  private VirtualHosts web;
  private int port;
  private Topics topics;
  private byte[] alphaIndex;
  private TopicReader<FetchedPage> pages;
  private TopicReader<Outcome> outcomes;
  private TopicReader<CrawlRequest> requests;

  @BeforeAll
  void crawlTheFixtureSites() throws Exception {
    workDir = Files.createTempDirectory("crawler-it");
    kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
    web = new VirtualHosts();
    port = web.port();
    serveFixtures();

    topics = Topics.withPrefix("it-main.");
    kafka.createTopics(
        2,
        topics.crawlRequests(),
        topics.pages(),
        topics.verdicts(),
        topics.outcomes(),
        topics.crawlDiscoveries());
    pages = new TopicReader<>(kafka.bootstrapServers(), topics.pages(), FetchedPage.class);
    outcomes = new TopicReader<>(kafka.bootstrapServers(), topics.outcomes(), Outcome.class);
    requests =
        new TopicReader<>(kafka.bootstrapServers(), topics.crawlDiscoveries(), CrawlRequest.class);

    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, seed("http://" + ALPHA + ":" + port + "/"));
      send(producer, seed("http://gbk-portal.test:" + port + "/"));
      send(producer, seed("http://unknown-host.test:" + port + "/"));
      send(producer, seed("http://127.0.0.1:" + port + "/"));
      send(producer, seed("http://down-site.test:" + port + "/"));
      send(producer, seed("http://www.hop-site.test:" + port + "/"));
      send(producer, seed("http://ping-site.test:" + port + "/"));
      producer.send(
          new ProducerRecord<>(
              topics.crawlRequests(), "broken.test", "{not json".getBytes(StandardCharsets.UTF_8)));
    }

    try (CrawlerWorker worker = worker("it-main", settings(true))) {
      worker.start();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> siteCrawled().keySet(),
              s ->
                  s.containsAll(
                      Set.of(
                          "alpha-shop.test",
                          "gbk-portal.test",
                          "unknown-host.test",
                          "beta-news.test",
                          "127.0.0.1",
                          "down-site.test",
                          "hop-site.test",
                          "ping-site.test",
                          "pong-site.test")));
      try (KafkaProducer<String, byte[]> producer = producer()) {
        send(producer, seed("http://alpha-shop.test:" + port + "/again"));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> outcomes.matching(o -> o.kind() == Outcome.Kind.SKIPPED), l -> !l.isEmpty());
      await().atMost(Duration.ofSeconds(30)).until(worker::isIdle);
    }
  }

  @AfterAll
  void tearDown() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {pages, outcomes, requests, web, kafka}) {
      if (c != null) {
        c.close();
      }
    }
    if (workDir != null) {
      try (Stream<Path> paths = Files.walk(workDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void leavesNothingInTheWorkFolder() throws Exception {
    // the frontier is in memory; crawler4j only insists that the folder exists
    Path folder = workDir.resolve("frontiers");
    if (Files.exists(folder)) {
      try (Stream<Path> left = Files.list(folder)) {
        assertThat(left).isEmpty();
      }
    }
  }

  @Test
  void aCleanCloseLeavesTheConsumerGroupAtOnce() throws Exception {
    Topics other = Topics.withPrefix("it-leave.");
    kafka.createTopics(
        1,
        other.crawlRequests(),
        other.pages(),
        other.verdicts(),
        other.outcomes(),
        other.crawlDiscoveries());
    String group = "it-leave";
    CrawlerWorker worker =
        CrawlerWorker.builder(settings(true, 50, group), other)
            .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers()))
            .clock(clock)
            .build();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> members(admin, group), n -> n == 1);
      worker.close();
      // a member that left (LeaveGroup) is gone at once; one that did not stays until its session
      // times out, which is far longer than this look
      assertThat(members(admin, group)).isZero();
    } finally {
      worker.close();
    }
  }

  private static int members(Admin admin, String group) throws Exception {
    return admin
        .describeConsumerGroups(List.of(group))
        .describedGroups()
        .get(group)
        .get()
        .members()
        .size();
  }

  @Test
  void closeStopsARunningCrawlPromptlyAndLeavesItToTheNextWorkerWhichReportsItOnce()
      throws Exception {
    Topics other = Topics.withPrefix("it-close.");
    kafka.createTopics(
        1,
        other.crawlRequests(),
        other.pages(),
        other.verdicts(),
        other.outcomes(),
        other.crawlDiscoveries());
    StringBuilder index = new StringBuilder("<html><body>");
    for (int i = 0; i < 30; i++) {
      index.append("<a href='/p").append(i).append("'>page ").append(i).append("</a>");
      web.add(
          "slow-site.test", "/p" + i, VirtualHosts.Response.html("<html><body>page</body></html>"));
    }
    web.add(
        "slow-site.test",
        "/",
        VirtualHosts.Response.html(index.append("</body></html>").toString()));
    try (KafkaProducer<String, byte[]> producer = producer();
        TopicReader<FetchedPage> slowPages =
            new TopicReader<>(kafka.bootstrapServers(), other.pages(), FetchedPage.class);
        TopicReader<Outcome> out =
            new TopicReader<>(kafka.bootstrapServers(), other.outcomes(), Outcome.class)) {
      String url = "http://slow-site.test:" + port + "/";
      producer.send(
          new ProducerRecord<>(
              other.crawlRequests(),
              "slow-site.test",
              JsonSerde.of(CrawlRequest.class)
                  .serialize(
                      other.crawlRequests(),
                      CrawlRequest.seed(url, "slow-site.test", clock.instant()))));
      producer.flush();
      CrawlerWorker worker =
          CrawlerWorker.builder(settings(true, 400, "it-close"), other)
              .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers()))
              .clock(clock)
              .build();
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> slowPages.values().size() >= 2);
      assertThat(worker.sitesInProgress()).isEqualTo(1);
      long before = System.nanoTime();
      worker.close();
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
      // the stop is not the site's result: the request is left uncommitted to the next worker,
      // which crawls the site to its end and reports it once
      try (CrawlerWorker successor =
          CrawlerWorker.builder(settings(true, 50, "it-close"), other)
              .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers()))
              .clock(clock)
              .build()) {
        successor.start();
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    slowPages.values().stream()
                        .map(FetchedPage::requestedUrl)
                        .collect(java.util.stream.Collectors.toSet())
                        .size(),
                n -> n == 20); // the site's page budget (maxPagesPerSite): crawled to its end
        List<Outcome> crawled =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> out.matching(o -> o.kind() == Outcome.Kind.SITE_CRAWLED),
                    l -> !l.isEmpty());
        assertThat(crawled)
            .singleElement()
            .satisfies(
                o ->
                    assertThat(o.details())
                        .doesNotContainKey("interrupted")
                        .containsEntry("result", "ok"));
      }
      // the interruption is not blamed on the site
      assertThat(out.matching(o -> o.kind() == Outcome.Kind.FETCH_FAILED)).isEmpty();
    }
  }

  @Test
  void publishesEachPageWithStatusHashServerIpAndAbsoluteOutlinks() throws Exception {
    FetchedPage index = page("http://" + ALPHA + ":" + port + "/");
    assertThat(index.site()).isEqualTo("alpha-shop.test");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.serverIp()).isEqualTo("127.0.0.1");
    assertThat(index.contentType()).isEqualTo("text/html");
    assertThat(index.charset()).isEqualTo("UTF-8");
    assertThat(index.bodySha256()).isEqualTo(Sha256.hex(alphaIndex));
    assertThat(index.bodyLength()).isEqualTo(alphaIndex.length);
    assertThat(index.depth()).isZero();
    assertThat(index.content()).contains("adult videos").contains("VIP会员");
    assertThat(index.headers()).containsEntry("x-test-server", "virtual-hosts");
    assertThat(index.outlinks())
        .contains(
            "http://" + ALPHA + ":" + port + "/about",
            "http://alpha-shop.test:" + port + "/contact",
            "http://beta-news.test:" + port + "/");
    FetchedPage about = page("http://" + ALPHA + ":" + port + "/about");
    assertThat(about.depth()).isEqualTo(1);
    // the other host of the same registered domain is inside the site
    assertThat(page("http://alpha-shop.test:" + port + "/contact").site())
        .isEqualTo("alpha-shop.test");
  }

  @Test
  void followsARedirectInsideTheSiteAndKeepsTheRequestedUrl() {
    FetchedPage catalogue = page("http://" + ALPHA + ":" + port + "/catalogue");
    assertThat(catalogue.requestedUrl())
        .isEqualTo("http://" + ALPHA + ":" + port + "/old-catalogue");
    assertThat(catalogue.content()).contains("price list");
  }

  @Test
  void crawlsALoopbackIpLiteralSiteWhenPrivateAddressesAreAllowed() {
    FetchedPage two = page("http://127.0.0.1:" + port + "/two");
    assertThat(two.site()).isEqualTo("127.0.0.1");
    assertThat(two.serverIp()).isEqualTo("127.0.0.1");
    assertThat(two.depth()).isEqualTo(1);
  }

  @Test
  void decodesAGbkPageToTheRightChineseText() {
    FetchedPage gbk = page("http://gbk-portal.test:" + port + "/");
    assertThat(gbk.charset()).isEqualTo("GBK");
    assertThat(gbk.content()).contains(GBK_TEXT).contains("<title>成人视频门户</title>");
  }

  @Test
  void publishesNonHtmlWithoutContentAndMarksTruncatedBodies() {
    FetchedPage binary = page("http://" + ALPHA + ":" + port + "/files/report.bin");
    assertThat(binary.contentType()).isEqualTo("application/octet-stream");
    assertThat(binary.content()).isEmpty();
    assertThat(binary.bodyLength()).isEqualTo(16);
    FetchedPage chunked = page("http://" + ALPHA + ":" + port + "/big-chunked");
    assertThat(chunked.contentTruncated()).isTrue();
    assertThat(chunked.bodyLength()).isEqualTo(64 * 1024);
  }

  @Test
  void keepsABodyDeclaredLargerThanTheCapTruncatedAtTheCap() {
    FetchedPage big = page("http://" + ALPHA + ":" + port + "/big-fixed");
    assertThat(big.contentTruncated()).isTrue();
    assertThat(big.bodyLength()).isEqualTo(64 * 1024);
    assertThat(big.notes()).containsKey("truncated");
    assertThat(big.warc()).isNotNull();
  }

  @Test
  void reportsA404AsFetchFailedWithTheStatus() {
    Outcome missing = outcomeFor("http://" + ALPHA + ":" + port + "/missing");
    assertThat(missing.kind()).isEqualTo(Outcome.Kind.FETCH_FAILED);
    assertThat(missing.stage()).isEqualTo(Outcome.Stage.CRAWLER);
    assertThat(missing.reason()).contains("404");
    assertThat(missing.details()).containsEntry("status", "404");
  }

  @Test
  void obeysRobotsTxt() {
    assertThat(web.requests()).noneMatch(r -> r.contains("/private"));
  }

  @Test
  void publishesCrossSiteLinksAsCrawlRequestsWithinTheHopLimit() {
    List<CrawlRequest> links =
        requests.matching(
            r ->
                r.source() == CrawlRequest.Source.LINK
                    && r.referrer().startsWith("http://" + ALPHA));
    assertThat(links)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.url()).isEqualTo("http://beta-news.test:" + port + "/");
              assertThat(r.site()).isEqualTo("beta-news.test");
              assertThat(r.hops()).isEqualTo(1);
              assertThat(r.referrer()).isEqualTo("http://" + ALPHA + ":" + port + "/");
            });
    // beta-news links to gamma-blog, but that would be a second hop (maxSiteHops = 1)
    assertThat(page("http://beta-news.test:" + port + "/").outlinks())
        .contains("http://gamma-blog.test:" + port + "/");
    assertThat(web.requests()).noneMatch(r -> r.startsWith("gamma-blog.test"));
  }

  @Test
  void endsEveryCrawledRequestWithExactlyOneSiteCrawledOutcome() {
    Map<String, List<Outcome>> bySite = siteCrawled();
    assertThat(bySite.keySet())
        .containsExactlyInAnyOrder(
            "alpha-shop.test",
            "gbk-portal.test",
            "unknown-host.test",
            "beta-news.test",
            "127.0.0.1",
            "down-site.test",
            "hop-site.test",
            "ping-site.test",
            "pong-site.test");
    bySite.values().forEach(l -> assertThat(l).hasSize(1));
    Outcome alpha = bySite.get("alpha-shop.test").get(0);
    assertThat(alpha.details())
        .containsEntry("result", "ok")
        .containsKeys("pages", "failures", "durationMs");
    assertThat(Integer.parseInt(alpha.details().get("pages"))).isGreaterThanOrEqualTo(5);
    assertThat(bySite.get("beta-news.test").get(0).details())
        .containsEntry("result", "ok")
        .containsEntry("hops", "1");
  }

  @Test
  void refusesAHostThatIsNotInResolveWhenOnlyResolvedHostsAreAllowed() {
    Outcome refused = outcomeFor("http://unknown-host.test:" + port + "/");
    assertThat(refused.kind()).isEqualTo(Outcome.Kind.REFUSED);
    assertThat(refused.reason()).contains("unknown-host.test is not in crawler.resolve");
    assertThat(siteCrawled().get("unknown-host.test").get(0).details())
        .containsEntry("result", "refused");
    assertThat(web.requests()).noneMatch(r -> r.startsWith("unknown-host.test"));
  }

  @Test
  void checksEveryHostOfASiteWhenTheHttpClientResolvesIt() {
    // media.alpha-shop.test is inside the site but not in crawler.resolve: only the resolver
    // plugged into the HTTP client can refuse it, since the seed host was fine
    Outcome refused = outcomeFor("http://media.alpha-shop.test:" + port + "/banner");
    assertThat(refused.kind()).isEqualTo(Outcome.Kind.REFUSED);
    assertThat(refused.reason()).contains("media.alpha-shop.test is not in crawler.resolve");
    assertThat(web.requests()).noneMatch(r -> r.startsWith("media.alpha-shop.test"));
  }

  @Test
  void reportsASiteThatRefusesConnectionsAsUnreachable() {
    Outcome failed = outcomeFor("http://down-site.test:" + port + "/");
    assertThat(failed.kind()).isEqualTo(Outcome.Kind.FETCH_FAILED);
    assertThat(failed.reason()).startsWith("connection failed");
    assertThat(siteCrawled().get("down-site.test").get(0).details())
        .containsEntry("result", "unreachable")
        .containsEntry("pages", "0");
  }

  @Test
  void skipsASiteCrawledRecentlyAndReportsBadRecords() {
    assertThat(outcomes.matching(o -> o.kind() == Outcome.Kind.SKIPPED))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.site()).isEqualTo("alpha-shop.test");
              assertThat(o.reason()).contains("recrawl-after");
            });
    assertThat(outcomes.matching(o -> o.kind() == Outcome.Kind.BAD_RECORD))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.site()).isEqualTo("broken.test");
              assertThat(o.reason()).contains("cannot read a crawl request");
            });
  }

  @Test
  void commitsEveryHandledRequestOnceIdle() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("it-main").partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest =
          committed.keySet().stream()
              .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get();
      assertThat(committed).isNotEmpty();
      committed.forEach(
          (tp, offset) ->
              assertThat(offset.offset()).as(tp.toString()).isEqualTo(ends.get(tp).offset()));
    }
  }

  @Test
  void refusesLoopbackWhenPrivateAddressesAreNotAllowed() throws Exception {
    Topics other = Topics.withPrefix("it-loopback.");
    kafka.createTopics(
        1,
        other.crawlRequests(),
        other.pages(),
        other.verdicts(),
        other.outcomes(),
        other.crawlDiscoveries());
    try (KafkaProducer<String, byte[]> producer = producer();
        TopicReader<Outcome> out =
            new TopicReader<>(kafka.bootstrapServers(), other.outcomes(), Outcome.class);
        CrawlerWorker worker =
            CrawlerWorker.builder(settings(false), other)
                .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers()))
                .clock(clock)
                .build()) {
      String url = "http://loopback-only.test:" + port + "/";
      producer.send(
          new ProducerRecord<>(
              other.crawlRequests(),
              "loopback-only.test",
              JsonSerde.of(CrawlRequest.class)
                  .serialize(
                      other.crawlRequests(),
                      CrawlRequest.seed(url, "loopback-only.test", clock.instant()))));
      producer.flush();
      worker.start();
      List<Outcome> result =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> out.values(),
                  l -> l.stream().anyMatch(o -> o.kind() == Outcome.Kind.SITE_CRAWLED));
      assertThat(result)
          .anySatisfy(
              o -> {
                assertThat(o.kind()).isEqualTo(Outcome.Kind.REFUSED);
                assertThat(o.reason())
                    .isEqualTo(
                        "refused: loopback-only.test resolves to 127.0.0.1, a loopback address; set"
                            + " crawler.allow-private-addresses (--allow-loopback) to allow it");
              });
      assertThat(result)
          .filteredOn(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
          .singleElement()
          .satisfies(o -> assertThat(o.details()).containsEntry("result", "refused"));
    }
    assertThat(web.requests()).noneMatch(r -> r.startsWith("loopback-only.test"));
  }

  @Test
  void refusesARedirectFromAnAllowedHostToARefusedAddressWithoutConnecting() {
    Outcome refused = outcomeFor("http://intranet.hop-site.test:" + port + "/admin");
    assertThat(refused.kind()).isEqualTo(Outcome.Kind.REFUSED);
    assertThat(refused.site()).isEqualTo("hop-site.test");
    assertThat(refused.reason())
        .isEqualTo(
            "refused: intranet.hop-site.test resolves to 0.0.0.0, an unspecified (any-local)"
                + " address, never a crawl target");
    assertThat(web.requests()).contains("www.hop-site.test /go");
    assertThat(web.requests()).noneMatch(r -> r.startsWith("intranet.hop-site.test"));
  }

  @Test
  void countsARedirectToAnotherSiteAsAHopSoThatTwoSitesCannotRequestEachOtherForever() {
    List<CrawlRequest> redirects =
        requests.matching(
            r ->
                r.source() == CrawlRequest.Source.LINK
                    && (r.site().equals("ping-site.test") || r.site().equals("pong-site.test")));
    assertThat(redirects)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.site()).isEqualTo("pong-site.test");
              assertThat(r.hops()).isEqualTo(1);
              assertThat(r.referrer()).isEqualTo("http://ping-site.test:" + port + "/");
            });
    assertThat(siteCrawled().get("pong-site.test").get(0).reason())
        .contains("beyond crawler.max-site-hops (1)");
    assertThat(siteCrawled().get("ping-site.test")).hasSize(1);
  }

  // --- fixtures ---

  private void serveFixtures() {
    String p = ":" + port;
    String index =
        "<html><head><title>Alpha shop</title></head><body>"
            + "<h1>adult videos</h1><p>VIP会员 monthly plan</p>"
            + "<a href='/about'>about</a> <a href='/missing'>gone</a>"
            + "<a href='/files/report.bin'>report</a> <a href='/big-fixed'>big</a>"
            + "<a href='/big-chunked'>big2</a> <a href='/private/secret'>private</a>"
            + "<a href='/old-catalogue'>catalogue</a>"
            + "<a href='http://media.alpha-shop.test"
            + p
            + "/banner'>banner</a>"
            + "<a href='http://alpha-shop.test"
            + p
            + "/contact'>contact</a>"
            + "<a href='http://beta-news.test"
            + p
            + "/'>news</a>"
            + "<a href='http://beta-news.test"
            + p
            + "/story'>news again</a>"
            + "</body></html>";
    alphaIndex = index.getBytes(StandardCharsets.UTF_8);
    web.add(
        ALPHA, "/", new VirtualHosts.Response(200, "text/html; charset=UTF-8", alphaIndex, false));
    web.add(
        ALPHA,
        "/robots.txt",
        new VirtualHosts.Response(
            200,
            "text/plain",
            "User-agent: *\nDisallow: /private\n".getBytes(StandardCharsets.US_ASCII),
            false));
    web.add(ALPHA, "/old-catalogue", VirtualHosts.Response.redirect("/catalogue"));
    web.add(
        ALPHA,
        "/catalogue",
        VirtualHosts.Response.html("<html><body>VIP会员 price list</body></html>"));
    web.add(
        ALPHA,
        "/about",
        VirtualHosts.Response.html("<html><body><a href='/'>home</a> about us</body></html>"));
    web.add(
        ALPHA,
        "/files/report.bin",
        new VirtualHosts.Response(200, "application/octet-stream", new byte[16], false));
    byte[] big =
        ("<html><body>" + "x".repeat(100 * 1024) + "</body></html>")
            .getBytes(StandardCharsets.US_ASCII);
    web.add(ALPHA, "/big-fixed", new VirtualHosts.Response(200, "text/html", big, false));
    web.add(ALPHA, "/big-chunked", new VirtualHosts.Response(200, "text/html", big, true));
    web.add(
        "alpha-shop.test",
        "/contact",
        VirtualHosts.Response.html("<html><body>contact: QQ 12345</body></html>"));
    web.add(
        "beta-news.test",
        "/",
        VirtualHosts.Response.html(
            "<html><body><a href='/story'>story</a><a href='http://gamma-blog.test"
                + p
                + "/'>blog</a></body></html>"));
    web.add(
        "beta-news.test", "/story", VirtualHosts.Response.html("<html><body>story</body></html>"));
    web.add("gamma-blog.test", "/", VirtualHosts.Response.html("<html><body>blog</body></html>"));
    String gbk =
        "<html><head><title>成人视频门户</title></head><body><p>" + GBK_TEXT + "</p></body></html>";
    web.add(
        "gbk-portal.test",
        "/",
        new VirtualHosts.Response(
            200, "text/html; charset=GBK", gbk.getBytes(Charset.forName("GBK")), false));
    web.add(
        "127.0.0.1",
        "/",
        VirtualHosts.Response.html("<html><body><a href='/two'>two</a></body></html>"));
    web.add("127.0.0.1", "/two", VirtualHosts.Response.html("<html><body>two</body></html>"));
    web.add(
        "www.hop-site.test",
        "/",
        VirtualHosts.Response.html("<html><body><a href='/go'>members area</a></body></html>"));
    web.add(
        "www.hop-site.test",
        "/go",
        VirtualHosts.Response.redirect("http://intranet.hop-site.test" + p + "/admin"));
    web.add(
        "intranet.hop-site.test",
        "/admin",
        VirtualHosts.Response.html("<html><body>should never be fetched</body></html>"));
    web.add(
        "ping-site.test", "/", VirtualHosts.Response.redirect("http://pong-site.test" + p + "/"));
    web.add(
        "pong-site.test", "/", VirtualHosts.Response.redirect("http://ping-site.test" + p + "/"));
    web.add(
        "loopback-only.test",
        "/",
        VirtualHosts.Response.html("<html><body>should never be fetched</body></html>"));
  }

  private CrawlerSettings settings(boolean allowPrivate) {
    return settings(allowPrivate, 50, allowPrivate ? "it-main" : "it-loopback");
  }

  private CrawlerSettings settings(boolean allowPrivate, long politenessMs, String group) {
    Map<String, String> resolve =
        Map.ofEntries(
            Map.entry(ALPHA, "127.0.0.1"),
            Map.entry("alpha-shop.test", "127.0.0.1"),
            Map.entry("beta-news.test", "127.0.0.1"),
            Map.entry("gamma-blog.test", "127.0.0.1"),
            Map.entry("gbk-portal.test", "127.0.0.1"),
            Map.entry("loopback-only.test", "127.0.0.1"),
            Map.entry("slow-site.test", "127.0.0.1"),
            Map.entry("www.hop-site.test", "127.0.0.1"),
            // connecting to 0.0.0.0 would reach this machine: the address policy must refuse it
            Map.entry("intranet.hop-site.test", "0.0.0.0"),
            Map.entry("ping-site.test", "127.0.0.1"),
            Map.entry("pong-site.test", "127.0.0.1"),
            // nothing listens on 127.0.0.2, so connections there are refused
            Map.entry("down-site.test", "127.0.0.2"));
    return CrawlerSettings.builder()
        .maxPagesPerSite(20)
        .maxDepth(3)
        .maxSiteHops(1)
        .politenessDelayMs(politenessMs)
        .maxConcurrentSites(2)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(true)
        .allowPrivateAddresses(allowPrivate)
        .onlyResolvedHosts(true)
        .resolve(resolve)
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir.resolve("frontiers"))
        .groupId(group)
        .capture(
            CaptureSettings.defaults().withWarcDir(workDir.resolve("frontiers").resolve("warc")))
        .build()
        .withCapture(CaptureSettings.defaults().withWarcDir(workDir.resolve("warc")));
  }

  private CrawlerWorker worker(String group, CrawlerSettings settings) {
    return CrawlerWorker.builder(settings, topics)
        .kafka(Map.of("bootstrap.servers", kafka.bootstrapServers(), "client.id", group))
        .clock(clock)
        .build();
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private CrawlRequest seed(String url) {
    return CrawlRequest.seed(url, Sites.siteOf(url), clock.instant());
  }

  private void send(KafkaProducer<String, byte[]> producer, CrawlRequest request) {
    producer.send(
        new ProducerRecord<>(
            topics.crawlRequests(),
            request.site(),
            JsonSerde.of(CrawlRequest.class).serialize(topics.crawlRequests(), request)));
    producer.flush();
  }

  private Map<String, List<Outcome>> siteCrawled() {
    return outcomes.matching(o -> o.kind() == Outcome.Kind.SITE_CRAWLED).stream()
        .collect(Collectors.groupingBy(Outcome::site));
  }

  private FetchedPage page(String url) {
    // the pages topic is read apart from the outcomes topic: a page may arrive a poll later
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !pages.matching(p -> p.finalUrl().equals(url)).isEmpty());
    List<FetchedPage> found = pages.matching(p -> p.finalUrl().equals(url));
    assertThat(found)
        .as(
            "pages for "
                + url
                + " among "
                + pages.values().stream().map(FetchedPage::finalUrl).toList())
        .hasSize(1);
    return found.get(0);
  }

  private Outcome outcomeFor(String url) {
    List<Outcome> found =
        outcomes.matching(o -> url.equals(o.url()) && o.kind() != Outcome.Kind.SITE_CRAWLED);
    assertThat(found).as("outcomes for " + url + " among " + outcomes.values()).hasSize(1);
    return found.get(0);
  }
}
