package org.sitewatch.infra.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.common.objectstore.S3Address;
import org.sitewatch.common.objectstore.S3Location;
import org.sitewatch.common.objectstore.S3Settings;
import org.sitewatch.common.objectstore.S3Target;
import org.sitewatch.common.text.BoundedFiles;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.SiteLimits;
import org.sitewatch.infra.ops.LogFormat;
import org.sitewatch.sink.intake.SinkSettings;
import org.sitewatch.sink.intake.VerdictTrust;
import org.sitewatch.sink.recrawl.RecrawlSettings;
import org.sitewatch.sink.tips.TipSettings;
import org.sitewatch.sink.workflow.ReviewPolicy;
import org.sitewatch.web.publicsite.TipSiteSettings;

/**
 * Loads configuration in layers: built-in defaults, then a properties file, then environment
 * variables ({@code SITEWATCH_...}), then command-line overrides; later layers win. Unknown keys
 * and bad values fail the load with one message that lists every problem.
 */
public final class ConfigLoader {
  /**
   * Environment variables with the SITEWATCH_ prefix that are not configuration keys: read by the
   * launcher, and by the log set-up ({@code ops.LogSetup}) before any configuration is read.
   */
  private static final Set<String> NON_KEY_ENV =
      Set.of("SITEWATCH_JAVA_OPTS", "SITEWATCH_HOME", "SITEWATCH_LOG_LEVEL");

  /** A configuration file larger than this is refused (read no further): settings are short. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** An HTTP header name (RFC 9110 token). */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private ConfigLoader() {}

  /**
   * Resolves and validates the configuration.
   *
   * @param file an optional properties file ({@code key=value}, UTF-8)
   * @param env the process environment (pass {@code System.getenv()} in production)
   * @param overrides command-line values, highest precedence
   * @throws ConfigException listing every unknown key and invalid value
   */
  public static SitewatchConfig load(
      Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, ConfigKeys.Key> keys = new LinkedHashMap<>();
    ConfigKeys.all().forEach(k -> keys.put(k.name(), k));
    Map<String, String> values = new LinkedHashMap<>();
    keys.values().forEach(k -> values.put(k.name(), k.defaultValue()));
    List<String> problems = new ArrayList<>();

    if (file.isPresent()) {
      Properties props = new Properties();
      try {
        BoundedFiles.Head head = BoundedFiles.head(file.get(), MAX_FILE_BYTES);
        if (head.truncated()) {
          throw new ConfigException(
              List.of(
                  "config file " + file.get() + " is larger than " + MAX_FILE_BYTES + " bytes"));
        }
        props.load(new StringReader(head.utf8()));
      } catch (IOException e) {
        throw new ConfigException(
            List.of("cannot read config file " + file.get() + ": " + e.getMessage()));
      }
      for (String name : props.stringPropertyNames()) {
        put(keys, values, problems, name, props.getProperty(name).trim(), "in " + file.get());
      }
    }
    Map<String, String> byEnv = new LinkedHashMap<>();
    keys.values().forEach(k -> byEnv.put(k.envName(), k.name()));
    env.forEach(
        (var, value) -> {
          if (!var.startsWith("SITEWATCH_") || NON_KEY_ENV.contains(var)) {
            return;
          }
          String name = byEnv.get(var);
          if (name != null && !name.endsWith(".*")) {
            values.put(name, value.trim());
            return;
          }
          KafkaClientKeys.keyOfEnv(var)
              .ifPresentOrElse(
                  key ->
                      put(
                          keys,
                          values,
                          problems,
                          key,
                          value.trim(),
                          "from environment variable " + var),
                  () -> problems.add("unknown environment variable " + var));
        });
    overrides.forEach(
        (name, value) -> put(keys, values, problems, name, value.trim(), "on the command line"));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return build(new ConfigValues(values, problems));
  }

