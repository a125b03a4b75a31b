package org.sitewatch.crawler.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.HttpsSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.net.Sites;
import org.sitewatch.common.text.CharsetSniffer;
import org.sitewatch.common.text.ContentTypes;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.net.GuardedDnsResolver;
import org.sitewatch.crawler.net.RefusedAddressException;
import org.sitewatch.events.FetchedPage;

/**
 * Fetches single pages outside a crawl, with the crawler's safety rules, for the command line's
 * offline {@code classify}. Thread-safe; owns an HTTP connection pool and the crawler's deadline
 * timer ({@link FetchDeadlines}, one thread), so close it.
 *
 * <p>Every address comes from the crawler's guarded resolver: the {@code resolve} table first, then
 * (unless {@code onlyResolvedHosts}) system DNS, and the address policy is applied to the address
 * the connection is really made to, for the first URL and for every redirect target. Timeouts are
 * the settings' connect and read timeouts plus an overall deadline for the whole fetch, redirects
 * included, of {@code connectTimeoutMs + 2 × readTimeoutMs}. At most {@code maxBodyBytes} of the
 * body are read as sent, and content codings are undone as the crawler undoes them ({@link
 * ContentDecoding}, under the same cap); a longer body is cut there and marked truncated. https
 * uses the JVM's trust store, with SNI and host name verification against the URL's host. No
 * cookies, no proxies, no automatic retries.
 */
public final class SinglePageFetcher implements AutoCloseable {
  /** Most redirects followed for one fetch. */
  public static final int MAX_REDIRECTS = 5;

  private final CrawlerSettings settings;
  private final Clock clock;
  private final Duration deadline;
  private final GuardedDnsResolver resolver;
  private final CloseableHttpClient client;
  private final FetchDeadlines deadlines = new FetchDeadlines();

  /** A fetcher with the settings' resolve table, address policy, timeouts, body cap and agent. */
  public SinglePageFetcher(CrawlerSettings settings, Clock clock) {
    this(
        settings,
        clock,
        Duration.ofMillis(settings.connectTimeoutMs() + 2L * settings.readTimeoutMs()));
  }

