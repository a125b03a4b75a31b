package org.sitewatch.infra.demo;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request of the farm: picks the site by Host header, maps the path to a file of that
 * site, substitutes {@value #PORT_PLACEHOLDER} with the farm's port and encodes the text in the
 * site's charset. Each answered request is reported to the request log.
 */
final class FarmHandler implements HttpHandler {

  static final String PORT_PLACEHOLDER = "{{PORT}}";

  private static final Logger LOG = LoggerFactory.getLogger(FarmHandler.class);
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Map<String, String> MEDIA_TYPES =
      Map.of(
          "html", "text/html",
          "htm", "text/html",
          "txt", "text/plain",
          "css", "text/css",
          "xml", "application/xml");

  /** What to answer; response headers other than Content-Type are set on the exchange. */
  private record Response(int status, String contentType, byte[] body) {}

  private final FarmContent content;
  private final String port;
  private final Clock clock;
  private final Consumer<RequestLogEntry> log;

  /** Only files that exist are cached, so the cache is bounded by the bundled content. */
  private final ConcurrentMap<String, Response> cache = new ConcurrentHashMap<>();

  FarmHandler(FarmContent content, int port, Clock clock, Consumer<RequestLogEntry> log) {
    this.content = Objects.requireNonNull(content, "content");
    this.port = Integer.toString(port);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.log = Objects.requireNonNull(log, "log");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String host = hostOf(exchange.getRequestHeaders().getFirst("Host"));
      String path = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "/");
      Response response;
      try {
        response = respond(exchange, host, path);
      } catch (RuntimeException e) {
        LOG.warn("demo farm failed to answer {}{}", host, path, e);
        response = text(500, "Internal error\n");
      }
      // Logged before writing, so whoever has read a response finds it in the log.
      log.accept(new RequestLogEntry(clock.instant(), host, path, response.status()));
      write(exchange, response);
    } finally {
      exchange.close();
    }
  }

  private Response respond(HttpExchange exchange, String host, String path) {
    Optional<FarmContent.SiteConfig> config = content.site(host);
    if (config.isEmpty()) {
      return text(404, "No demo site is served under this host name.\n");
    }
    FarmContent.SiteConfig site = config.get();
    Headers headers = exchange.getResponseHeaders();
    site.headers().forEach(h -> headers.add(h.getKey(), h.getValue()));

    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      headers.set("Allow", "GET, HEAD");
      return text(405, "Method not allowed\n");
    }
    Optional<String> relative = relativePath(path);
    if (relative.isEmpty()) {
      return text(404, "Not found\n");
    }
    Optional<Response> page = render(site, relative.get());
    return page.orElseGet(() -> text(404, "Not found\n"));
  }

  /** A file of the site as a 200 response, or empty if there is no such servable file. */
  private Optional<Response> render(FarmContent.SiteConfig site, String relative) {
    String key = site.site().host() + "/" + relative;
    Response cached = cache.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<String> mediaType = extensionOf(relative).map(MEDIA_TYPES::get);
    if (mediaType.isEmpty()) {
      return Optional.empty();
    }
    String contentType = mediaType.get() + "; charset=" + site.charset().name();
    Optional<Response> rendered =
        content
            .file(site.site(), relative)
            .map(bytes -> encode(new String(bytes, StandardCharsets.UTF_8), site.charset()))
            .map(body -> new Response(200, contentType, body));
    rendered.ifPresent(r -> cache.putIfAbsent(key, r));
    return rendered;
  }

  private byte[] encode(String text, Charset charset) {
    return text.replace(PORT_PLACEHOLDER, port).getBytes(charset);
  }

  /**
   * The file path inside the site folder for a request path, or empty if the path cannot name a
   * servable file: {@code /} means {@code index.html}; dot segments, empty segments, encoded
   * characters and control files ({@code _headers}, {@code _charset}) are refused.
   */
  static Optional<String> relativePath(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return Optional.empty();
    }
    String path = rawPath.endsWith("/") ? rawPath + "index.html" : rawPath;
    String[] segments = path.substring(1).split("/", -1);
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
        return Optional.empty();
      }
    }
    return Optional.of(String.join("/", segments));
  }

  /** The Host header's host name, lower case, without port or trailing dot; empty if none. */
  static String hostOf(String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    String host = hostHeader.strip().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host;
  }

  private static Optional<String> extensionOf(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    return Optional.of(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static Response text(int status, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    return new Response(status, "text/plain; charset=UTF-8", body);
  }

  private static void write(HttpExchange exchange, Response response) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    byte[] body = response.body();
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(response.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