  private static void put(
      Map<String, ConfigKeys.Key> keys,
      Map<String, String> values,
      List<String> problems,
      String name,
      String value,
      String where) {
    if (keys.containsKey(name) && !name.endsWith(".*")) {
      values.put(name, value);
      return;
    }
    Optional<KafkaClientKeys.Setting> setting = KafkaClientKeys.setting(name);
    if (setting.isEmpty()) {
      problems.add("unknown key '" + name + "' " + where);
      return;
    }
    KafkaClientKeys.problem(name)
        .ifPresentOrElse(
            p -> problems.add(p + " " + where),
            () -> values.put(setting.get().canonicalKey(), value));
  }

  private static SitewatchConfig build(ConfigValues v) {
    Path dataDir = v.get("local.data-dir", Path::of);
    String workDir = v.raw("crawler.work-dir");
    Sections.Kafka kafka =
        v.section(
            () ->
                new Sections.Kafka(
                    v.raw("kafka.bootstrap-servers"),
                    v.raw("kafka.topic-prefix"),
                    v.integer("kafka.partitions"),
                    v.shortInt("kafka.replication-factor"),
                    kafkaClientSettings(v),
                    kafkaStageSettings(v)));
    Sections.Db db =
        v.section(
            () ->
                new Sections.Db(
                    v.raw("db.jdbc-url"),
                    v.raw("db.username"),
                    v.raw("db.password"),
                    new org.sitewatch.sink.store.DatabaseRoles(
                        v.raw("db.owner-role").strip(),
                        v.raw("db.sink-role").strip(),
                        v.raw("db.analyst-role").strip(),
                        v.raw("db.tips-role").strip())));
    Optional<S3Target> warcStore =
        Objects.requireNonNullElse(v.section(() -> warcStore(v)), Optional.empty());
    CrawlerSettings crawler =
        v.section(
            () ->
                CrawlerSettings.builder()
                    .maxPagesPerSite(v.integer("crawler.max-pages-per-site"))
                    .maxDepth(v.integer("crawler.max-depth"))
                    .maxSiteHops(v.integer("crawler.max-site-hops"))
                    .politenessDelayMs(v.duration("crawler.politeness-delay").toMillis())
                    .maxConcurrentSites(v.integer("crawler.max-concurrent-sites"))
                    .maxBodyBytes(v.integer("crawler.max-body-bytes"))
                    .connectTimeoutMs(v.millis("crawler.connect-timeout"))
                    .readTimeoutMs(v.millis("crawler.read-timeout"))
                    .userAgent(v.raw("crawler.user-agent"))
                    .respectRobots(v.bool("crawler.respect-robots"))
                    .allowPrivateAddresses(v.bool("crawler.allow-private-addresses"))
                    .onlyResolvedHosts(v.bool("crawler.only-resolved-hosts"))
                    .resolve(v.get("crawler.resolve", ConfigLoader::resolveTable))
                    .recrawlAfter(v.duration("crawler.recrawl-after"))
                    .workDir(
                        workDir.isEmpty()
                            ? (dataDir == null ? null : dataDir.resolve("crawler"))
                            : Path.of(workDir))
                    .groupId(v.raw("crawler.group-id"))
                    .capture(
                        new org.sitewatch.crawler.CaptureSettings(
                            v.millis("crawler.total-timeout"),
                            v.bool("crawler.warc-enabled"),
                            Path.of(v.raw("crawler.warc-dir")),
                            java.util.Objects.requireNonNullElse(
                                v.get("crawler.warc-max-file-bytes", t -> Long.valueOf(t.strip())),
                                org.sitewatch.crawler.CaptureSettings.DEFAULT_WARC_MAX_FILE_BYTES),
                            v.raw("crawler.operator").isBlank()
                                ? org.sitewatch.crawler.CaptureSettings.defaults().operator()
                                : v.raw("crawler.operator").strip(),
                            warcStore))
                    .limits(
                        new SiteLimits(
                            v.duration("crawler.max-crawl-delay").toMillis(),
                            Optional.ofNullable(
                                    v.get("crawler.max-site-bytes", ConfigLoader::parseLong))
                                .orElse(1L),
                            v.duration("crawler.max-site-duration").toMillis(),
                            v.integer("crawler.trap.max-url-length"),
                            v.integer("crawler.trap.max-path-segments"),
                            v.integer("crawler.trap.max-segment-repeats"),
                            v.integer("crawler.trap.max-query-params"),
                            v.integer("crawler.trap.max-query-variants")))
                    .requests(
                        new org.sitewatch.crawler.RequestPolicy(
                            v.integer("crawler.max-discoveries-per-site"),
                            v.integer("crawler.override.max-pages"),
                            v.integer("crawler.override.max-depth"),
                            Optional.ofNullable(
                                    v.get("crawler.override.max-bytes", ConfigLoader::parseLong))
                                .orElse(1L),
                            v.duration("crawler.override.max-duration").toMillis(),
                            v.duration("crawler.override.min-politeness-delay").toMillis(),
                            v.raw("crawler.confirm-gone-user-agent")))
                    .build());
    ClassifierSettings classifier =
        v.section(
            () ->
                ClassifierSettings.builder()
                    .pageThreshold(v.dbl("classifier.page-threshold"))
                    .siteThreshold(v.dbl("classifier.site-threshold"))
                    .maxSignalsPerVerdict(v.integer("classifier.max-signals-per-verdict"))
                    .maxPagesPerVerdict(v.integer("classifier.max-pages-per-verdict"))
                    .lexiconFile(
                        v.raw("classifier.lexicon-file").isEmpty()
                            ? Optional.empty()
                            : Optional.of(Path.of(v.raw("classifier.lexicon-file"))))
                    .urlModelFile(
                        v.raw("classifier.url-model").isEmpty()
                            ? Optional.empty()
                            : Optional.of(Path.of(v.raw("classifier.url-model"))))
                    .applicationId(v.raw("classifier.application-id"))
                    .pageTimeBudget(v.duration("classifier.page-time-budget"))
                    .exactlyOnce(v.bool("classifier.exactly-once"))
                    .listsDir(
                        Optional.of(
                            v.raw("classifier.lists-dir").isBlank()
                                ? (dataDir == null ? Path.of("") : dataDir).resolve("lists")
                                : Path.of(v.raw("classifier.lists-dir").strip())))
                    .build());
    SinkSettings sink =
        v.section(
            () ->
                SinkSettings.builder()
                    .groupId(v.raw("sink.group-id"))
                    .pollTimeout(v.duration("sink.poll-timeout"))
                    .review(
                        new ReviewPolicy(
                            v.dbl("sink.reopen-min-weight"),
                            Arrays.stream(v.raw("sink.education-domains").split(","))
                                .map(String::strip)
                                .filter(d -> !d.isEmpty())
                                .toList(),
                            v.integer("sink.simhash-max-distance")))
                    .recrawl(
                        new RecrawlSettings(
                            v.duration("sink.recrawl-interval"),
                            v.duration("sink.recrawl-check-interval")))
                    .trust(
                        new VerdictTrust(
                            v.duration("sink.max-epoch-ahead"),
                            Optional.ofNullable(
                                    v.get("sink.max-revision-gap", ConfigLoader::parseLong))
                                .orElse(1L)))
                    .tips(tipSettings(v))
                    .build());
    Sections.Jurisdiction jurisdiction =
        v.section(
            () ->
                new Sections.Jurisdiction(
                    optionalPath(v.raw("sink.bureaus-file")),
                    optionalPath(v.raw("sink.address-ranges-file")),
                    optionalPath(v.raw("sink.registrants-file"))));
    Sections.Local local =
        v.section(
            () ->
                new Sections.Local(
                    dataDir,
                    v.bool("local.persistent"),
                    v.duration("local.idle-timeout"),
                    v.duration("local.idle-quiet-period")));
    Sections.Evidence evidence =
        v.section(
            () ->
                new Sections.Evidence(
                    Path.of(
                        v.raw("sink.warc-dir").isBlank()
                            ? v.raw("crawler.warc-dir")
                            : v.raw("sink.warc-dir")),
                    optionalPath(v.raw("evidence.signing-key")),
                    Arrays.stream(v.raw("evidence.trusted-keys").split(","))
                        .map(String::strip)
                        .filter(k -> !k.isEmpty())
                        .map(Path::of)
                        .toList(),
                    warcStore));
    CheckpointSettings checkpoints =
        v.section(
            () ->
                new CheckpointSettings(
                    v.integer("crawler.checkpoint-pages"),
                    v.duration("crawler.checkpoint-interval")));
    Sections.CrawlerMetrics crawlerMetrics =
        v.section(
            () ->
                new Sections.CrawlerMetrics(
                    v.integer("crawler.metrics-port"),
                    v.raw("crawler.metrics-bind-address"),
                    v.duration("crawler.metrics-log-interval")));
    TipSiteSettings tipSite = v.section(() -> tipSiteSettings(v));
    Sections.Ops ops =
        v.section(
            () ->
                new Sections.Ops(
                    v.integer("metrics.port"),
                    v.raw("metrics.bind-address"),
                    Objects.requireNonNullElse(
                        v.get("log.format", LogFormat::parse), LogFormat.TEXT),
                    v.duration("health.stall-after")));
    if (ops != null
        && crawlerMetrics != null
        && ops.metricsPort() > 0
        && crawlerMetrics.port() > 0
        && ops.metricsPort() != crawlerMetrics.port()) {
      v.problems.add(
          "crawler.metrics-port ("
              + crawlerMetrics.port()
              + ") is a deprecated alias of metrics.port ("
              + ops.metricsPort()
              + "): set only metrics.port");
    }
    Path stateDir =
        v.raw("classifier.state-dir").isBlank()
            ? (dataDir == null ? Path.of("") : dataDir).resolve("classifier-state")
            : v.get("classifier.state-dir", t -> Path.of(t.strip()));
    Sections.ClassifierState classifierState =
        stateDir == null ? null : new Sections.ClassifierState(stateDir);
    if (!v.problems.isEmpty()) {
      throw new ConfigException(v.problems);
    }
    return SitewatchConfig.builder()
        .kafka(kafka)
        .db(db)
        .crawler(crawler)
        .classifier(classifier)
        .sink(sink)
        .jurisdiction(jurisdiction)
        .local(local)
        .evidence(evidence)
        .crawlerCheckpoints(checkpoints)
        .crawlerMetrics(crawlerMetrics)
        .tipSite(tipSite)
        .ops(ops)
        .classifierState(classifierState)
        .build();
  }

