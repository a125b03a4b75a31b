package org.sitewatch.infra.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.sitewatch.common.concurrent.Threads;

/**
 * The operations endpoint of a process (docs/metrics.md): {@code GET /metrics} (the process's
 * Prometheus registry as text), {@code /health/live} and {@code /health/ready} (its {@link
 * ProcessHealth}: 200 or 503, one line per check); any other path is a 404, any other method a 405.
 *
 * <p>Whoever reaches the port is a network peer, not a trusted scraper: requests are read by a
 * small bounded pool of named threads ({@code sitewatch-ops-http-N}), each request must arrive
 * whole (at most {@value #MAX_REQUEST_BYTES} bytes of request line and headers) within the request
 * timeout, and every connection is closed after one answer. A client that connects and sends
 * nothing, or sends a byte now and then, holds one thread until the timeout at most; the others go
 * on serving scrapes, and connections beyond the pool and its small queue are closed at once.
 */
public final class OpsEndpoint implements AutoCloseable {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";
  static final int THREADS = 4;
  static final int QUEUE = 16;
  static final int MAX_REQUEST_BYTES = 8 * 1024;
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How long writing an answer may take after the request arrived: a peer that asks and then never
   * reads would otherwise hold a thread for good (a socket's read timeout does not bound writes),
   * so the connection is closed by a watchdog at the request deadline plus this.
   */
  static final Duration WRITE_BUDGET = Duration.ofSeconds(10);

  private final ServerSocket socket;
  private final ThreadPoolExecutor pool;
  private final Thread acceptor;
  private final ScheduledExecutorService watchdog;
  private final PrometheusMeterRegistry registry;
  private final ProcessHealth health;
  private final long timeoutMs;
  private final long writeBudgetMs;
  private volatile boolean open = true;

  private OpsEndpoint(
      ServerSocket socket,
      PrometheusMeterRegistry registry,
      ProcessHealth health,
      Duration requestTimeout,
      Duration writeBudget) {
    this.socket = socket;
    this.writeBudgetMs = Math.max(1, writeBudget.toMillis());
    this.registry = registry;
    this.health = health;
    this.timeoutMs = Math.max(1, requestTimeout.toMillis());
    this.pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            Threads.named("sitewatch-ops-http").numbered().daemon(),
            new ThreadPoolExecutor.AbortPolicy());
    this.acceptor = Threads.named("sitewatch-ops-accept").daemon().newThread(this::accept);
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            Threads.named("sitewatch-ops-watchdog").daemon());
  }

  /**
   * Starts serving.
   *
   * @param bindAddress an IP literal or host name to listen on, e.g. {@code 127.0.0.1}
   * @param port the TCP port; 0 picks a free one ({@link #port()} tells which)
   * @throws UncheckedIOException if the address cannot be bound
   */
  public static OpsEndpoint start(
      PrometheusMeterRegistry registry, ProcessHealth health, String bindAddress, int port) {
    return start(registry, health, bindAddress, port, REQUEST_TIMEOUT, WRITE_BUDGET);
  }

  /**
   * As {@link #start(PrometheusMeterRegistry, ProcessHealth, String, int)}, with the time a request
   * may take to arrive and the time writing its answer may take.
   */
  static OpsEndpoint start(
      PrometheusMeterRegistry registry,
      ProcessHealth health,
      String bindAddress,
      int port,
      Duration requestTimeout,
      Duration writeBudget) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(bindAddress, "bindAddress");
    try {
      ServerSocket socket = new ServerSocket();
      try {
        socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 50);
      } catch (IOException e) {
        socket.close();
        throw e;
      }
      OpsEndpoint endpoint = new OpsEndpoint(socket, registry, health, requestTimeout, writeBudget);
      endpoint.acceptor.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the operations endpoint on "
              + bindAddress
              + ":"
              + port
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void accept() {
    while (open) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        if (!open) {
          return;
        }
        // one failed accept (e.g. a reset before accept) must not end the endpoint; a lasting one
        // (out of file descriptors) must not spin a core either
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          return;
        }
        continue;
      }
      try {
        pool.execute(() -> serve(client));
      } catch (RejectedExecutionException e) {
        closeQuietly(client); // pool and queue full: shed the connection rather than wait
      }
    }
  }

  private void serve(Socket client) {
    ScheduledFuture<?> guard;
    try {
      guard =
          watchdog.schedule(
              () -> closeQuietly(client), timeoutMs + writeBudgetMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      closeQuietly(client); // closing
      return;
    }
    try (client) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      String requestLine = readRequestHead(client, deadline);
      if (requestLine == null) {
        return; // incomplete, too slow or too large: nothing worth an answer
      }
      String[] parts = requestLine.split(" ");
      if (parts.length != 3 || !parts[2].startsWith("HTTP/")) {
        respond(client, 400, TEXT, "bad request\n");
        return;
      }
      if (!parts[0].equals("GET")) {
        respond(client, 405, TEXT, "only GET\n");
        return;
      }
      String path = parts[1];
      int query = path.indexOf('?');
      if (query >= 0) {
        path = path.substring(0, query);
      }
      switch (path) {
        case "/metrics" -> respond(client, 200, CONTENT_TYPE, registry.scrape());
        case "/health/live" -> {
          var notLive = health.notLive();
          if (notLive.isPresent()) {
            respond(client, 503, TEXT, "not live: " + notLive.get() + "\n");
          } else {
            respond(client, 200, TEXT, "live\n");
          }
        }
        case "/health/ready" -> {
          ProcessHealth.Readiness ready = health.ready();
          respond(client, ready.ready() ? 200 : 503, TEXT, ready.text());
        }
        default ->
            respond(client, 404, TEXT, "not found; try /metrics, /health/live, /health/ready\n");
      }
    } catch (IOException e) {
      // the peer went away, timed out or was cut off by the watchdog; nothing to tell it
    } finally {
      guard.cancel(false);
    }
  }

  /**
   * Reads up to the blank line that ends the request head and returns its first line, or {@code
   * null} when the head does not arrive whole, in time and within {@link #MAX_REQUEST_BYTES}.
   */
  private static String readRequestHead(Socket client, long deadline) throws IOException {
    InputStream in = client.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024];
    while (true) {
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMs <= 0) {
        return null;
      }
      client.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
      int n;
      try {
        n = in.read(buffer, 0, Math.min(buffer.length, MAX_REQUEST_BYTES - head.size()));
      } catch (SocketTimeoutException e) {
        return null;
      }
      if (n < 0) {
        return null;
      }
      head.write(buffer, 0, n);
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        end = text.indexOf("\n\n");
      }
      if (end >= 0) {
        int eol = text.indexOf('\n');
        return text.substring(0, eol).strip();
      }
      if (head.size() >= MAX_REQUEST_BYTES) {
        return null;
      }
    }
  }

  private static void respond(Socket client, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String reason =
        switch (status) {
          case 200 -> "OK";
          case 400 -> "Bad Request";
          case 404 -> "Not Found";
          case 405 -> "Method Not Allowed";
          default -> "Service Unavailable";
        };
    String headers =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\n"
            + "Content-Type: "
            + type
            + "\r\n"
            + "Content-Length: "
            + bytes.length
            + "\r\n"
            + "Connection: close\r\n\r\n";
    client.setSoTimeout(0);
    OutputStream out = client.getOutputStream();
    out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
    out.flush();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** The port actually bound. */
  public int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() {
    open = false;
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
    pool.shutdownNow();
    watchdog.shutdownNow();
    try {
      acceptor.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
