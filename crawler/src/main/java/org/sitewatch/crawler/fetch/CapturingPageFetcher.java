package org.sitewatch.crawler.fetch;

import crawlercommons.filters.basic.BasicURLNormalizer;
import edu.uci.ics.crawler4j.PolitenessServer;
import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.fetcher.PageFetchResult;
import edu.uci.ics.crawler4j.fetcher.PageFetcher;
import edu.uci.ics.crawler4j.url.UrlResolver;
import edu.uci.ics.crawler4j.url.WebURL;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyManagementException;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.netpreserve.jwarc.WarcDigest;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.net.Sites;
import org.sitewatch.common.text.CharsetSniffer;
import org.sitewatch.common.text.ContentTypes;
import org.sitewatch.common.warc.WarcDigests;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.events.WarcRef;

/**
 * The fork's {@link PageFetcher} with its HTTP client replaced so that every exchange can be kept
 * as evidence. The client (on the fork's connection pool, resolver and TLS set-up) does not follow
 * redirects and does not undo content codings; this class reads the raw body itself (at most {@code
 * maxBodyBytes}, the rest is not read), remembers the request line and headers as sent and the
 * address connected to, writes the exchange to WARC, and only then decodes the content (gzip,
 * deflate, br) under the same cap, handing crawler4j the decoded bytes. A deadline of {@code
 * totalTimeoutMs} covers the whole exchange: when it passes, the request is aborted, whatever the
 * server is still sending; the deadlines of all a worker's fetchers share one timer thread ({@link
 * FetchDeadlines}).
 */
public final class CapturingPageFetcher extends PageFetcher {
  private static final String REQUEST_HEAD = "sitewatch.request-head";

  private final CrawlerSettings settings;
  private final Clock clock;
  private final GuardedDnsResolver resolver;
  private final WarcCaptureWriter warc;
  private final Captures captures;
  private final HopTracker hops;
  private final String site;
  private final String seed;
  private final Map<String, String> crawlNotes;
  private final FetchDeadlines deadlines;
  private final CloseableHttpClient client;