  /** For tests: another overall deadline. */
  SinglePageFetcher(CrawlerSettings settings, Clock clock, Duration deadline) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
    this.resolver = new GuardedDnsResolver(settings);
    HttpClientConnectionManager connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(resolver)
            .setTlsSocketStrategy(
                new DefaultClientTlsStrategy(
                    SSLContexts.createDefault(),
                    HostnameVerificationPolicy.BOTH,
                    HttpsSupport.getDefaultHostnameVerifier()))
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                    .setSocketTimeout(Timeout.ofMilliseconds(settings.readTimeoutMs()))
                    .build())
            .setMaxConnPerRoute(2)
            .setMaxConnTotal(8)
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(false) // followed here, so each hop is counted and checked
                    .setResponseTimeout(Timeout.ofMilliseconds(settings.readTimeoutMs()))
                    .setConnectionRequestTimeout(
                        Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                    .build())
            .setUserAgent(settings.userAgent())
            .disableCookieManagement()
            // decoded here, as the crawler does (ContentDecoding): the digest is of the bytes as
            // sent, and a body that expands past the cap is cut at it
            .disableContentCompression()
            .disableAutomaticRetries()
            .disableAuthCaching()
            .build();
  }

  /**
   * Fetches one URL with the crawler's guarded DNS (resolve table, address policy on the address
   * actually connected to), timeouts (connect, read, and an overall deadline), body-size cap (at
   * most {@code maxBodyBytes} read, the page then marked truncated), up to {@value #MAX_REDIRECTS}
   * redirects each checked again, and the crawler's charset decoding (see {@link Bodies}).
   *
   * <p>Any HTTP status is returned as a page (a 404 too); a redirect whose target cannot be fetched
   * fails the fetch. As in the crawler, a non-HTML response has empty {@code content} and no links.
   *
   * @return the page, with {@code site} = the site of the final URL, depth 0, and the address the
   *     connection went to as {@code serverIp}
   * @throws IOException with a message saying why: {@code "refused: 127.0.0.1 is a loopback
   *     address; ..."} for an address the policy refuses, a DNS failure, a timeout, the deadline,
   *     too many redirects, or an I/O error
   */
  public FetchedPage fetch(String url) throws IOException {
    Objects.requireNonNull(url, "url");
    String current = checkedUrl(url, null);
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    for (int redirects = 0; ; redirects++) {
      HttpGet get;
      try {
        get = new HttpGet(URI.create(current));
        get.setHeader("Accept-Encoding", ContentDecoding.ACCEPT_ENCODING);
      } catch (IllegalArgumentException e) {
        throw new FetchFailure("cannot request " + current + ": " + e.getMessage(), e);
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        throw deadlineExceeded(url, null);
      }
      AtomicBoolean timedOut = new AtomicBoolean();
      FetchDeadlines.Alarm alarm =
          deadlines.after(
              TimeUnit.NANOSECONDS.toMillis(remaining + 999_999), // rounded up
              () -> {
                timedOut.set(true);
                get.cancel();
              });
      ClassicHttpResponse response = null;
      try {
        response = client.executeOpen(null, get, null);
        Instant fetchedAt = clock.instant();
        int status = response.getCode();
        Header location = response.getFirstHeader("Location");
        if (isRedirect(status) && location != null && location.getValue() != null) {
          get.cancel(); // a redirect's body is never read, and closing normally would drain it
          if (redirects == MAX_REDIRECTS) {
            throw new FetchFailure(
                "too many redirects fetching " + url + ": more than " + MAX_REDIRECTS);
          }
          current = checkedUrl(redirectTarget(current, location.getValue()), current);
          continue;
        }
        Body body = read(response.getEntity());
        if (body.truncated()) {
          get.cancel(); // the rest is never read, and closing normally would drain it
        }
        return page(url, current, status, response, fetchedAt, body);
      } catch (FetchFailure e) {
        throw e;
      } catch (IOException e) {
        if (timedOut.get()) {
          throw deadlineExceeded(url, e);
        }
        throw explained(e, url, current);
      } finally {
        alarm.cancel();
        closeQuietly(response);
      }
    }
  }

  /** An IOException whose message already says what went wrong. */
  private static final class FetchFailure extends IOException {
    FetchFailure(String message) {
      super(message);
    }

    FetchFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static void closeQuietly(ClassicHttpResponse response) {
    if (response != null) {
      try {
        response.close();
      } catch (IOException | RuntimeException e) {
        // the connection was cancelled on purpose, or is broken: it is discarded either way
      }
    }
  }

  private record Body(byte[] bytes, boolean truncated) {}

  private Body read(HttpEntity entity) throws IOException {
    if (entity == null) {
      return new Body(new byte[0], false);
    }
    InputStream in = entity.getContent(); // closed with the response
    byte[] bytes = in.readNBytes(settings.maxBodyBytes());
    boolean truncated = bytes.length == settings.maxBodyBytes() && in.read() >= 0;
    return new Body(bytes, truncated);
  }

  private FetchedPage page(
      String requestedUrl,
      String finalUrl,
      int status,
      ClassicHttpResponse response,
      Instant fetchedAt,
      Body body)
      throws FetchFailure {
    Header contentTypeHeader = response.getFirstHeader("Content-Type");
    String contentType = contentTypeHeader == null ? null : contentTypeHeader.getValue();
    String media = ContentTypes.mediaType(contentType);
    Header encoding = response.getFirstHeader("Content-Encoding");
    ContentDecoding.Result decodedBody =
        ContentDecoding.decode(
            body.bytes(), encoding == null ? null : encoding.getValue(), settings.maxBodyBytes());
    if (decodedBody.refused()) {
      throw new FetchFailure(
          "cannot use the response from " + finalUrl + ": " + decodedBody.problem());
    }
    String charset;
    String text;
    List<String> links;
    if (ContentTypes.isHtml(media)) {
      CharsetSniffer.Decoded decoded = BodyDecoder.decodeHtml(decodedBody.bytes(), contentType);
      charset = decoded.charset();
      text = decoded.text();
      links = Links.extract(text, finalUrl);
    } else {
      charset = ContentTypes.charset(contentType).map(Charset::name).orElse(null);
      text = "";
      links = List.of();
    }
    return FetchedPage.builder()
        .site(Sites.siteOf(finalUrl))
        .requestedUrl(requestedUrl)
        .finalUrl(finalUrl)
        .status(status)
        .headers(ResponseHeaders.of(response.getHeaders()))
        .fetchedAt(fetchedAt)
        .serverIp(resolver.addressOf(Sites.hostOf(finalUrl)))
        .contentType(media)
        .charset(charset)
        .content(text)
        .contentTruncated(body.truncated() || decodedBody.capped())
        .bodySha256(Sha256.hex(body.bytes()))
        .bodyLength(body.bytes().length)
        .depth(0)
        .outlinks(links)
        .build();
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String redirectTarget(String from, String location) throws IOException {
    try {
      return URI.create(from).resolve(location.trim()).toString();
    } catch (IllegalArgumentException e) {
      throw new FetchFailure(
          "redirect from " + from + " has an unusable Location '" + location + "'", e);
    }
  }

  /** The URL itself if it is an absolute http(s) URL with a host. */
  private static String checkedUrl(String url, String redirectedFrom) throws IOException {
    try {
      Sites.hostOf(url);
      return url.trim();
    } catch (IllegalArgumentException e) {
      throw new FetchFailure(
          (redirectedFrom == null ? "" : "redirect from " + redirectedFrom + ": ") + e.getMessage(),
          e);
    }
  }

  private IOException deadlineExceeded(String url, IOException cause) {
    return new FetchFailure(
        "fetch of " + url + " did not finish within its deadline of " + deadline.toMillis() + " ms",
        cause);
  }

  private static IOException explained(IOException e, String url, String current) {
    String hop = current.equals(url) ? "" : " (redirected from " + url + ")";
    RefusedAddressException refused = causeOf(e, RefusedAddressException.class);
    if (refused != null) {
      return new RefusedAddressException(refused.getMessage() + hop);
    }
    UnknownHostException dns = causeOf(e, UnknownHostException.class);
    if (dns != null) {
      return new IOException("DNS lookup failed for " + current + hop + ": " + dns.getMessage(), e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.toString();
    return new IOException("fetch of " + current + hop + " failed: " + message, e);
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** Closes the connection pool and the timer; fetches still running fail. */
  @Override
  public void close() {
    deadlines.close();
    client.close(CloseMode.IMMEDIATE);
  }
}
