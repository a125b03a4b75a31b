package org.sitewatch.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One page as the server sent it, keyed by {@link #site()} on the pages topic.
 *
 * @param v schema version (2; version 1 had no {@code warc} and {@code notes})
 * @param site registered domain of the crawled site
 * @param requestedUrl the URL that was requested
 * @param finalUrl the URL that answered, after redirects
 * @param status HTTP status code
 * @param headers response headers, names lower-cased, repeated values joined with ", "
 * @param fetchedAt when the response was received
 * @param serverIp the address the crawler connected to, or {@code null} when unknown
 * @param contentType the response's media type without parameters, e.g. {@code text/html}
 * @param charset the charset used to decode {@link #content()}
 * @param content the decoded body text (HTML source for HTML pages), possibly truncated
 * @param contentTruncated whether {@link #content()} was cut at the size cap
 * @param bodySha256 lower-case hex SHA-256 of the raw body bytes as received
 * @param bodyLength length of the raw body in bytes
 * @param depth link depth from the site's seed URL
 * @param outlinks absolute URLs linked from the page
 * @param warc where the exchange was written as WARC records, or {@code null} when no WARC was
 *     written (capture disabled, or a page from before capture existed)
 * @param notes how the crawl policy affected this page, e.g. {@code robots-override} with the
 *     seed's recorded reason, {@code truncated} with the cap; empty when nothing applied
 */
public record FetchedPage(
    int v,
    String site,
    String requestedUrl,
    String finalUrl,
    int status,
    Map<String, String> headers,
    Instant fetchedAt,
    String serverIp,
    String contentType,
    String charset,
    String content,
    boolean contentTruncated,
    String bodySha256,
    long bodyLength,
    int depth,
    List<String> outlinks,
    WarcRef warc,
    Map<String, String> notes) {
  public static final int VERSION = 2;

  public FetchedPage {
    v = Checks.version(v);
    Checks.text(site, "site");
    Checks.text(requestedUrl, "requestedUrl");
    finalUrl = finalUrl == null ? requestedUrl : finalUrl;
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status out of range: " + status);
    }
    headers = Checks.map(headers);
    Objects.requireNonNull(fetchedAt, "fetchedAt");
    contentType = contentType == null ? "" : contentType;
    content = content == null ? "" : content;
    Checks.text(bodySha256, "bodySha256");
    if (!bodySha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("bodySha256 must be 64 lower-case hex digits");
    }
    if (bodyLength < 0 || depth < 0) {
      throw new IllegalArgumentException("bodyLength and depth must be >= 0");
    }
    outlinks = Checks.list(outlinks);
    notes = Checks.map(notes);
  }

  /** A version-1 page: no WARC reference, no policy notes. */
  public FetchedPage(
      int v,
      String site,
      String requestedUrl,
      String finalUrl,
      int status,
      Map<String, String> headers,
      Instant fetchedAt,
      String serverIp,
      String contentType,
      String charset,
      String content,
      boolean contentTruncated,
      String bodySha256,
      long bodyLength,
      int depth,
      List<String> outlinks) {
    this(
        v,
        site,
        requestedUrl,
        finalUrl,
        status,
        headers,
        fetchedAt,
        serverIp,
        contentType,
        charset,
        content,
        contentTruncated,
        bodySha256,
        bodyLength,
        depth,
        outlinks,
        null,
        Map.of());
  }

  /** The same page with its WARC reference and policy notes. */
  public FetchedPage withCapture(WarcRef warc, Map<String, String> notes) {
    return new FetchedPage(
        v,
        site,
        requestedUrl,
        finalUrl,
        status,
        headers,
        fetchedAt,
        serverIp,
        contentType,
        charset,
        content,
        contentTruncated,
        bodySha256,
        bodyLength,
        depth,
        outlinks,
        warc,
        notes);
  }

  /** Whether the content is HTML (and so should be parsed as such). */
  public boolean isHtml() {
    return contentType.isEmpty()
        || contentType.equalsIgnoreCase("text/html")
        || contentType.equalsIgnoreCase("application/xhtml+xml");
  }
}
