package org.sitewatch.crawler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a Prometheus registry as text at {@code http://ADDRESS:PORT/metrics} with the JDK's HTTP
 * server, on one named thread ({@code crawler-metrics-http}). Anything else is a 404.
 */
public final class MetricsEndpoint implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving.
   *
   * @param bindAddress an IP literal or host name to listen on, e.g. {@code 127.0.0.1}
   * @param port the TCP port; 0 picks a free one ({@link #port()} tells which)
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static MetricsEndpoint start(
      PrometheusMeterRegistry registry, String bindAddress, int port) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(bindAddress, "bindAddress");
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "crawler-metrics-http");
              t.setDaemon(true);
              return t;
            });
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 0);
      server.createContext("/", exchange -> serve(exchange, registry));
      server.setExecutor(executor);
      server.start();
      return new MetricsEndpoint(server, executor);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(
          "cannot serve metrics on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
    }
  }

  private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      boolean metrics = exchange.getRequestURI().getPath().equals("/metrics");
      byte[] body =
          (metrics ? registry.scrape() : "not found; try /metrics\n")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", metrics ? CONTENT_TYPE : "text/plain");
      boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
      exchange.sendResponseHeaders(metrics ? 200 : 404, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
