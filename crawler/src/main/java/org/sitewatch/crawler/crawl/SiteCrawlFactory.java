package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.url.TLDList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.sitewatch.crawler.warc.DirectoryWarcStorage;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.LinkScorer;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.Emitter;

/**
 * The production {@link CrawlJobFactory}: {@link SiteCrawl}s sharing the worker's suffix list and its one
 * WARC writer (absent when {@code crawler.warc-enabled} is false). Closing it closes the writer.
 */
public final class SiteCrawlFactory implements CrawlJobFactory {
  /** First part of every WARC file name. */
  static final String WARC_PREFIX = "sitewatch";

  private final CrawlerSettings settings;
  private final Clock clock;
  private final TLDList tlds;
  private final WarcCaptureWriter warc;
  private final CrawlerMetrics metrics;
  private final LinkScorer linkScorer;

  public SiteCrawlFactory(
      CrawlerSettings settings, Clock clock, CrawlerMetrics metrics, LinkScorer linkScorer) {
    this(
        settings,
        clock,
        metrics,
        linkScorer,
        settings.capture().warcEnabled() ? writer(settings, clock, workerId()) : null);
  }

  SiteCrawlFactory(
      CrawlerSettings settings,
      Clock clock,
      CrawlerMetrics metrics,
      LinkScorer linkScorer,
      WarcCaptureWriter warc) {
    this.linkScorer = Objects.requireNonNull(linkScorer, "linkScorer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    try {
      this.tlds = new TLDList(new CrawlConfig());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read crawler4j's bundled public suffix list", e);
    }
    this.warc = warc;
  }

  @Override
  public CrawlJob create(CrawlRequest request, Emitter emitter) {
    return new SiteCrawl(
        request,
        settings,
        emitter,
        clock,
        tlds,
        CrawlProgress.untracked(request, clock),
        metrics,
        warc,
        linkScorer);
  }

  @Override
  public CrawlJob create(CrawlRequest request, Emitter emitter, CrawlProgress progress) {
    return new SiteCrawl(
        request, settings, emitter, clock, tlds, progress, metrics, warc, linkScorer);
  }

  /** Bytes written to WARC files by this worker so far (0 when capture is off). */
  public long warcBytesWritten() {
    return warc == null ? 0 : warc.bytesWritten();
  }

  @Override
  public void close() {
    if (warc != null) {
      warc.close();
    }
  }

  /** A writer into {@code crawler.warc-dir} whose warcinfo describes this worker. */
  static WarcCaptureWriter writer(CrawlerSettings settings, Clock clock, String workerId) {
    CaptureSettings capture = settings.capture();
    return new WarcCaptureWriter(
        new DirectoryWarcStorage(capture.warcDir()),
        new WarcCaptureWriter.Options(
            WARC_PREFIX, workerId, capture.warcMaxFileBytes(), warcinfo(settings)),
        clock);
  }

  /** Host name, process id and a random part: unique among the workers of one host. */
  static String workerId() {
    String host = hostName().replaceAll("[^A-Za-z0-9.-]", "_");
    if (host.length() > 40) {
      host = host.substring(0, 40);
    }
    String random = java.util.UUID.randomUUID().toString().substring(0, 4);
    return host + "-" + ProcessHandle.current().pid() + "-" + random;
  }

  /** The warcinfo fields: software, operator, host and the configuration (no secrets in it). */
  static Map<String, List<String>> warcinfo(CrawlerSettings settings) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    fields.put("software", List.of("Sitewatch crawler " + version()));
    fields.put("operator", List.of(settings.capture().operator()));
    fields.put("hostname", List.of(hostName()));
    fields.put("http-header-user-agent", List.of(settings.userAgent()));
    fields.put("robots", List.of(settings.respectRobots() ? "obey" : "ignore"));
    fields.put("configuration", configuration(settings));
    return fields;
  }

  /** {@code crawler.key: value} for every setting, nested capture settings flattened. */
  static List<String> configuration(CrawlerSettings settings) {
    Map<String, String> lines = new LinkedHashMap<>();
    flatten(settings, lines);
    return lines.entrySet().stream().map(e -> "crawler." + e.getKey() + ": " + e.getValue()).toList();
  }

  private static void flatten(Record record, Map<String, String> into) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        value = "?";
      }
      if (value instanceof Record nested) {
        flatten(nested, into);
      } else {
        into.put(kebab(c.getName()), String.valueOf(value));
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  static String version() {
    try (InputStream in =
        SiteCrawlFactory.class.getResourceAsStream(
            "/META-INF/maven/org.sitewatch/sitewatch-crawler/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "development build");
      }
    } catch (IOException e) {
      // fall through
    }
    String v = SiteCrawlFactory.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      // never InetAddress.getLocalHost(): it may ask DNS
      return Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
