package org.sitewatch.infra.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;
import org.sitewatch.common.concurrent.Threads;

/**
 * The benchmark's site farm: {@code hosts} virtual hosts ({@code site0001.test}, ...) of {@code
 * pages} generated pages each, served by one JDK {@code HttpServer} on a loopback address and told
 * apart by the Host header. Every host is its own site for the crawler ({@code .test} is not a
 * public suffix, so {@code site0001.test} is a registered domain of its own).
 *
 * <p>Page {@code 0} is {@code /}, page {@code i} is {@code /p/i.html}; page {@code i} links to
 * pages {@code i*f+1 .. i*f+f} (a complete f-ary tree, f the smallest fan-out that puts every page
 * within depth {@value #MAX_DEPTH}) and back home. Bodies are mild generated text of 20 to 40 KB,
 * the same for the same page every time: a video club's members' area on an adult site (every site
 * unless the farm is started with a choice of adult sites), everyday town news on the others.
 * {@code /robots.txt} allows everything.
 *
 * <p>The farm answers at once and logs every request with the time it arrived ({@link
 * System#nanoTime()} by default), its host, path, status and body size; {@link #requestLog()} is a
 * snapshot. It owns a server socket and a pool of threads named {@code bench-farm-N}.
 */
public final class BenchFarm implements AutoCloseable {
  /**
   * The deepest link depth at which every page can be reached (the crawler's default max depth).
   */
  public static final int MAX_DEPTH = 3;

  private static final byte[] ROBOTS =
      "User-agent: *\nAllow: /\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_FOUND = "not found\n".getBytes(StandardCharsets.US_ASCII);
  private static final String[] SENTENCES = {
    "Welcome back to the members area of our video club.",
    "New adult videos are added to the archive every evening.",
    "VIP会员 enjoy faster downloads and an archive without advertisements.",
    "成人视频 categories are listed on the left side of every page.",
    "Our support team answers questions about payments within one day.",
    "The weather was mild and the tea house by the lake was busy.",
    "Please read the terms of service before you create an account.",
    "Recommended for you: a selection of the most watched clips this week.",
    "Prices for a monthly membership start at a small fee.",
    "The city library opens a new reading room next month.",
    "Invite a friend and both of you receive three free days.",
    "All content is for members who confirmed they are of legal age.",
  };

  /** What the pages of a site that is not adult are made of: everyday text only. */
  private static final String[] NEUTRAL_SENTENCES = {
    "The weather was mild and the tea house by the lake was busy.",
    "The city library opens a new reading room next month.",
    "The garden club meets on the first Saturday of each month.",
    "Bus timetables change when the school holidays begin.",
    "Volunteers repaired the benches in the park last week.",
    "A new bakery opened near the railway station.",
    "The museum shows old maps of the river and its bridges.",
    "Swimming lessons for children start again in spring.",
  };

  /** One answered request. */
  public record Request(String host, String path, long nanos, int status, int bytes) {
    public Request {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(path, "path");
    }
  }

  private final int hosts;
  private final int pages;
  private final int fanOut;
  private final byte[] filler;
  private final byte[] neutralFiller;
  private final IntPredicate adult;
  private final HttpServer server;
  private final ExecutorService executor;
  private final LongSupplier nanos;
  private final Queue<Request> log = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private BenchFarm(
      int hosts,
      int pages,
      HttpServer server,
      ExecutorService executor,
      LongSupplier nanos,
      IntPredicate adult) {
    this.hosts = hosts;
    this.pages = pages;
    this.fanOut = fanOut(pages, MAX_DEPTH);
    this.filler = filler(SENTENCES, 48 * 1024);
    this.neutralFiller = filler(NEUTRAL_SENTENCES, 48 * 1024);
    this.adult = adult;
    this.server = server;
    this.executor = executor;
    this.nanos = nanos;
  }

  /**
   * Starts a farm on a loopback address and an ephemeral port.
   *
   * @param threads request threads (the farm does almost no work per request)
   * @param nanos the clock stamping the request log, normally {@code System::nanoTime}
   */
  public static BenchFarm start(int hosts, int pages, int threads, LongSupplier nanos)
      throws IOException {
    return start(hosts, pages, threads, nanos, site -> true);
  }

  /**
   * Starts a farm in which only the sites {@code adult} accepts (0-based indices) carry the adult
   * video club text; the others are everyday text (a garden club, a library) that no detector
   * should flag.
   */
  public static BenchFarm start(
      int hosts, int pages, int threads, LongSupplier nanos, IntPredicate adult)
      throws IOException {
    Objects.requireNonNull(adult, "adult");
    if (hosts < 1 || hosts > 9999) {
      throw new IllegalArgumentException("hosts must be between 1 and 9999, got " + hosts);
    }
    if (pages < 1 || pages > 100_000) {
      throw new IllegalArgumentException("pages must be between 1 and 100000, got " + pages);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 512);
    ExecutorService executor =
        Executors.newFixedThreadPool(threads, Threads.named("bench-farm").numbered().daemon());
    BenchFarm farm =
        new BenchFarm(
            hosts, pages, server, executor, Objects.requireNonNull(nanos, "nanos"), adult);
    server.createContext("/", farm::handle);
    server.setExecutor(executor);
    server.start();
    return farm;
  }

  /** The smallest fan-out f with 1 + f + ... + f^depth >= pages. */
  static int fanOut(int pages, int depth) {
    for (int f = 1; ; f++) {
      long reach = 0;
      long level = 1;
      for (int d = 0; d <= depth; d++) {
        reach += level;
        level *= f;
      }
      if (reach >= pages) {
        return f;
      }
    }
  }

