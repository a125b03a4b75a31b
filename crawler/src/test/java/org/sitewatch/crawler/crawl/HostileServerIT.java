package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.url.TLDList;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.warc.WarcDigests;
import org.sitewatch.common.warc.WarcVerifier;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.fetch.HopTracker;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.testing.HostileServer;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.WarcRef;

/** Real site crawls against a loopback server that misbehaves on purpose. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileServerIT {
  private static final int CAP = 1024 * 1024;
  private static final int TOTAL_TIMEOUT_MS = 2_500;

  private Path dir;
  private HostileServer server;
  private WarcCaptureWriter warc;
  private CrawlerSettings settings;
  private TLDList tlds;
  private final Clock clock = Clock.systemUTC();

  /** What one crawl emitted. */
  record Emitted(List<FetchedPage> pages, List<Outcome> outcomes, Duration took) {}

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    dir = tmp;
    server = new HostileServer();
    Map<String, String> resolve =
        Map.of(
            "drip.test",
            "127.0.0.1",
            "redirects.test",
            "127.0.0.1",
            "loop.test",
            "127.0.0.1",
            "bomb.test",
            "127.0.0.1",
            "charset.test",
            "127.0.0.1",
            "big.test",
            "127.0.0.1",
            "binary.test",
            "127.0.0.1",
            "stacked.test",
            "127.0.0.1",
            "double.test",
            "127.0.0.1",
            "gzipped.test",
            "127.0.0.1");
    settings =
        CrawlerSettings.builder()
            .maxPagesPerSite(20)
            .maxDepth(1)
            .maxSiteHops(0)
            .politenessDelayMs(0)
            .maxConcurrentSites(2)
            .maxBodyBytes(CAP)
            .connectTimeoutMs(2_000)
            .readTimeoutMs(2_000)
            .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
            .respectRobots(false)
            .allowPrivateAddresses(true)
            .onlyResolvedHosts(true)
            .resolve(resolve)
            .recrawlAfter(Duration.ZERO)
            .workDir(dir.resolve("frontiers"))
            .groupId("hostile")
            .capture(
                CaptureSettings.defaults().withWarcDir(dir.resolve("frontiers").resolve("warc")))
            .build()
            .withCapture(
                CaptureSettings.defaults()
                    .withWarcDir(dir.resolve("warc"))
                    .withTotalTimeoutMs(TOTAL_TIMEOUT_MS));
    warc =
        WarcWriters.open(
            settings, clock, "it", new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    tlds = new TLDList(new CrawlConfig());
  }

  @AfterAll
  void stop() throws Exception {
    warc.close();
    server.close();
  }

  private Emitted crawl(String host, String path) throws Exception {
    List<FetchedPage> pages = new CopyOnWriteArrayList<>();
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
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
          public void request(CrawlRequest request) {}
        };
    String url = "http://" + host + ":" + server.port() + path;
    CrawlRequest request =
        new CrawlRequest(
            CrawlRequest.VERSION, url, host, CrawlRequest.Source.SEED, 0, null, Instant.now());
    Instant start = Instant.now();
    new SiteCrawl(request, settings, emitter, clock, tlds, warc).run();
    return new Emitted(pages, outcomes, Duration.between(start, Instant.now()));
  }

  /** Every response record of the WARC files whose target contains {@code part}. */
  private List<WarcResponse> responses(String part) throws Exception {
    List<WarcResponse> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("warc"))) {
      for (Path file : files.sorted().toList()) {
        try (WarcReader reader = new WarcReader(file)) {
          for (WarcRecord r : reader) {
            if (r instanceof WarcResponse resp && resp.target().contains(part)) {
              resp.body().stream().readAllBytes(); // keep the record, consume its body
              found.add(resp);
            }
          }
        }
      }
    }
    return found;
  }

  /** The stored payload (entity body) of the response a page's WarcRef points at. */
  private byte[] payload(WarcRef ref) throws Exception {
    try (SeekableByteChannel ch = Files.newByteChannel(dir.resolve("warc").resolve(ref.file()))) {
      WarcRecord record = WarcVerifier.readAt(ch, ref.offset());
      assertThat("<" + record.id() + ">").isEqualTo(ref.recordId());
      assertThat(record.blockDigest().orElseThrow().toString()).isEqualTo(ref.blockDigest());
      try (InputStream in = record.body().stream()) {
        byte[] block = in.readAllBytes();
        int start = indexOfHeadEnd(block);
        return Arrays.copyOfRange(block, start, block.length);
      }
    }
  }

  private static int indexOfHeadEnd(byte[] b) {
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i + 4;
      }
    }
    throw new AssertionError("no end of HTTP head");
  }

  @Test
  void aSlowDripServerEndsInATotalTimeoutWithinTheDeadline() throws Exception {
    Emitted e = crawl("drip.test", "/drip");
    assertThat(e.pages()).isEmpty();
    assertThat(e.outcomes())
        .anySatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.FETCH_FAILED);
              assertThat(o.reason()).contains("total timeout");
            });
    assertThat(e.took()).isLessThan(Duration.ofMillis(TOTAL_TIMEOUT_MS + 8_000));
    List<WarcResponse> drip = responses("/drip");
    assertThat(drip).hasSize(1);
    assertThat(drip.get(0).truncated()).isEqualTo(WarcTruncationReason.TIME);
  }

  @Test
  void anEndlessRedirectChainStopsAtTheLimitWithAClearOutcome() throws Exception {
    Emitted e = crawl("redirects.test", "/redirect/0");
    assertThat(e.pages()).isEmpty();
    assertThat(e.outcomes())
        .anySatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.FETCH_FAILED);
              assertThat(o.reason()).contains("too many redirects");
            });
    List<WarcResponse> hops = responses("redirects.test");
    assertThat(hops).hasSize(HopTracker.MAX_REDIRECTS + 1);
    for (WarcResponse r : hops) {
      assertThat(r.headers().first("WARC-Payload-Digest")).isPresent();
    }
  }

  @Test
  void aRedirectLoopIsReportedAsALoop() throws Exception {
    Emitted e = crawl("loop.test", "/loop/a");
    assertThat(e.pages()).isEmpty();
    assertThat(e.outcomes())
        .anySatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.FETCH_FAILED);
              assertThat(o.reason()).contains("redirect loop");
            });
    assertThat(responses("loop.test")).hasSize(2);
  }

  @Test
  void aGzipBombIsDecodedOnlyUpToTheCap() throws Exception {
    Emitted e = crawl("bomb.test", "/bomb");
    assertThat(e.pages()).hasSize(1);
    FetchedPage page = e.pages().get(0);
    assertThat(page.contentTruncated()).isTrue();
    // the digest and length are of the compressed body as sent, which the WARC keeps
    assertThat(page.bodyLength()).isEqualTo(server.bombBytes());
    assertThat(page.bodySha256()).isEqualTo(Sha256.hex(payload(page.warc())));
    assertThat(page.notes()).containsKey("decompression-capped");
    assertThat(page.warc()).isNotNull();
    // the WARC keeps the compressed bytes exactly as sent
    assertThat(payload(page.warc())).hasSize(server.bombBytes());
    assertThat(responses("/bomb").get(0).truncated()).isEqualTo(WarcTruncationReason.NOT_TRUNCATED);
  }

  /**
   * bodySha256 and bodyLength are of the body as the server sent it (gzip still applied; with
   * chunked transfer coding, the chunks joined): the bytes the WARC response record holds as its
   * payload, so the page's digest is the record's payload digest, not a digest of the decoded HTML.
   */
  @ParameterizedTest
  @ValueSource(strings = {"/gzipped", "/gzipped-chunked"})
  void theBodyDigestOfAGzippedPageIsOfTheBytesAsSentAndMatchesTheWarcPayload(String path)
      throws Exception {
    Emitted e = crawl("gzipped.test", path);
    assertThat(e.pages()).hasSize(1);
    FetchedPage page = e.pages().get(0);
    assertThat(page.content()).contains(HostileServer.GZIPPED_TEXT); // decoded for the classifier
    byte[] sent = server.gzippedBody();
    assertThat(page.bodySha256()).isEqualTo(Sha256.hex(sent));
    assertThat(page.bodyLength()).isEqualTo(sent.length);
    assertThat(payload(page.warc())).isEqualTo(sent);
    assertThat(
            WarcDigests.same(
                WarcDigests.parse(page.warc().payloadDigest()).orElseThrow(),
                new WarcDigest("sha256", Sha256.digest(sent))))
        .isTrue();
  }

  @Test
  void fiveThousandStackedContentCodingsFailTheFetchButTheResponseIsRecorded() throws Exception {
    Emitted e = crawl("stacked.test", "/stacked");
    assertThat(e.pages()).isEmpty();
    assertThat(e.outcomes())
        .anySatisfy(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.FETCH_FAILED);
              assertThat(o.reason()).contains("5000 codings").contains("more than the 3");
              assertThat(o.details()).containsEntry("rule", "content-coding");
            });
    List<WarcResponse> recorded = responses("/stacked");
    assertThat(recorded).hasSize(1);
    assertThat(recorded.get(0).headers().first("WARC-Payload-Digest")).isPresent();
  }

  @Test
  void twoStackedGzipCodingsAreUndoneOneLayerAtATime() throws Exception {
    Emitted e = crawl("double.test", "/double");
    assertThat(e.pages()).hasSize(1);
    assertThat(e.pages().get(0).content()).contains(HostileServer.LAYERED_TEXT);
    assertThat(e.pages().get(0).notes()).doesNotContainKey("content-decoding");
  }

  @Test
  void aWrongCharsetHeaderStillGivesTheRightText() throws Exception {
    Emitted e = crawl("charset.test", "/wrong-charset");
    assertThat(e.pages()).hasSize(1);
    FetchedPage page = e.pages().get(0);
    assertThat(page.content()).contains(HostileServer.GBK_TEXT);
    assertThat(page.charset()).isEqualTo("GBK");
    assertThat(page.notes()).containsKey("charset-mismatch");
    assertThat(new String(payload(page.warc()), "GBK")).contains(HostileServer.GBK_TEXT);
  }

  @Test
  void aTenMegabytePageIsKeptTruncatedAtTheCap() throws Exception {
    Emitted e = crawl("big.test", "/big");
    assertThat(e.pages()).hasSize(1);
    FetchedPage page = e.pages().get(0);
    assertThat(page.contentTruncated()).isTrue();
    assertThat(page.bodyLength()).isEqualTo(CAP);
    assertThat(page.notes()).containsKey("truncated");
    assertThat(payload(page.warc())).hasSize(CAP);
    assertThat(responses("/big").get(0).truncated()).isEqualTo(WarcTruncationReason.LENGTH);
  }

  @Test
  void aBinaryResponseIsRecordedButNotParsed() throws Exception {
    Emitted e = crawl("binary.test", "/binary");
    assertThat(e.pages()).hasSize(1);
    FetchedPage page = e.pages().get(0);
    assertThat(page.contentType()).isEqualTo("application/octet-stream");
    assertThat(page.content()).isEmpty();
    assertThat(page.outlinks()).isEmpty();
    assertThat(page.notes()).containsKey("not-parsed");
    assertThat(payload(page.warc())).hasSize(4096);
    assertThat(Sha256.hex(payload(page.warc()))).isEqualTo(page.bodySha256());
  }

  @Test
  void everyWarcFileWrittenSoFarVerifies() throws Exception {
    crawl("binary.test", "/binary");
    try (Stream<Path> files = Files.list(dir.resolve("warc"))) {
      WarcVerifier.Report report = new WarcVerifier().verify(files.sorted().toList());
      assertThat(report.problems()).isEmpty();
      assertThat(report.records()).isGreaterThan(3);
    }
  }
}
