package org.sitewatch.infra.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The farm's static content on the class path: the manifest {@code sites.tsv}, and per site a
 * folder named after the host holding the pages plus two optional control files, {@code _charset}
 * (the charset pages are re-encoded to when served) and {@code _headers} ({@code Name: value} lines
 * added to every response of the host). Control files are never served.
 *
 * <p>Bundled content is part of the program: a malformed manifest or control file is a programmer
 * error and fails {@link #load} with an exception.
 */
final class FarmContent {

  static final String MANIFEST = "sites.tsv";
  static final String CHARSET_FILE = "_charset";
  static final String HEADERS_FILE = "_headers";

  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

  /** How one site is served. */
  record SiteConfig(FarmSite site, Charset charset, List<Map.Entry<String, String>> headers) {
    SiteConfig {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(charset, "charset");
      headers = List.copyOf(headers);
    }
  }

  private final ClassLoader loader;
  private final String root;
  private final List<FarmSite> sites;

  /** Canonical hosts and their www aliases, in manifest order. */
  private final Map<String, SiteConfig> byHost;

  private FarmContent(
      ClassLoader loader, String root, List<FarmSite> sites, Map<String, SiteConfig> byHost) {
    this.loader = loader;
    this.root = root;
    this.sites = List.copyOf(sites);
    this.byHost = Collections.unmodifiableMap(new LinkedHashMap<>(byHost));
  }

  /**
   * Reads the manifest and every site's control files under {@code root} on the class path.
   *
   * @throws IllegalStateException if the manifest is missing or malformed
   */
  static FarmContent load(ClassLoader loader, String root) {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(root, "root");
    String manifest =
        readText(loader, root + "/" + MANIFEST)
            .orElseThrow(() -> new IllegalStateException("missing " + root + "/" + MANIFEST));
    List<FarmSite> sites = parseManifest(manifest);
    Map<String, SiteConfig> byHost = new LinkedHashMap<>();
    for (FarmSite site : sites) {
      if (byHost.containsKey(site.host())) {
        throw new IllegalStateException("duplicate host in manifest: " + site.host());
      }
      String dir = root + "/" + site.host() + "/";
      Charset charset =
          readText(loader, dir + CHARSET_FILE)
              .map(String::strip)
              .map(Charset::forName)
              .orElse(StandardCharsets.UTF_8);
      List<Map.Entry<String, String>> headers =
          readText(loader, dir + HEADERS_FILE).map(FarmContent::parseHeaders).orElse(List.of());
      byHost.put(site.host(), new SiteConfig(site, charset, headers));
    }
    for (FarmSite site : sites) {
      aliasOf(site.host())
          .filter(alias -> !byHost.containsKey(alias))
          .ifPresent(alias -> byHost.put(alias, byHost.get(site.host())));
    }
    return new FarmContent(loader, root, sites, byHost);
  }

  /** The manifest's sites, in manifest order. */
  List<FarmSite> sites() {
    return sites;
  }

  /** Every host served (canonical hosts and aliases), in manifest order. */
  List<String> hosts() {
    return List.copyOf(byHost.keySet());
  }

  /** The site served under {@code host} (lower case, no port), if any. */
  Optional<SiteConfig> site(String host) {
    return Optional.ofNullable(byHost.get(host));
  }

  /**
   * The raw bytes of a site file.
   *
   * @param relativePath a path inside the site folder, already checked by the caller to contain no
   *     empty, dot or control-file segments
   */
  Optional<byte[]> file(FarmSite site, String relativePath) {
    return readBytes(loader, root + "/" + site.host() + "/" + relativePath);
  }

  /**
   * The other spelling a visitor may type: {@code www.example.cn} for {@code example.cn} and back.
   * Sub-domains such as {@code news.example.cn} have none.
   */
  static Optional<String> aliasOf(String host) {
    if (host.startsWith("www.")) {
      return Optional.of(host.substring(4));
    }
    if (host.indexOf('.') == host.lastIndexOf('.')) {
      return Optional.of("www." + host);
    }
    return Optional.empty();
  }

  static List<FarmSite> parseManifest(String text) {
    List<FarmSite> sites = new ArrayList<>();
    int lineNo = 0;
    for (String line : text.split("\r?\n")) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length != 5) {
        throw new IllegalStateException(
            MANIFEST + " line " + lineNo + ": expected 5 tab-separated columns: " + cols.length);
      }
      String expect = cols[3].strip().toLowerCase(Locale.ROOT);
      if (!expect.equals("true") && !expect.equals("false")) {
        throw new IllegalStateException(
            MANIFEST + " line " + lineNo + ": expectLead must be true or false: " + cols[3]);
      }
      try {
        sites.add(
            new FarmSite(
                cols[0].strip(),
                cols[1].strip(),
                cols[2].strip(),
                Boolean.parseBoolean(expect),
                cols[4].strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(MANIFEST + " line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    if (sites.isEmpty()) {
      throw new IllegalStateException(MANIFEST + " lists no site");
    }
    return sites;
  }

  static List<Map.Entry<String, String>> parseHeaders(String text) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon).strip();
      String value = colon < 0 ? "" : line.substring(colon + 1).strip();
      if (!HEADER_NAME.matcher(name).matches() || value.isEmpty()) {
        throw new IllegalStateException(HEADERS_FILE + ": not a 'Name: value' line: " + line);
      }
      headers.add(Map.entry(name, value));
    }
    return headers;
  }

  private static Optional<String> readText(ClassLoader loader, String name) {
    return readBytes(loader, name).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private static Optional<byte[]> readBytes(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class path resource " + name, e);
    }
  }
}