  /** {@code sink.tips.*}, each value checked here so that a problem names its key. */
  private static TipSettings tipSettings(ConfigValues v) {
    return new TipSettings(
        v.positiveDuration("sink.tips.follow-interval"),
        v.nonNegativeDuration("sink.tips.verdict-grace"),
        v.positiveDuration("sink.tips.unsent-after"),
        v.positiveDuration("sink.tips.retry-interval"),
        v.integerIn("sink.tips.max-crawl-attempts", 1, 100),
        v.positiveDuration("sink.tips.contact-retention"));
  }

  /**
   * {@code tips.*}, with the contact retention of {@code sink.tips.contact-retention} and private
   * targets as the crawler allows them.
   */
  private static TipSiteSettings tipSiteSettings(ConfigValues v) {
    String header = v.raw("tips.client-address-header").strip();
    if (!header.isEmpty() && !HEADER_NAME.matcher(header).matches()) {
      v.problems.add(
          "tips.client-address-header: expected an HTTP header name like X-Forwarded-For, got '"
              + header
              + "'");
    }
    return new TipSiteSettings(
        v.integerIn("tips.per-client-limit", 1, Integer.MAX_VALUE),
        v.positiveDuration("tips.per-client-window"),
        v.integerIn("tips.global-limit", 1, Integer.MAX_VALUE),
        v.positiveDuration("tips.global-window"),
        v.integerIn("tips.pow-bits", 0, 28),
        v.positiveDuration("tips.challenge-lifetime"),
        v.integerIn("tips.max-body-bytes", 1024, 1024 * 1024),
        v.positiveDuration("sink.tips.contact-retention"),
        v.bool("crawler.allow-private-addresses"),
        Optional.of(header));
  }

