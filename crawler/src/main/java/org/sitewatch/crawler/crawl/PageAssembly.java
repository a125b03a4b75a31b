package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.Page;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.net.Sites;
import org.sitewatch.common.text.ContentTypes;
import org.sitewatch.crawler.fetch.Captures;
import org.sitewatch.crawler.fetch.DecodedPage;
import org.sitewatch.crawler.fetch.ResponseHeaders;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.events.FetchedPage;

/**
 * Builds the {@link FetchedPage} of one response from what crawler4j, the parser ({@link
 * DecodedPage}) and the fetcher ({@link Captures.Capture}: WARC reference, address, notes) learned.
 */
final class PageAssembly {
  private PageAssembly() {}

  /** The page, its body length (as received, see {@link Captures.Capture}) and its links. */
  record Assembled(FetchedPage page, int bodyLength, List<String> links) {}

  /**
   * @param requestedUrl the URL first requested on the way to this page (before redirects)
   * @param capture what the fetcher recorded of the exchange, or {@code null}
   * @param policyNotes the policy's notes for the page (e.g. {@code robots-override})
   * @param traceId the crawl request's trace id, or {@code null}
   */
  static Assembled assemble(
      String site,
      String requestedUrl,
      Page page,
      Instant fetchedAt,
      Captures.Capture capture,
      GuardedDnsResolver resolver,
      Map<String, String> policyNotes,
      String traceId) {
    String finalUrl = page.getWebURL().getURL();
    String bodySha256;
    int bodyLength;
    if (capture != null) {
      // the body as received, content coding still applied: the WARC record's payload
      bodySha256 = capture.bodySha256();
      bodyLength = capture.bodyLength();
    } else {
      // no fetcher record of the exchange (not fetched by CapturingPageFetcher): what crawler4j has
      byte[] body = page.getContentData() == null ? new byte[0] : page.getContentData();
      bodySha256 = Sha256.hex(body);
      bodyLength = body.length;
    }
    DecodedPage decoded =
        page.getParseData() instanceof DecodedPage d
            ? d
            : new DecodedPage(
                ContentTypes.mediaType(page.getContentType()), null, "", List.of(), Set.of());
    String serverIp =
        capture != null && capture.serverIp() != null
            ? capture.serverIp()
            : resolver.addressOf(Sites.hostOf(finalUrl));
    Map<String, String> notes = new LinkedHashMap<>(policyNotes);
    if (capture != null) {
      notes.putAll(capture.notes());
    }
    FetchedPage fetched =
        FetchedPage.builder()
            .site(site)
            .requestedUrl(requestedUrl)
            .finalUrl(finalUrl)
            .status(page.getStatusCode())
            .headers(ResponseHeaders.of(page.getFetchResponseHeaders()))
            .fetchedAt(fetchedAt)
            .serverIp(serverIp)
            .contentType(decoded.mediaType)
            .charset(decoded.charset)
            .content(decoded.text)
            .contentTruncated(page.isTruncated() || (capture != null && capture.truncated()))
            .bodySha256(bodySha256)
            .bodyLength(bodyLength)
            .depth(Math.max(0, page.getWebURL().getDepth()))
            .outlinks(decoded.links)
            .warc(capture == null ? null : capture.warc())
            .notes(notes)
            .traceId(traceId)
            .build();
    return new Assembled(fetched, bodyLength, decoded.links);
  }
}