  /**
   * {@code round(share * hosts)} distinct site indices drawn with a {@link Random} seeded with
   * {@code seed}: the adult sites of a farm, the same for the same arguments.
   */
  public static Set<Integer> adultSites(int hosts, double share, long seed) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in [0, 1], got " + share);
    }
    List<Integer> all = new ArrayList<>(hosts);
    for (int i = 0; i < hosts; i++) {
      all.add(i);
    }
    Collections.shuffle(all, new Random(seed));
    return new TreeSet<>(all.subList(0, (int) Math.round(share * hosts)));
  }

  /** The host name of site {@code i} (0-based): {@code site0001.test} for 0. */
  public static String host(int i) {
    return String.format(Locale.ROOT, "site%04d.test", i + 1);
  }

  /** Every host name of the farm, in order. */
  public List<String> hostNames() {
    List<String> names = new ArrayList<>(hosts);
    for (int i = 0; i < hosts; i++) {
      names.add(host(i));
    }
    return names;
  }

  /** Every host mapped to 127.0.0.1, for the crawler's resolve table. */
  public Map<String, String> resolveTable() {
    Map<String, String> table = new LinkedHashMap<>();
    hostNames().forEach(h -> table.put(h, "127.0.0.1"));
    return table;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The home page URL of site {@code i}. */
  public String seedUrl(int i) {
    return "http://" + host(i) + ":" + port() + "/";
  }

  public int pagesPerHost() {
    return pages;
  }

  /** A snapshot of the request log, in the order requests were logged. */
  public List<Request> requestLog() {
    return List.copyOf(log);
  }

  /** The CPU time the farm's request threads have used so far, in nanoseconds (-1 if unknown). */
  long cpuNanos() {
    return ThreadCpu.ofThreadsNamed(
        name -> name.startsWith("bench-farm-") || name.equals("HTTP-Dispatcher"));
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = nanos.getAsLong();
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String host = hostOf(exchange.getRequestHeaders().getFirst("Host"));
      String path = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "/");
      int status = 200;
      String type = "text/html; charset=utf-8";
      byte[] body;
      int site = siteIndex(host);
      int page = pageIndex(path);
      if (site < 0) {
        status = 404;
        type = "text/plain";
        body = NOT_FOUND;
      } else if (path.equals("/robots.txt")) {
        type = "text/plain";
        body = ROBOTS;
      } else if (page < 0) {
        status = 404;
        type = "text/plain";
        body = NOT_FOUND;
      } else {
        body = page(site, page);
      }
      log.add(new Request(host, path, arrived, status, body.length));
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String hostOf(String header) {
    if (header == null) {
      return "";
    }
    String h = header.trim().toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    return colon >= 0 ? h.substring(0, colon) : h;
  }

  /** The 0-based index of a farm host, or -1. */
  int siteIndex(String host) {
    if (host.length() != 13 || !host.startsWith("site") || !host.endsWith(".test")) {
      return -1;
    }
    try {
      int i = Integer.parseInt(host.substring(4, 8)) - 1;
      return i >= 0 && i < hosts ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The page index of a path, or -1. */
  int pageIndex(String path) {
    if (path.equals("/") || path.equals("/index.html")) {
      return 0;
    }
    if (path.startsWith("/p/") && path.endsWith(".html")) {
      try {
        int i = Integer.parseInt(path.substring(3, path.length() - 5));
        return i > 0 && i < pages ? i : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  static String pagePath(int page) {
    return page == 0 ? "/" : "/p/" + page + ".html";
  }

  /** The body of a page: links to its children and home, then 20-40 KB of text. */
  byte[] page(int site, int page) {
    boolean isAdult = adult.test(site);
    byte[] filler = isAdult ? this.filler : neutralFiller;
    StringBuilder html = new StringBuilder(512);
    html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
        .append(host(site))
        .append(" page ")
        .append(page)
        .append("</title></head><body><h1>")
        .append(isAdult ? "Video club " : "Town notes ")
        .append(site + 1)
        .append(", page ")
        .append(page)
        .append("</h1><ul><li><a href=\"/\">Home</a></li>");
    for (int child = page * fanOut + 1; child <= page * fanOut + fanOut && child < pages; child++) {
      html.append("<li><a href=\"")
          .append(pagePath(child))
          .append("\">Page ")
          .append(child)
          .append("</a></li>");
    }
    html.append("</ul><p>");
    byte[] head = html.toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = "</p></body></html>\n".getBytes(StandardCharsets.US_ASCII);
    int mix = Math.floorMod((site + 1) * 7919 + page * 104_729, 1 << 20);
    int textBytes = 20 * 1024 + mix % (20 * 1024) - head.length - tail.length;
    int from = mix % (filler.length - textBytes);
    // start and end at a space so that no multi-byte character is cut
    while (filler[from] != ' ') {
      from++;
    }
    int to = from + textBytes;
    while (to < filler.length && filler[to] != ' ') {
      to++;
    }
    byte[] body = new byte[head.length + (to - from) + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(filler, from, body, head.length, to - from);
    System.arraycopy(tail, 0, body, head.length + (to - from), tail.length);
    return body;
  }

  private static byte[] filler(String[] sentences, int size) {
    StringBuilder text = new StringBuilder(size + 256);
    int i = 0;
    while (text.length() < size) {
      text.append(sentences[(i * 5 + i / sentences.length) % sentences.length]).append(' ');
      i++;
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Stops the server and its threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
