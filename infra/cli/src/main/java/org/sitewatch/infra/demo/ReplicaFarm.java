package org.sitewatch.infra.demo;

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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.common.net.Sites;

/**
 * Many copies of the demo farm on one loopback port, for benchmarks that need hundreds of sites
 * whose expected outcome is known. Copy {@code n} (1, 2, ...) renames every registered domain of
 * the demo farm {@code D} to {@code rNN-D} (e.g. {@code www.r07-xihu-tea.cn}), in host names and in
 * the text of every page, so each copy is a self-contained farm whose cross-site links stay inside
 * it; a copy of a site is expected to become a lead exactly when the original is ({@link
 * FarmSite#expectLead()}).
 */
public final class ReplicaFarm implements AutoCloseable {
  private static final int STOP_WAIT_SECONDS = 5;

  /** A site of one copy: its host and the demo site it copies. */
  public record Site(String host, FarmSite original, int copy) {
    public boolean expectLead() {
      return original.expectLead();
    }
  }

  private record Served(FarmContent.SiteConfig config, int copy) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Site> sites;
  private final Map<String, Served> byHost;
  private final String address;
  private final AtomicLong requests = new AtomicLong();

  private ReplicaFarm(
      HttpServer server,
      ExecutorService executor,
      List<Site> sites,
      Map<String, Served> byHost,
      String address) {
    this.server = server;
    this.executor = executor;
    this.sites = sites;
    this.byHost = byHost;
    this.address = address;
  }

  /**
   * Starts a farm of {@code siteCount} sites (as many copies of the demo farm as needed, the last
   * one cut short) on {@code bindAddress}, which must be a loopback address.
   */
  public static ReplicaFarm start(InetAddress bindAddress, int siteCount, int threads)
      throws IOException {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (!bindAddress.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the farm binds to loopback addresses only: " + bindAddress.getHostAddress());
    }
    if (siteCount < 1 || siteCount > 99 * 16) {
      throw new IllegalArgumentException("site count must be 1 to 1584, got " + siteCount);
    }
    FarmContent content =
        FarmContent.load(ReplicaFarm.class.getClassLoader(), DemoFarm.RESOURCE_ROOT);
    int perCopy = content.sites().size();
    int copies = (siteCount + perCopy - 1) / perCopy;
    List<Site> sites = new ArrayList<>();
    Map<String, Served> byHost = new LinkedHashMap<>();
    for (int copy = 1; copy <= copies; copy++) {
      for (String host : content.hosts()) {
        FarmContent.SiteConfig config = content.site(host).orElseThrow();
        byHost.put(rename(host, copy), new Served(config, copy));
      }
      for (FarmSite site : content.sites()) {
        if (sites.size() < siteCount) {
          sites.add(new Site(rename(site.host(), copy), site, copy));
        }
      }
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, 0), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads, Threads.named("replica-farm-http").numbered().daemon());
    ReplicaFarm farm =
        new ReplicaFarm(
            server, executor, List.copyOf(sites), Map.copyOf(byHost), bindAddress.getHostAddress());
    Pattern domains = domainPattern(content.sites());
    server.createContext("/", exchange -> farm.handle(exchange, content, domains));
    server.setExecutor(executor);
    server.start();
    return farm;
  }

  /** {@code www.xihu-tea.cn} in copy 7: {@code www.r07-xihu-tea.cn}. */
  static String rename(String host, int copy) {
    String domain = Sites.siteOfHost(host);
    return host.substring(0, host.length() - domain.length()) + prefix(copy) + domain;
  }

  private static String prefix(int copy) {
    return String.format("r%02d-", copy);
  }

  static Pattern domainPattern(List<FarmSite> sites) {
    String alternatives =
        sites.stream()
            .map(s -> Sites.siteOfHost(s.host()))
            .distinct()
            .sorted((a, b) -> b.length() - a.length())
            .map(Pattern::quote)
            .collect(Collectors.joining("|"));
    return Pattern.compile("(?<![A-Za-z0-9-])(" + alternatives + ")(?![A-Za-z0-9-])");
  }

  /** The page text of a copy: every demo domain renamed. */
  static String renameDomains(String text, Pattern domains, int copy) {
    Matcher m = domains.matcher(text);
    return m.replaceAll(r -> Matcher.quoteReplacement(prefix(copy) + r.group(1)));
  }

  private void handle(HttpExchange exchange, FarmContent content, Pattern domains)
      throws IOException {
    requests.incrementAndGet();
    try {
      String host = FarmHandler.hostOf(exchange.getRequestHeaders().getFirst("Host"));
      String path = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "/");
      Served served = byHost.get(host);
      Optional<String> relative = FarmHandler.relativePath(path);
      byte[] body;
      int status;
      String type;
      Optional<String> media = relative.flatMap(ReplicaFarm::mediaType);
      Optional<byte[]> file =
          served == null || media.isEmpty()
              ? Optional.empty()
              : content.file(served.config().site(), relative.get());
      if (file.isPresent() && exchange.getRequestMethod().equals("GET")) {
        served
            .config()
            .headers()
            .forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        String text =
            renameDomains(new String(file.get(), StandardCharsets.UTF_8), domains, served.copy())
                .replace(FarmHandler.PORT_PLACEHOLDER, Integer.toString(port()));
        body = text.getBytes(served.config().charset());
        status = 200;
        type = media.get() + "; charset=" + served.config().charset().name();
      } else {
        body = "Not found\n".getBytes(StandardCharsets.UTF_8);
        status = 404;
        type = "text/plain; charset=UTF-8";
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  private static Optional<String> mediaType(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    return switch (name.substring(dot + 1)) {
      case "html", "htm" -> Optional.of("text/html");
      case "txt" -> Optional.of("text/plain");
      case "xml" -> Optional.of("application/xml");
      case "css" -> Optional.of("text/css");
      default -> Optional.empty();
    };
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The sites in copy, then manifest order. */
  public List<Site> sites() {
    return sites;
  }

  /** The home page URL of a site, e.g. {@code http://www.r07-xihu-tea.cn:41234/}. */
  public String seedUrl(Site site) {
    return "http://" + site.host() + ":" + port() + "/";
  }

  /** Every host served, mapped to the farm's address: the crawler's resolve table. */
  public Map<String, String> resolveTable() {
    Map<String, String> table = new LinkedHashMap<>();
    byHost.keySet().stream().sorted().forEach(h -> table.put(h, address));
    return Collections.unmodifiableMap(table);
  }

  /** Requests answered so far. */
  public long requests() {
    return requests.get();
  }

  @Override
  public void close() {
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
