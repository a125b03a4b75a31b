package org.sitewatch.crawler.crawl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.sitewatch.common.objectstore.S3Target;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.warc.DirectoryWarcStorage;
import org.sitewatch.crawler.warc.S3WarcStorage;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.crawler.warc.WarcStorage;

/**
 * The worker's WARC writer: files in {@code crawler.warc-dir} named after this worker, each opening
 * with a warcinfo record that describes the software, the operator and the configuration.
 */
final class WarcWriters {
  /** First part of every WARC file name. */
  static final String WARC_PREFIX = "sitewatch";

  private WarcWriters() {}

  /**
   * A writer into {@code crawler.warc-dir} (uploading closed files to {@code evidence.warc-store}
   * when that is an object store) whose warcinfo describes this worker.
   */
  static WarcCaptureWriter open(
      CrawlerSettings settings, Clock clock, String workerId, MeterRegistry registry) {
    CaptureSettings capture = settings.capture();
    WarcStorage storage =
        capture
            .warcStore()
            .<WarcStorage>map(
                target ->
                    new S3WarcStorage(
                        capture.warcDir(),
                        target.location(),
                        target.store(),
                        S3WarcStorage.Retry.DEFAULTS,
                        uploadMeter(registry)))
            .orElseGet(() -> new DirectoryWarcStorage(capture.warcDir()));
    return new WarcCaptureWriter(
        storage,
        new WarcCaptureWriter.Options(
            WARC_PREFIX, workerId, capture.warcMaxFileBytes(), warcinfo(settings)),
        clock);
  }

  /**
   * Counts uploads that used up their attempts as {@code sitewatch.warc.errors{operation=upload}}
   * (docs/metrics.md); each failed attempt is logged by the storage.
   */
  static S3WarcStorage.Listener uploadMeter(MeterRegistry registry) {
    Counter failures =
        Counter.builder("sitewatch.warc.errors")
            .description("WARC write/read failures")
            .tag("operation", "upload")
            .register(registry);
    return new S3WarcStorage.Listener() {
      @Override
      public void gaveUp(String name, int attempts, IOException error) {
        failures.increment();
      }
    };
  }

  /** Host name, process id and a random part: unique among the workers of one host. */
  static String workerId() {
    String host = hostName().replaceAll("[^A-Za-z0-9.-]", "_");
    if (host.length() > 40) {
      host = host.substring(0, 40);
    }
    String random = UUID.randomUUID().toString().substring(0, 4);
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
    return lines.entrySet().stream()
        .map(e -> "crawler." + e.getKey() + ": " + e.getValue())
        .toList();
  }

  private static void flatten(Record record, Map<String, String> into) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object value;
      try {
        value = c.getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        value = "?";
      }
      if (value instanceof java.util.Optional<?> optional) {
        value = optional.<Object>map(WarcWriters::describe).orElse("none");
      }
      if (value instanceof Record nested) {
        flatten(nested, into);
      } else {
        into.put(kebab(c.getName()), String.valueOf(value));
      }
    }
  }

  /**
   * The WARC store as its location and the kind of credentials only: warcinfo records go out in
   * evidence bundles, so neither the endpoint (an internal host) nor the access key ID is shown.
   */
  private static Object describe(Object value) {
    if (value instanceof S3Target target) {
      return target.location()
          + " (credentials: "
          + (target.settings().accessKey().isPresent() ? "static" : "default chain")
          + ")";
    }
    return String.valueOf(value);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  static String version() {
    try (InputStream in =
        WarcWriters.class.getResourceAsStream(
            "/META-INF/maven/org.sitewatch/sitewatch-crawler/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "development build");
      }
    } catch (IOException e) {
      // fall through
    }
    String v = WarcWriters.class.getPackage().getImplementationVersion();
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
