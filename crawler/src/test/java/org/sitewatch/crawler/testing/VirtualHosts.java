package org.sitewatch.crawler.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server that serves several virtual hosts, chosen by the Host header. */
public final class VirtualHosts implements AutoCloseable {
  /** One canned response. {@code chunked} sends no Content-Length; {@code location} may be null. */
  public record Response(
      int status, String contentType, byte[] body, boolean chunked, String location) {
    public Response(int status, String contentType, byte[] body, boolean chunked) {
      this(status, contentType, body, chunked, null);
    }

    public static Response html(String html) {
      return new Response(
          200, "text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8), false);
    }

    public static Response redirect(String location) {
      return new Response(301, "text/html", new byte[0], false, location);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Map<String, Response>> hosts = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Hit> hits = new CopyOnWriteArrayList<>();

  /** One request as the server saw it: host, path and arrival time ({@code System.nanoTime}). */
  public record Hit(String host, String path, long nanos) {}

  /**
   * One request answered: when it arrived and when the server began its answer (the status line,
   * sent after any {@link #answerAfter} delay), both {@link System#nanoTime()}.
   */
  public record Exchange(String host, String path, long arrivedNanos, long answeredNanos) {}

  private final Map<String, Integer> answerDelaysMs = new ConcurrentHashMap<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> drips = new ConcurrentHashMap<>();
  private final Map<String, java.util.function.Function<String, Response>> byQuery =
      new ConcurrentHashMap<>();
  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();

  public VirtualHosts() throws IOException {
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(4, r -> new Thread(r, "test-http-" + n.incrementAndGet()));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Serves {@code host path} with a response made from the raw query string ("" if none). */
  public void addByQuery(
      String host, String path, java.util.function.Function<String, Response> page) {
    byQuery.put(host + " " + path, page);
  }

  public void add(String host, String path, Response response) {
    hosts.computeIfAbsent(host, h -> new ConcurrentHashMap<>()).put(path, response);
  }

  /**
   * Serves an HTML page at {@code host path} that sends one byte every {@code intervalMs} for a
   * long time, so that no single read times out but the whole response never ends soon.
   */
  public void addDrip(String host, String path, int intervalMs) {
    drips.put(host + " " + path, intervalMs);
  }

  /** Makes every answer of {@code host} start {@code delayMs} after its request arrived. */
  public void answerAfter(String host, int delayMs) {
    answerDelaysMs.put(host, delayMs);
  }

  /** The answered requests to {@code host}, in arrival order. */
  public List<Exchange> exchanges(String host) {
    return exchanges.stream()
        .filter(e -> e.host().equals(host))
        .sorted(java.util.Comparator.comparingLong(Exchange::arrivedNanos))
        .toList();
  }

  /** Every request served so far with its arrival time, in arrival order. */
  public List<Hit> hits() {
    return List.copyOf(hits);
  }

  /** "host path" of every request served so far. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** {@link System#nanoTime()} at the arrival of each request to {@code host}, in order. */
  public List<Long> arrivalNanos(String host) {
    return List.copyOf(arrivals.getOrDefault(host, List.of()));
  }

  private void serve(HttpExchange exchange) throws IOException {
    long arrival = System.nanoTime();
    String host = exchange.getRequestHeaders().getFirst("Host");
    host = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
    arrivals.computeIfAbsent(host, h -> new CopyOnWriteArrayList<>()).add(arrival);
    String path = exchange.getRequestURI().getRawPath();
    hits.add(new Hit(host, path, System.nanoTime()));
    requests.add(host + " " + path);
    Integer drip = drips.get(host + " " + path);
    if (drip != null) {
      drip(exchange, drip);
      return;
    }
    var dynamic = byQuery.get(host + " " + path);
    String query = exchange.getRequestURI().getRawQuery();
    Response r =
        dynamic != null
            ? dynamic.apply(query == null ? "" : query)
            : hosts.getOrDefault(host, Map.of()).get(path);
    if (r == null) {
      r =
          new Response(
              404,
              "text/html; charset=UTF-8",
              "<html><body>not here</body></html>".getBytes(StandardCharsets.UTF_8),
              false);
    }
    exchange.getResponseHeaders().add("Content-Type", r.contentType());
    exchange.getResponseHeaders().add("X-Test-Server", "virtual-hosts");
    if (r.location() != null) {
      exchange.getResponseHeaders().add("Location", r.location());
    }
    Integer answerDelay = answerDelaysMs.get(host);
    if (answerDelay != null) {
      try {
        Thread.sleep(answerDelay); // a slow server: what the crawler waits for, not the test
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    long answered = System.nanoTime();
    // recorded before the answer goes out: once the client has it, the exchange is listed (a crawl
    // that ends on this answer, or the next request, can never be seen before it)
    exchanges.add(new Exchange(host, path, arrival, answered));
    exchange.sendResponseHeaders(
        r.status(), r.chunked() ? 0 : r.body().length == 0 ? -1 : r.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(r.body());
    }
  }

  private static void drip(HttpExchange exchange, int intervalMs) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=UTF-8");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < 600; i++) {
        out.write('x');
        out.flush();
        Thread.sleep(intervalMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