  /**
   * Every {@code kafka.client.*} value (where {@code kafka.*} ones are kept too), without the
   * prefix (the table's own rows excepted).
   */
  private static Map<String, String> kafkaClientSettings(ConfigValues v) {
    return withPrefix(v, KafkaClientKeys.PREFIX);
  }

  /** Per stage, every {@code STAGE.kafka.*} value without the prefix. */
  private static Map<Sections.KafkaStage, Map<String, String>> kafkaStageSettings(ConfigValues v) {
    Map<Sections.KafkaStage, Map<String, String>> settings =
        new java.util.EnumMap<>(Sections.KafkaStage.class);
    for (Sections.KafkaStage stage : Sections.KafkaStage.values()) {
      Map<String, String> own = withPrefix(v, stage.prefix());
      if (!own.isEmpty()) {
        settings.put(stage, own);
      }
    }
    return settings;
  }

  private static Map<String, String> withPrefix(ConfigValues v, String prefix) {
    Map<String, String> settings = new LinkedHashMap<>();
    v.values.forEach(
        (name, value) -> {
          if (name.startsWith(prefix) && !name.equals(prefix + "*")) {
            settings.put(name.substring(prefix.length()), value);
          }
        });
    return settings;
  }

  /**
   * {@code evidence.warc-store} and {@code evidence.s3.*}: empty when the store is the folder; the
   * S3 keys are checked only when the store is an object store.
   */
  private static Optional<S3Target> warcStore(ConfigValues v) {
    String store = v.raw("evidence.warc-store").strip();
    if (store.isEmpty()) {
      return Optional.empty();
    }
    if (!S3Address.isObjectReference(store)) {
      throw new IllegalArgumentException(
          "evidence.warc-store: expected s3://bucket/prefix (or empty for the folder"
              + " crawler.warc-dir), got '"
              + store
              + "'");
    }
    S3Location location;
    try {
      location = S3Location.parse(store);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("evidence.warc-store: " + e.getMessage(), e);
    }
    String endpoint = v.raw("evidence.s3.endpoint").strip();
    String pathStyle = v.raw("evidence.s3.path-style").strip();
    if (!pathStyle.equals("true") && !pathStyle.equals("false")) {
      throw new IllegalArgumentException(
          "evidence.s3.path-style: expected true or false, got '" + pathStyle + "'");
    }
    return Optional.of(
        new S3Target(
            location,
            new S3Settings(
                endpoint.isEmpty() ? Optional.empty() : Optional.of(parseEndpoint(endpoint)),
                v.raw("evidence.s3.region"),
                Boolean.parseBoolean(pathStyle),
                Optional.of(v.raw("evidence.s3.access-key").strip()),
                Optional.of(v.raw("evidence.s3.secret-key").strip()))));
  }

  private static java.net.URI parseEndpoint(String text) {
    try {
      return new java.net.URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("evidence.s3.endpoint: not a URL: '" + text + "'", e);
    }
  }

  private static Optional<Path> optionalPath(String text) {
    return text.isBlank() ? Optional.empty() : Optional.of(Path.of(text));
  }

  private static Long parseLong(String text) {
    try {
      return Long.valueOf(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
    }
  }

  /** Parses {@code host=addr,host2=addr2}. */
  public static Map<String, String> resolveTable(String text) {
    Map<String, String> table = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException("expected HOST=ADDR, got '" + pair.trim() + "'");
      }
      table.put(
          pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim());
    }
    return table;
  }

  /**
   * Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 2d} or ISO-8601 ({@code
   * PT1S}).
   */
  public static Duration parseDuration(String text) {
    if (text.trim().equals("0")) {
      return Duration.ZERO; // "0" turns off what a zero duration turns off, e.g. recrawling
    }
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
    try {
      return Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "expected a duration like 500ms, 10s, 5m, 24h, got '" + text + "'");
    }
  }
}
