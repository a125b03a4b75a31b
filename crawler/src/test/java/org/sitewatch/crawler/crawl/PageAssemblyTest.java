package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import edu.uci.ics.crawler4j.crawler.Page;
import edu.uci.ics.crawler4j.url.WebURL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.junit.jupiter.api.Test;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.fetch.Captures;
import org.sitewatch.crawler.fetch.DecodedPage;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.events.FetchedPage;

class PageAssemblyTest {
  private static final String URL = "http://videos.test/members";
  private static final String HTML = "<html><body><p>members only</p></body></html>";
  // what crawler4j holds: the body after content decoding
  private static final byte[] DECODED = HTML.getBytes(StandardCharsets.UTF_8);
  // stand-in for the gzip bytes the server sent, which the fetcher recorded
  private static final byte[] AS_SENT = "not really gzip, 31 bytes long".getBytes();

  private final GuardedDnsResolver resolver =
      new GuardedDnsResolver(CrawlerSettings.defaults(Path.of("target", "unused")));

  @Test
  void thePageCarriesTheTraceIdOfItsRequestFromTheOneBuild() {
    FetchedPage page = assemble(capture(), "3f2c9d1e-8a4b-4c3d-9e2f-0a1b2c3d4e5f").page();

    assertThat(page.traceId()).isEqualTo("3f2c9d1e-8a4b-4c3d-9e2f-0a1b2c3d4e5f");
    assertThat(page.finalUrl()).isEqualTo(URL);
  }

  @Test
  void aPageWithoutTraceIdHasNone() {
    assertThat(assemble(capture(), null).page().traceId()).isNull();
  }

  @Test
  void theBodyDigestAndLengthAreTheFetchersOfTheBodyAsSentNotOfTheDecodedBody() {
    PageAssembly.Assembled assembled = assemble(capture(), null);

    assertThat(assembled.page().bodySha256()).isEqualTo(Sha256.hex(AS_SENT));
    assertThat(assembled.page().bodyLength()).isEqualTo(AS_SENT.length);
    assertThat(assembled.bodyLength()).isEqualTo(AS_SENT.length); // what the byte budget counts
    assertThat(assembled.page().content()).isEqualTo(HTML);
  }

  private static Captures.Capture capture() {
    return new Captures.Capture(
        null, null, false, "127.0.0.1", null, Map.of(), Sha256.hex(AS_SENT), AS_SENT.length);
  }

  private PageAssembly.Assembled assemble(Captures.Capture capture, String traceId) {
    WebURL url = new InMemoryFrontier(-1).getWebURLFactory().newWebUrl();
    url.setURL(URL);
    Page page = new Page(url);
    page.setStatusCode(200);
    page.setFetchResponseHeaders(new Header[0]);
    page.setContentType("text/html; charset=UTF-8");
    page.setContentData(DECODED);
    page.setParseData(new DecodedPage("text/html", "UTF-8", HTML, List.of(), Set.of()));
    return PageAssembly.assemble(
        "videos.test",
        URL,
        page,
        Instant.parse("2026-12-07T10:00:00Z"),
        capture,
        resolver,
        Map.of(),
        traceId);
  }
}
