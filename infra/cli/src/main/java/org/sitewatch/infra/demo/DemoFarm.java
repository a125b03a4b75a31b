package org.sitewatch.infra.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sitewatch.common.concurrent.Threads;

/**
 * A farm of fictional demo websites served by one loopback HTTP server, each site a virtual host
 * chosen by the request's Host header. Crawlers reach the realistic host names (such as {@code
 * www.huangse-vip.cn}) through {@link #resolveTable()}, like {@code curl --resolve}: no name is
 * ever looked up in DNS.
 *
 * <p>Content comes from the class path folder {@code demo-farm/}; {@link #sites()} lists the sites
 * with the verdict a correct pipeline should reach. Cross-site links in the pages carry {@code
 * {{PORT}}}, replaced with {@link #port()} when served.
 *
 * <p>The farm owns a server socket and a small pool of threads named {@code demo-farm-http-N};
 * {@link #close()} releases both.
 */
public final class DemoFarm implements AutoCloseable {

  /** The class path folder the farm serves. */
  public static final String RESOURCE_ROOT = "demo-farm";

  private static final int THREADS = 4;
  private static final int STOP_WAIT_SECONDS = 5;

  private final HttpServer server;
  private final ExecutorService executor;
  private final FarmContent content;
  private final String address;
  private final Queue<RequestLogEntry> requests;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DemoFarm(
      HttpServer server,
      ExecutorService executor,
      FarmContent content,
      String address,
      Queue<RequestLogEntry> requests) {
    this.server = server;
    this.executor = executor;
    this.content = content;
    this.address = address;
    this.requests = requests;
  }

  /**
   * Starts the farm with the system clock.
   *
   * @see #start(InetAddress, int, Clock)
   */
  public static DemoFarm start(InetAddress bindAddress, int port) throws IOException {
    return start(bindAddress, port, Clock.systemUTC());
  }

  /**
   * Starts the farm on {@code bindAddress}, which must be a loopback address: the farm imitates
   * adult websites and is never offered to the network.
   *
   * @param port the port to listen on, 0 for an ephemeral one
   * @param clock the clock stamping {@link #requestLog()} entries
   * @throws IOException if the port cannot be bound
   * @throws IllegalArgumentException if the address is not a loopback address
   */
  public static DemoFarm start(InetAddress bindAddress, int port, Clock clock) throws IOException {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(clock, "clock");
    if (!bindAddress.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the demo farm binds to loopback addresses only: " + bindAddress.getHostAddress());
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("not a port: " + port);
    }
    FarmContent content = FarmContent.load(DemoFarm.class.getClassLoader(), RESOURCE_ROOT);
    HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(THREADS, Threads.named("demo-farm-http").numbered().daemon());
    Queue<RequestLogEntry> requests = new ConcurrentLinkedQueue<>();
    int boundPort = server.getAddress().getPort();
    server.createContext("/", new FarmHandler(content, boundPort, clock, requests::add));
    server.setExecutor(executor);
    server.start();
    return new DemoFarm(server, executor, content, bindAddress.getHostAddress(), requests);
  }

  /** The port the farm listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The sites of the farm, in manifest order. */
  public List<FarmSite> sites() {
    return content.sites();
  }

  /**
   * The home page URL of a site of this farm, e.g. {@code http://www.xihu-tea.cn:41234/}.
   *
   * @throws IllegalArgumentException if the site is not one of {@link #sites()}
   */
  public String seedUrl(FarmSite site) {
    Objects.requireNonNull(site, "site");
    if (!content.sites().contains(site)) {
      throw new IllegalArgumentException("not a site of this farm: " + site.host());
    }
    return "http://" + site.host() + ":" + port() + "/";
  }

  /**
   * Every host name the farm answers to (each site's host and its {@code www.} alias where it has
   * one), mapped to the address the farm is bound to. Give it to the crawler so that no name is
   * looked up in DNS.
   */
  public Map<String, String> resolveTable() {
    Map<String, String> table = new LinkedHashMap<>();
    content.hosts().forEach(host -> table.put(host, address));
    return Collections.unmodifiableMap(table);
  }

  /** A copy of the log of every request answered so far, oldest first. */
  public List<RequestLogEntry> requestLog() {
    return List.copyOf(requests);
  }

  /** Stops the server, frees the port and stops the threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
