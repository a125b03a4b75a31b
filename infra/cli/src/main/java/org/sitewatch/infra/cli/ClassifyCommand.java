package org.sitewatch.infra.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sitewatch.classifier.PageClassifier;
import org.sitewatch.classifier.PageInput;
import org.sitewatch.classifier.PageScore;
import org.sitewatch.events.Json;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch classify}: score single pages offline, without Kafka. */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Score HTML files or URLs offline and print one JSON line per input.")
final class ClassifyCommand implements Callable<Integer> {
  private static final int MAX_BODY = 8 * 1024 * 1024;

  @Mixin ConfigOptions config;

  @Parameters(paramLabel = "FILE_OR_URL", arity = "1..*", description = "HTML files, or http(s) URLs to fetch once.")
  List<String> inputs;

  @Option(names = "--resolve", paramLabel = "HOST=ADDR", description = "Resolve HOST to ADDR without DNS; repeatable.")
  List<String> resolve = new ArrayList<>();

  @Option(names = "--allow-loopback", description = "Allow fetching loopback and private addresses.")
  boolean allowLoopback;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    SitewatchConfig cfg = config.load(Map.of());
    PageClassifier classifier = PageClassifier.load(cfg.classifier());
    Map<String, String> table = ConfigLoader.resolveTable(String.join(",", resolve));
    table.putAll(cfg.crawler().resolve());
    var out = spec.commandLine().getOut();
    int failures = 0;
    HttpClient http = null;
    for (String input : inputs) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("input", input);
      try {
        PageInput page;
        if (input.startsWith("http://") || input.startsWith("https://")) {
          if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
          }
          page = fetch(http, input, table);
        } else {
          byte[] bytes = Files.readAllBytes(Path.of(input));
          page = new PageInput(Path.of(input).toUri().toString(), HtmlDecoding.decode(bytes, null), "text/html", Map.of());
        }
        PageScore score = classifier.classify(page);
        line.put("url", score.url());
        line.put("score", score.score());
        line.put("flagged", score.flagged());
        line.put("categories", score.categories());
        line.put("signals", score.signals());
        line.put("lexiconVersion", classifier.lexiconVersion());
      } catch (IOException | RuntimeException e) {
        failures++;
        line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      out.println(toJson(line));
    }
    out.flush();
    return failures == 0 ? 0 : 1;
  }

  private PageInput fetch(HttpClient http, String url, Map<String, String> table)
      throws IOException, InterruptedException {
    URI uri = URI.create(url);
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("URL has no host: " + url);
    }
    String mapped = table.get(host.toLowerCase(Locale.ROOT));
    InetAddress address = mapped != null ? InetAddress.getByName(mapped) : InetAddress.getByName(host);
    if (!allowLoopback && isPrivate(address)) {
      throw new IllegalArgumentException("refused: " + host + " resolves to " + address.getHostAddress()
          + ", a loopback or private address; pass --allow-loopback to allow it");
    }
    // Connect to the checked address itself so that a second DNS answer cannot change the target.
    URI target;
    try {
      String ip = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
      target = new URI(uri.getScheme(), null, ip, uri.getPort(),
          uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getPath(), uri.getQuery(), null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("cannot address " + url + " by IP: " + e.getMessage(), e);
    }
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(20))
        .header("Host", uri.getPort() < 0 ? host : host + ":" + uri.getPort())
        .header("User-Agent", "Sitewatch-classify/0.1").GET().build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    byte[] body = response.body();
    if (body.length > MAX_BODY) {
      body = java.util.Arrays.copyOf(body, MAX_BODY);
    }
    String contentType = response.headers().firstValue("content-type").orElse("text/html");
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
    String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return new PageInput(url, HtmlDecoding.decode(body, charsetOf(contentType)), mediaType, headers);
  }

  static boolean isPrivate(InetAddress a) {
    return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
        || a.isAnyLocalAddress() || a.isMulticastAddress();
  }

  private static Charset charsetOf(String contentType) {
    for (String part : contentType.split(";")) {
      String p = part.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
        try {
          return Charset.forName(p.substring(8).replace("\"", "").trim());
        } catch (RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String toJson(Map<String, Object> line) {
    try {
      return Json.mapper().writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
