package org.sitewatch.events;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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
 * @param bodySha256 lower-case hex SHA-256 of the raw body bytes as received: transfer coding
 *     removed, content coding (gzip, br) still applied, cut where reading stopped; the bytes the
 *     WARC response record holds as its payload, so this is {@link WarcRef#payloadDigest()} in hex
 * @param bodyLength length of that raw body in bytes
 * @param depth link depth from the site's seed URL
 * @param outlinks absolute URLs linked from the page
 * @param warc where the exchange was written as WARC records, or {@code null} when no WARC was
 *     written (capture disabled, or a page from before capture existed)
 * @param notes how the crawl policy affected this page, e.g. {@code robots-override} with the
 *     seed's recorded reason, {@code truncated} with the cap; empty when nothing applied
 * @param traceId the trace id of the crawl request that fetched the page ({@link
 *     CrawlRequest#traceId()}); optional, {@code null} when the request had none
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
    @JsonSerialize(using = JsonText.class) String content,
    boolean contentTruncated,
    String bodySha256,
    long bodyLength,
    int depth,
    List<String> outlinks,
    WarcRef warc,
    Map<String, String> notes,
    String traceId) {
  public static final int VERSION = 2;
  // String.matches compiled the pattern for every page record, two or three times per page
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

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
    if (!SHA256_HEX.matcher(bodySha256).matches()) {
      throw new IllegalArgumentException("bodySha256 must be 64 lower-case hex digits");
    }
    if (bodyLength < 0 || depth < 0) {
      throw new IllegalArgumentException("bodyLength and depth must be >= 0");
    }
    outlinks = Checks.list(outlinks);
    notes = Checks.map(notes);
    traceId = Checks.traceId(traceId);
  }

  /** A page without a trace id. */
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
      List<String> outlinks,
      WarcRef warc,
      Map<String, String> notes) {
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
        warc,
        notes,
        null);
  }

  /**
   * A version-1 page: no WARC reference, no policy notes.
   *
   * @deprecated sixteen positional arguments; use {@link #builder()} (this constructor stays until
   *     every caller has moved)
   */
  @Deprecated
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
    return toBuilder().warc(warc).notes(notes).build();
  }

  /** A builder for a page of the current {@link #VERSION}; set at least the required fields. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this page, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .v(v)
        .site(site)
        .requestedUrl(requestedUrl)
        .finalUrl(finalUrl)
        .status(status)
        .headers(headers)
        .fetchedAt(fetchedAt)
        .serverIp(serverIp)
        .contentType(contentType)
        .charset(charset)
        .content(content)
        .contentTruncated(contentTruncated)
        .bodySha256(bodySha256)
        .bodyLength(bodyLength)
        .depth(depth)
        .outlinks(outlinks)
        .warc(warc)
        .notes(notes)
        .traceId(traceId);
  }

  /**
   * Builds a {@link FetchedPage} by field name. Required: {@code site}, {@code requestedUrl},
   * {@code status}, {@code fetchedAt}, {@code bodySha256}; the rest default as the record's
   * constructor does ({@code finalUrl} = {@code requestedUrl}, empty maps, lists and text, no WARC
   * reference). {@link #build()} validates like the constructor.
   */
  public static final class Builder {
    private int v = VERSION;
    private String site;
    private String requestedUrl;
    private String finalUrl;
    private int status;
    private Map<String, String> headers = Map.of();
    private Instant fetchedAt;
    private String serverIp;
    private String contentType;
    private String charset;
    private String content;
    private boolean contentTruncated;
    private String bodySha256;
    private long bodyLength;
    private int depth;
    private List<String> outlinks = List.of();
    private WarcRef warc;
    private Map<String, String> notes = Map.of();
    private String traceId;

    private Builder() {}

    public Builder v(int v) {
      this.v = v;
      return this;
    }

    public Builder site(String site) {
      this.site = site;
      return this;
    }

    public Builder requestedUrl(String requestedUrl) {
      this.requestedUrl = requestedUrl;
      return this;
    }

    public Builder finalUrl(String finalUrl) {
      this.finalUrl = finalUrl;
      return this;
    }

    public Builder status(int status) {
      this.status = status;
      return this;
    }

    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    public Builder fetchedAt(Instant fetchedAt) {
      this.fetchedAt = fetchedAt;
      return this;
    }

    public Builder serverIp(String serverIp) {
      this.serverIp = serverIp;
      return this;
    }

    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    public Builder charset(String charset) {
      this.charset = charset;
      return this;
    }

    public Builder content(String content) {
      this.content = content;
      return this;
    }

    public Builder contentTruncated(boolean contentTruncated) {
      this.contentTruncated = contentTruncated;
      return this;
    }

    public Builder bodySha256(String bodySha256) {
      this.bodySha256 = bodySha256;
      return this;
    }

    public Builder bodyLength(long bodyLength) {
      this.bodyLength = bodyLength;
      return this;
    }

    public Builder depth(int depth) {
      this.depth = depth;
      return this;
    }

    public Builder outlinks(List<String> outlinks) {
      this.outlinks = outlinks;
      return this;
    }

    public Builder warc(WarcRef warc) {
      this.warc = warc;
      return this;
    }

    public Builder notes(Map<String, String> notes) {
      this.notes = notes;
      return this;
    }

    /** The trace id of the crawl request that fetched the page, or {@code null}. */
    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    /**
     * The page.
     *
     * @throws NullPointerException or IllegalArgumentException as the record's constructor
     */
    public FetchedPage build() {
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
          notes,
          traceId);
    }
  }

  /** Whether the content is HTML (and so should be parsed as such). */
  public boolean isHtml() {
    return contentType.isEmpty()
        || contentType.equalsIgnoreCase("text/html")
        || contentType.equalsIgnoreCase("application/xhtml+xml");
  }
}