  public CapturingPageFetcher(
      CrawlConfig config,
      BasicURLNormalizer normalizer,
      PolitenessServer politeness,
      CrawlerSettings settings,
      Clock clock,
      GuardedDnsResolver resolver,
      WarcCaptureWriter warc,
      Captures captures,
      HopTracker hops,
      String site,
      String seed,
      Map<String, String> crawlNotes,
      FetchDeadlines deadlines)
      throws NoSuchAlgorithmException, KeyStoreException, KeyManagementException {
    super(config, normalizer, politeness);
    this.settings = settings;
    this.clock = clock;
    this.resolver = resolver;
    this.warc = warc;
    this.captures = captures;
    this.hops = hops;
    this.site = site;
    this.seed = seed;
    this.crawlNotes = Map.copyOf(crawlNotes);
    this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    connectionManager.setDefaultConnectionConfig(
        ConnectionConfig.custom()
            .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs()))
            .setSocketTimeout(Timeout.ofMilliseconds(settings.readTimeoutMs()))
            .build());
    HttpClientBuilder builder =
        HttpClientBuilder.create()
            .setConnectionManager(connectionManager)
            .setConnectionManagerShared(true) // the fork's shutDown() closes the pool
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false) // crawler4j schedules redirect targets itself
                    .setCookieSpec(config.getCookiePolicy())
                    .setResponseTimeout(Timeout.ofMilliseconds(settings.readTimeoutMs()))
                    .setConnectionRequestTimeout(
                        Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                    .build())
            .setUserAgent(config.getUserAgentString())
            .setDefaultHeaders(defaultHeaders(config))
            .disableContentCompression() // the raw bytes are the evidence; decoded here, capped
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableAuthCaching()
            .addRequestInterceptorLast(
                (request, entity, context) ->
                    context.setAttribute(REQUEST_HEAD, WarcExchanges.head(request)));
    if (config.getCookieStore() != null) {
      builder.setDefaultCookieStore(config.getCookieStore());
    }
    this.client = builder.build();
    this.httpClient = client;
  }

  private static List<Header> defaultHeaders(CrawlConfig config) {
    List<Header> headers = new ArrayList<>(config.getDefaultHeaders());
    headers.add(new BasicHeader("Accept-Encoding", ContentDecoding.ACCEPT_ENCODING));
    return headers;
  }

  @Override
  public PageFetchResult fetchPage(WebURL webUrl) throws InterruptedException, IOException {
    String url = webUrl.getURL();
    hops.reached(url, webUrl.getParentUrl());
    PageFetchResult result = new PageFetchResult(config.isHaltOnError());
    HttpGet request;
    try {
      request = new HttpGet(url);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot request " + url + ": " + e.getMessage(), e);
    }
    long delay = politenessServer.applyPoliteness(webUrl);
    if (delay != -1) {
      Thread.sleep(delay);
    }
    int totalMs = settings.capture().totalTimeoutMs();
    AtomicBoolean timedOut = new AtomicBoolean();
    FetchDeadlines.Alarm alarm;
    try {
      alarm =
          deadlines.after(
              totalMs,
              () -> {
                timedOut.set(true);
                request.cancel();
              });
    } catch (RejectedExecutionException e) {
      throw new IOException("not fetching " + url + ": the worker's fetch deadlines are closed", e);
    }
    HttpClientContext context = HttpClientContext.create();
    ClassicHttpResponse response = null;
    try {
      try {
        response = client.executeOpen(null, request, context);
      } catch (IOException e) {
        throw timedOut.get() ? totalTimeout(url, totalMs, e) : e;
      }
      Instant receivedAt = clock.instant();
      String ip = remoteAddress(context, url);
      RawBody raw = RawBody.read(response.getEntity(), settings.maxBodyBytes(), timedOut);
      if (raw.truncated() != null) {
        request.cancel(); // the rest is never read, and closing normally would drain it
      }
      String unusable = finish(webUrl, result, response, context, receivedAt, ip, raw);
      if (raw.error() != null) {
        throw timedOut.get() ? totalTimeout(url, totalMs, raw.error()) : raw.error();
      }
      if (unusable != null) {
        throw new UnusableResponseException(unusable); // recorded in the WARC all the same
      }
      return result;
    } finally {
      alarm.cancel();
      if (response != null) {
        try {
          response.close();
        } catch (IOException | RuntimeException e) {
          // cancelled on purpose or broken: the connection is discarded either way
        }
      }
    }
  }

  private TotalTimeoutException totalTimeout(String url, int totalMs, Throwable cause) {
    return new TotalTimeoutException(
        "total timeout: "
            + url
            + " did not finish within crawler.total-timeout-ms ("
            + totalMs
            + " ms)",
        cause);
  }

  /** Records the exchange; returns why the response is unusable as a page, or {@code null}. */
  private String finish(
      WebURL webUrl,
      PageFetchResult result,
      ClassicHttpResponse response,
      HttpClientContext context,
      Instant receivedAt,
      String ip,
      RawBody raw) {
    String url = webUrl.getURL();
    int status = response.getCode();
    Header[] headers = response.getHeaders();
    String contentType = value(response.getFirstHeader("Content-Type"));
    String contentEncoding = value(response.getFirstHeader("Content-Encoding"));
    Map<String, String> notes = new LinkedHashMap<>();
    if ("length".equals(raw.truncated())) {
      notes.put(
          "truncated", "body cut at crawler.max-body-bytes (" + settings.maxBodyBytes() + ")");
    } else if (raw.truncated() != null) {
      notes.put("truncated", "body incomplete: " + raw.truncated());
    }
    ContentDecoding.Result decodedBody =
        ContentDecoding.decode(raw.bytes(), contentEncoding, settings.maxBodyBytes());
    if (decodedBody.capped() && !ContentDecoding.codings(contentEncoding).isEmpty()) {
      notes.put(
          "decompression-capped",
          contentEncoding
              + " body decoded to more than crawler.max-body-bytes ("
              + settings.maxBodyBytes()
              + "); kept the first "
              + decodedBody.bytes().length);
    }
    if (decodedBody.problem() != null) {
      notes.put("content-decoding", decodedBody.problem());
    }
    String media = ContentTypes.mediaType(contentType);
    CharsetSniffer.Decoded text = null;
    boolean redirect = status >= 300 && status < 400;
    if (!redirect && status < 400 && ContentTypes.isHtml(media)) {
      text = BodyDecoder.decodeHtml(decodedBody.bytes(), contentType);
      if (text.mismatch() != null) {
        notes.put("charset-mismatch", text.mismatch());
      }
    } else if (!redirect && status < 400) {
      notes.put("not-parsed", "media type '" + media + "' is not HTML: recorded, not parsed");
    }
    boolean truncated = raw.truncated() != null || decodedBody.capped();

    WarcRef ref = null;
    String warcError = null;
    if (warc != null) {
      try {
        ref =
            warc.write(
                WarcExchanges.of(
                    webUrl,
                    response,
                    context.getAttribute(REQUEST_HEAD),
                    receivedAt,
                    ip,
                    raw,
                    notes,
                    site,
                    seed,
                    hops,
                    crawlNotes));
      } catch (IOException | RuntimeException e) {
        warcError = e.toString();
      }
    }
    captures.put(
        url,
        new Captures.Capture(
            ref, warcError, truncated, ip, text, notes, bodySha256(ref, raw), raw.bytes().length));

    result.setStatusCode(status);
    result.setResponseHeaders(headers);
    result.setFetchedUrl(url);
    if (redirect) {
      String location = value(response.getFirstHeader("Location"));
      if (location != null) {
        String target = normalizer.filter(UrlResolver.resolveUrl(url, location));
        result.setMovedToUrl(target);
      }
    }
    result.setEntity(new DecodedEntity(decodedBody.bytes(), contentType));
    return decodedBody.refused() ? decodedBody.problem() : null;
  }

  /**
   * Hex SHA-256 of the body as received (content coding still applied): the response record's
   * payload digest when one was written (the same bytes, hashed once), else hashed here.
   */
  private static String bodySha256(WarcRef ref, RawBody raw) {
    if (ref != null) {
      Optional<WarcDigest> payload = WarcDigests.parse(ref.payloadDigest());
      if (payload.isPresent()
          && WarcDigests.SHA256.equals(WarcDigests.normalAlgorithm(payload.get().algorithm()))) {
        return HexFormat.of().formatHex(payload.get().bytes());
      }
    }
    return Sha256.hex(raw.bytes());
  }

  private String remoteAddress(HttpClientContext context, String url) {
    EndpointDetails endpoint = context.getEndpointDetails();
    SocketAddress remote = endpoint == null ? null : endpoint.getRemoteAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return resolver.addressOf(Sites.hostOf(url));
  }

  private static String value(Header header) {
    return header == null ? null : header.getValue();
  }

  @Override
  public synchronized void shutDown() {
    client.close(CloseMode.IMMEDIATE);
    super.shutDown();
  }
}
