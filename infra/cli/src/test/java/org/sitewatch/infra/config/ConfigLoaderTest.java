package org.sitewatch.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
  @TempDir Path dir;

  private static SitewatchConfig load(Map<String, String> env, Map<String, String> overrides) {
    return ConfigLoader.load(Optional.empty(), env, overrides);
  }

  @Test
  void defaultsComeFromTheStagesOwnDefaults() {
    SitewatchConfig config = load(Map.of(), Map.of());
    assertThat(config.crawler().maxPagesPerSite())
        .isEqualTo(org.sitewatch.crawler.CrawlerSettings.defaults(Path.of("x")).maxPagesPerSite());
    assertThat(config.classifier().siteThreshold())
        .isEqualTo(org.sitewatch.classifier.ClassifierSettings.defaults().siteThreshold());
    assertThat(config.kafka().embedded()).isTrue();
    assertThat(config.db().embedded()).isTrue();
    assertThat(config.crawler().workDir()).isEqualTo(Path.of("sitewatch-data", "crawler"));
    assertThat(config.crawler().allowPrivateAddresses()).isFalse();
  }

  @Test
  void databaseRolesAndVerdictTrustAreTypedAndCheckedAtLoad() {
    SitewatchConfig config =
        load(
            Map.of(),
            Map.of(
                "db.sink-role",
                "leads_writer",
                "sink.max-epoch-ahead",
                "30m",
                "sink.max-revision-gap",
                "5000"));
    assertThat(config.db().roles().sink()).isEqualTo("leads_writer");
    assertThat(config.db().roles().owner()).isEqualTo("sitewatch_owner");
    assertThat(config.sink().trust().maxEpochAhead()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.sink().trust().maxRevisionGap()).isEqualTo(5000);

    assertThatThrownBy(
            () ->
                load(
                    Map.of(),
                    Map.of("db.analyst-role", "x; DROP TABLE lead", "sink.max-revision-gap", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("analyst role name")
        .hasMessageContaining("maxRevisionGap");
    assertThatThrownBy(() -> load(Map.of(), Map.of("db.analyst-role", "sitewatch_owner")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("four different roles");
  }

  @Test
  void tipsRoleAndTipSettingsAreTypedAndReachTheSinkAndThePublicSite() {
    SitewatchConfig config =
        load(
            Map.of("SITEWATCH_TIPS_POW_BITS", "12"),
            Map.ofEntries(
                Map.entry("db.tips-role", "public_tips"),
                Map.entry("sink.tips.follow-interval", "2s"),
                Map.entry("sink.tips.verdict-grace", "0"),
                Map.entry("sink.tips.unsent-after", "1m"),
                Map.entry("sink.tips.retry-interval", "6h"),
                Map.entry("sink.tips.max-crawl-attempts", "5"),
                Map.entry("sink.tips.contact-retention", "30d"),
                Map.entry("tips.per-client-limit", "3"),
                Map.entry("tips.per-client-window", "1h"),
                Map.entry("tips.global-limit", "1000"),
                Map.entry("tips.global-window", "10s"),
                Map.entry("tips.challenge-lifetime", "5m"),
                Map.entry("tips.max-body-bytes", "4096"),
                Map.entry("tips.client-address-header", "X-Forwarded-For"),
                Map.entry("crawler.allow-private-addresses", "true")));
    assertThat(config.db().roles().tips()).isEqualTo("public_tips");
    assertThat(config.sink().tips())
        .isEqualTo(
            new org.sitewatch.sink.tips.TipSettings(
                Duration.ofSeconds(2),
                Duration.ZERO,
                Duration.ofMinutes(1),
                Duration.ofHours(6),
                5,
                Duration.ofDays(30)));
    assertThat(config.tipSite())
        .isEqualTo(
            new org.sitewatch.web.publicsite.TipSiteSettings(
                3,
                Duration.ofHours(1),
                1000,
                Duration.ofSeconds(10),
                12,
                Duration.ofMinutes(5),
                4096,
                Duration.ofDays(30),
                true,
                Optional.of("X-Forwarded-For")));
  }

  @Test
  void objectWarcStoreReachesTheCrawlerAndEvidenceWithItsSecretNeverShown() {
    SitewatchConfig config =
        load(
            Map.of("SITEWATCH_EVIDENCE_S3_SECRET_KEY", "s3cr3t-value"),
            Map.of(
                "evidence.warc-store", "s3://evidence-bucket/warc/",
                "evidence.s3.endpoint", "http://minio:9000",
                "evidence.s3.access-key", "crawler"));

    var target = config.evidence().warcStore().orElseThrow();
    assertThat(target.location().toString()).isEqualTo("s3://evidence-bucket/warc");
    assertThat(target.settings().pathStyle()).isTrue();
    assertThat(config.crawler().capture().warcStore()).contains(target);
    assertThat(config.evidence().toString() + config.crawler().capture())
        .contains("credentials=static")
        .doesNotContain("access key crawler")
        .doesNotContain("s3cr3t-value");
    assertThat(load(Map.of(), Map.of()).evidence().warcStore()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "evidence.warc-store, /srv/warc, expected s3://bucket/prefix",
    "evidence.s3.access-key, only-the-access-key, give both or neither",
    "evidence.s3.endpoint, ftp://store, must be an http(s) URL",
  })
  void badObjectStoreSettingsFailTheLoadNamingTheKey(String key, String value, String problem) {
    Map<String, String> settings = new java.util.HashMap<>();
    settings.put("evidence.warc-store", "s3://evidence-bucket");
    settings.put(key, value);
    assertThatThrownBy(() -> load(Map.of(), settings))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void tipDefaultsAreTheSinksAndThePublicSitesOwn() {
    SitewatchConfig config = load(Map.of(), Map.of());
    assertThat(config.db().roles().tips())
        .isEqualTo(org.sitewatch.sink.store.DatabaseRoles.DEFAULT_TIPS);
    assertThat(config.sink().tips()).isEqualTo(org.sitewatch.sink.tips.TipSettings.defaults());
    assertThat(config.tipSite()).isEqualTo(org.sitewatch.web.publicsite.TipSiteSettings.defaults());
  }

  @ParameterizedTest(name = "{0}={1} is rejected")
  @CsvSource(
      delimiter = '|',
      value = {
        "db.tips-role                 | sitewatch_analyst | four different roles",
        "db.tips-role                 | Tips!             | tips role name",
        "sink.tips.follow-interval    | 0                 | must be longer than 0",
        "sink.tips.unsent-after       | soon              | expected a duration",
        "sink.tips.retry-interval     | 0s                | must be longer than 0",
        "sink.tips.verdict-grace      | PT-1S             | must not be negative",
        "sink.tips.max-crawl-attempts | 0                 | expected 1 to 100",
        "sink.tips.max-crawl-attempts | many              | expected an integer",
        "sink.tips.contact-retention  | 0                 | must be longer than 0",
        "tips.per-client-limit        | 0                 | expected at least 1",
        "tips.per-client-window       | 0                 | must be longer than 0",
        "tips.global-limit            | -5                | expected at least 1",
        "tips.global-window           | 0                 | must be longer than 0",
        "tips.pow-bits                | 29                | expected 0 to 28",
        "tips.challenge-lifetime      | 0                 | must be longer than 0",
        "tips.max-body-bytes          | 100               | expected 1024 to 1048576",
        "tips.client-address-header   | X Forwarded For   | expected an HTTP header name",
      })
  void badTipValuesAreRejectedWithTheKeyAndTheReason(String key, String value, String reason) {
    assertThatThrownBy(() -> load(Map.of(), Map.of(key.trim(), value.trim())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key.trim().startsWith("db.") ? "role" : key.trim())
        .hasMessageContaining(reason);
  }

  @Test
  void laterLayersWinFileThenEnvironmentThenCommandLine() throws IOException {
    Path file = dir.resolve("sitewatch.properties");
    Files.writeString(
        file,
        "crawler.max-depth=7\ncrawler.max-pages-per-site=11\nkafka.topic-prefix=file.\n",
        StandardCharsets.UTF_8);
    SitewatchConfig config =
        ConfigLoader.load(
            Optional.of(file),
            Map.of(
                "SITEWATCH_CRAWLER_MAX_DEPTH",
                "5",
                "SITEWATCH_KAFKA_TOPIC_PREFIX",
                "env.",
                "PATH",
                "/bin"),
            Map.of("crawler.max-depth", "2"));
    assertThat(config.crawler().maxDepth()).isEqualTo(2);
    assertThat(config.crawler().maxPagesPerSite()).isEqualTo(11);
    assertThat(config.topics().pages()).isEqualTo("env.pages");
  }

  /**
   * What the launcher ({@code SITEWATCH_JAVA_OPTS}, {@code SITEWATCH_HOME}) and the log set-up
   * ({@code SITEWATCH_LOG_LEVEL}) read from the environment is not refused as an unknown key.
   */
  @ParameterizedTest(name = "{0} is not a configuration key")
  @ValueSource(strings = {"SITEWATCH_JAVA_OPTS", "SITEWATCH_HOME", "SITEWATCH_LOG_LEVEL"})
  void variablesReadOutsideTheConfigurationAreNotRefused(String variable) {
    SitewatchConfig config = load(Map.of(variable, "DEBUG"), Map.of("crawler.max-depth", "2"));
    assertThat(config.crawler().maxDepth()).isEqualTo(2);
  }

  @Test
  void aConfigFileLargerThanTheBoundIsRefusedNamingIt() throws IOException {
    Path file = dir.resolve("big.properties");
    Files.writeString(
        file,
        "crawler.max-depth=3\n#" + "x".repeat(ConfigLoader.MAX_FILE_BYTES) + "\n",
        StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "config file " + file + " is larger than " + ConfigLoader.MAX_FILE_BYTES + " bytes");
  }

  @Test
  void unknownKeysAnywhereFailWithEveryProblemListed() throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "crawler.max-pages=3\n", StandardCharsets.UTF_8);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Optional.of(file),
                    Map.of("SITEWATCH_CRAWLER_DEPHT", "3"),
                    Map.of("sink.groupid", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'crawler.max-pages'")
        .hasMessageContaining("SITEWATCH_CRAWLER_DEPHT")
        .hasMessageContaining("unknown key 'sink.groupid'");
  }

  @ParameterizedTest(name = "{0}={1} is rejected")
  @CsvSource(
      delimiter = '|',
      value = {
        "crawler.max-depth       | deep   | expected an integer",
        "crawler.politeness-delay| soon   | expected a duration",
        "crawler.respect-robots  | maybe  | expected true or false",
        "classifier.site-threshold| high  | expected a number",
        "crawler.resolve         | nohost | expected HOST=ADDR",
        "kafka.replication-factor| 65537  | expected 1 to 32767",
        "crawler.read-timeout    | 50d    | at most",
      })
  void badValuesAreRejectedWithTheKeyAndTheReason(String key, String value, String reason) {
    assertThatThrownBy(() -> load(Map.of(), Map.of(key.trim(), value.trim())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key.trim())
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "24h, 86400000", "PT2S, 2000"})
  void durationsAcceptShortFormsAndIso(String text, long millis) {
    assertThat(ConfigLoader.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void resolveTableMapsHostsLowerCased() {
    SitewatchConfig config =
        load(
            Map.of(),
            Map.of("crawler.resolve", "WWW.Example.cn=127.0.0.1, b.example.com=127.0.0.2"));
    assertThat(config.crawler().resolve())
        .containsEntry("www.example.cn", "127.0.0.1")
        .containsEntry("b.example.com", "127.0.0.2");
  }

  @Test
  void passwordsAreNotPrinted() {
    SitewatchConfig config = load(Map.of(), Map.of("db.password", "s3cret"));
    assertThat(config.db().toString()).doesNotContain("s3cret");
  }

  @Test
  void configurationReferenceListsEveryKeyWithItsDefault() throws IOException {
    Path doc = Path.of("..", "..", "README.md");
    String text = Files.readString(doc, StandardCharsets.UTF_8);
    assertThat(text)
        .as(
            "README.md must contain the generated table; regenerate it with "
                + "`infra/bin/sitewatch config-reference` if this fails")
        .contains(ConfigKeys.markdownTable());
  }

  @Test
  void configurationTableNamesEveryKeyOnce() {
    java.util.List<String> names = ConfigKeys.all().stream().map(ConfigKeys.Key::name).toList();
    assertThat(names).doesNotHaveDuplicates();
  }

  @Test
  void readmeConfigurationTableIsExactlyTheReference() throws IOException {
    String text = Files.readString(Path.of("..", "..", "README.md"), StandardCharsets.UTF_8);
    String header = "| key | environment variable | default | description |\n";
    int start = text.indexOf(header);
    assertThat(start).as("README.md has a configuration table").isNotNegative();
    int end = text.indexOf("\n\n", start);
    String table = text.substring(start, end < 0 ? text.length() : end + 1);
    assertThat(table)
        .as(
            "the README's configuration table, row for row; regenerate it with "
                + "`infra/bin/sitewatch config-reference` if this fails")
        .isEqualTo(ConfigKeys.markdownTable());
  }

  @Test
  void theOperationsEndpointIsOffByDefaultAndOnLoopbackWhenAPortIsGiven() {
    SitewatchConfig off = load(Map.of(), Map.of());
    assertThat(off.ops().endpoint(off.crawlerMetrics(), true)).isEmpty();
    assertThat(off.ops().logFormat()).isEqualTo(org.sitewatch.infra.ops.LogFormat.TEXT);

    SitewatchConfig on =
        load(Map.of("SITEWATCH_LOG_FORMAT", "json"), Map.of("metrics.port", "9464"));
    assertThat(on.ops().endpoint(on.crawlerMetrics(), false))
        .contains(new Sections.Ops.Address("127.0.0.1", 9464));
    assertThat(on.ops().logFormat()).isEqualTo(org.sitewatch.infra.ops.LogFormat.JSON);
  }

  @Test
  void crawlerMetricsPortIsAnAliasOfMetricsPortForProcessesThatRunACrawler() {
    SitewatchConfig alias =
        load(
            Map.of(),
            Map.of("crawler.metrics-port", "9465", "crawler.metrics-bind-address", "0.0.0.0"));
    assertThat(alias.ops().endpoint(alias.crawlerMetrics(), true))
        .contains(new Sections.Ops.Address("0.0.0.0", 9465));
    assertThat(alias.ops().endpoint(alias.crawlerMetrics(), false)).isEmpty();

    SitewatchConfig same =
        load(Map.of(), Map.of("crawler.metrics-port", "9465", "metrics.port", "9465"));
    assertThat(same.ops().endpoint(same.crawlerMetrics(), true))
        .contains(new Sections.Ops.Address("127.0.0.1", 9465));

    assertThatThrownBy(
            () -> load(Map.of(), Map.of("crawler.metrics-port", "9465", "metrics.port", "9464")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("crawler.metrics-port (9465) is a deprecated alias of metrics.port")
        .hasMessageContaining("set only metrics.port");
  }

  @Test
  void badOperationsValuesAreProblemsNamingTheirKeys() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(),
                    Map.of(
                        "metrics.port", "70000", "metrics.bind-address", " ", "log.format", "xml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("log.format: expected text or json, got 'xml'")
        .hasMessageContaining("metrics.port must be between 0 and 65535, got 70000");
  }

  @Test
  void theStallWindowIsFiveMinutesByDefaultZeroTurnsItOffAndNegativeIsRefused() {
    assertThat(load(Map.of(), Map.of()).ops().stallAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(load(Map.of(), Map.of("health.stall-after", "0s")).ops().stallAfter()).isZero();
    assertThat(load(Map.of("SITEWATCH_HEALTH_STALL_AFTER", "90s"), Map.of()).ops().stallAfter())
        .isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> load(Map.of(), Map.of("health.stall-after", "-1m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("health.stall-after");
  }
}
