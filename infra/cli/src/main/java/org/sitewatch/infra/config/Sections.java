package org.sitewatch.infra.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.infra.ops.LogFormat;
import org.sitewatch.sink.store.DatabaseRoles;

/** Configuration sections owned by the infra module (the stages own their own settings records). */
public final class Sections {
  private Sections() {}

  /** A stage whose Kafka clients can be given their own settings ({@code STAGE.kafka.*}). */
  public enum KafkaStage {
    CRAWLER,
    CLASSIFIER,
    SINK;

    /** The prefix of this stage's own client settings, e.g. {@code crawler.kafka.}. */
    public String prefix() {
      return name().toLowerCase(java.util.Locale.ROOT) + ".kafka.";
    }
  }

  /**
   * Where Kafka is.
   *
   * @param bootstrapServers {@code host:port,...}; empty means "start an embedded broker" in the
   *     all-in-one modes and is an error for the stage commands
   * @param topicPrefix prefix of every topic name
   * @param partitions partitions of each topic created by Sitewatch
   * @param replicationFactor replication factor of each topic created by Sitewatch
   * @param clientSettings Kafka client settings ({@code kafka.client.*} or {@code kafka.*} without
   *     the prefix, e.g. {@code security.protocol}) handed to every client; see docs/security.md
   * @param stageSettings per stage, the client settings of that stage's clients alone ({@code
   *     crawler.kafka.*} and the like, without the prefix); they win over {@code clientSettings}
   */
  public record Kafka(
      String bootstrapServers,
      String topicPrefix,
      int partitions,
      short replicationFactor,
      Map<String, String> clientSettings,
      Map<KafkaStage, Map<String, String>> stageSettings) {
    public Kafka {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(topicPrefix, "topicPrefix");
      if (partitions < 1 || replicationFactor < 1) {
        throw new IllegalArgumentException(
            "kafka.partitions and kafka.replication-factor must be >= 1");
      }
      clientSettings = Map.copyOf(clientSettings);
      Map<KafkaStage, Map<String, String>> copy = new java.util.EnumMap<>(KafkaStage.class);
      stageSettings.forEach((stage, settings) -> copy.put(stage, Map.copyOf(settings)));
      stageSettings = java.util.Collections.unmodifiableMap(copy);
      if (bootstrapServers.isBlank()) {
        List<String> security = new java.util.ArrayList<>(securitySettings(clientSettings, ""));
        stageSettings.forEach(
            (stage, settings) -> security.addAll(securitySettings(settings, stage.prefix())));
        if (!security.isEmpty()) {
          throw new IllegalArgumentException(
              "kafka.client.* settings need kafka.bootstrap-servers when they secure the"
                  + " connection ("
                  + String.join(", ", security)
                  + "): the embedded broker of the all-in-one modes is plaintext on loopback");
        }
      }
    }

    /** Without client settings. */
    public Kafka(
        String bootstrapServers, String topicPrefix, int partitions, short replicationFactor) {
      this(bootstrapServers, topicPrefix, partitions, replicationFactor, Map.of(), Map.of());
    }

    /** With settings for every client and none per stage. */
    public Kafka(
        String bootstrapServers,
        String topicPrefix,
        int partitions,
        short replicationFactor,
        Map<String, String> clientSettings) {
      this(bootstrapServers, topicPrefix, partitions, replicationFactor, clientSettings, Map.of());
    }

    /** The client settings of {@code stage}'s own clients: its own over everyone's. */
    public Map<String, String> settingsOf(KafkaStage stage) {
      Map<String, String> settings = new java.util.LinkedHashMap<>(clientSettings);
      settings.putAll(stageSettings.getOrDefault(stage, Map.of()));
      return Map.copyOf(settings);
    }

    /** Secret client settings (SASL JAAS configuration, passwords) are shown as {@code ***}. */
    @Override
    public String toString() {
      StringBuilder perStage = new StringBuilder();
      stageSettings.forEach(
          (stage, settings) ->
              perStage
                  .append(", ")
                  .append(stage.prefix())
                  .append("*=")
                  .append(KafkaClientKeys.masked(settings)));
      return "Kafka[bootstrapServers="
          + bootstrapServers
          + ", topicPrefix="
          + topicPrefix
          + ", partitions="
          + partitions
          + ", replicationFactor="
          + replicationFactor
          + ", clientSettings="
          + KafkaClientKeys.masked(clientSettings)
          + perStage
          + "]";
    }

    public boolean embedded() {
      return bootstrapServers.isBlank();
    }

    /** Settings that secure the connection, which the plaintext embedded broker cannot honour. */
    private static List<String> securitySettings(Map<String, String> settings, String prefix) {
      return settings.keySet().stream()
          .filter(
              n -> n.equals("security.protocol") || n.startsWith("ssl.") || n.startsWith("sasl."))
          .sorted()
          .map(n -> prefix + n)
          .toList();
    }
  }

  /**
   * Where a classifier process keeps its Kafka Streams state ({@code classifier.state-dir}; Kafka
   * Streams adds a sub-folder per application id). The all-in-one modes ignore it: they keep the
   * state in a fresh folder of the run's data folder.
   *
   * @param dir the folder; by default {@code <local.data-dir>/classifier-state}
   */
  public record ClassifierState(Path dir) {
    public ClassifierState {
      Objects.requireNonNull(dir, "dir");
    }
  }

  /**
   * Where PostgreSQL is.
   *
   * @param jdbcUrl JDBC URL; empty means "start an embedded PostgreSQL" in the all-in-one modes
   */
  public record Db(String jdbcUrl, String username, String password, DatabaseRoles roles) {
    public Db {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(roles, "roles");
    }

    /** With the default role names. */
    public Db(String jdbcUrl, String username, String password) {
      this(jdbcUrl, username, password, DatabaseRoles.DEFAULTS);
    }

    public boolean embedded() {
      return jdbcUrl.isBlank();
    }

    @Override
    public String toString() {
      return "Db[jdbcUrl="
          + jdbcUrl
          + ", username="
          + username
          + ", password=***, roles="
          + roles
          + "]";
    }
  }

  /**
   * The all-in-one local mode.
   *
   * @param dataDir where embedded Kafka and PostgreSQL keep their files (fresh each run unless
   *     {@code persistent})
   * @param persistent keep the embedded Kafka and PostgreSQL in fixed sub-folders of {@code
   *     dataDir} and reopen them in later runs (set by {@code --data-dir})
   * @param idleTimeout how long {@code --until-idle} waits at most before giving up
   * @param idleQuietPeriod how long every stage must stay idle before the run counts as finished
   */
  public record Local(
      Path dataDir, boolean persistent, Duration idleTimeout, Duration idleQuietPeriod) {
    public Local {
      Objects.requireNonNull(dataDir, "dataDir");
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("local.idle-timeout must be positive");
      }
      if (idleQuietPeriod.isNegative()) {
        throw new IllegalArgumentException("local.idle-quiet-period must not be negative");
      }
    }
  }

  /**
   * Evidence export and verification.
   *
   * @param warcDir the WARC store the crawler writes ({@code crawler.warc-dir}), read by evidence
   *     export
   * @param signingKey the private key that signs bundles ({@code evidence.signing-key}); empty: the
   *     local key in {@link #localKeyDir(Path)}
   * @param trustedKeys public key files whose signatures verify accepts ({@code
   *     evidence.trusted-keys})
   * @param warcStore the object store WARC files are uploaded to and read from ({@code
   *     evidence.warc-store}, {@code evidence.s3.*}; its text form hides the secret key); empty:
   *     the folder only. References to plain file names are still read from {@code warcDir}.
   */
  public record Evidence(
      Path warcDir,
      Optional<Path> signingKey,
      List<Path> trustedKeys,
      Optional<org.sitewatch.common.objectstore.S3Target> warcStore) {
    public Evidence {
      Objects.requireNonNull(warcDir, "warcDir");
      Objects.requireNonNull(warcStore, "warcStore");
      if (warcDir.toString().isBlank()) {
        throw new IllegalArgumentException("sink.warc-dir must not be empty");
      }
      Objects.requireNonNull(signingKey, "signingKey");
      signingKey.ifPresent(
          k -> {
            if (!Files.isRegularFile(k)) {
              throw new IllegalArgumentException("evidence.signing-key: no such file " + k);
            }
          });
      trustedKeys = List.copyOf(trustedKeys);
      for (Path k : trustedKeys) {
        if (!Files.isRegularFile(k)) {
          throw new IllegalArgumentException("evidence.trusted-keys: no such file " + k);
        }
      }
    }

    public Evidence(Path warcDir, Optional<Path> signingKey, List<Path> trustedKeys) {
      this(warcDir, signingKey, trustedKeys, Optional.empty());
    }

    public Evidence(Path warcDir) {
      this(warcDir, Optional.empty(), List.of());
    }

    /**
     * Where evidence export and the workbench read WARC records: object references from the object
     * store (when configured), plain file names from {@code warcDir}. Close it after use.
     */
    public org.sitewatch.sink.evidence.warc.WarcStoreSource warcSource() {
      return new org.sitewatch.sink.evidence.warc.WarcStoreSource(
          new org.sitewatch.sink.evidence.warc.DirectoryWarcSource(warcDir),
          warcStore.map(
              t -> new org.sitewatch.sink.evidence.warc.S3WarcSource(t.store(), t.location())));
    }

    /** Where the local signing key is kept when {@code evidence.signing-key} is empty. */
    public static Path localKeyDir(Path dataDir) {
      return dataDir.resolve("evidence-key");
    }
  }

  /**
   * How a crawler process exposes its meters (org.sitewatch.crawler.metrics.CrawlerMetrics).
   *
   * @param port TCP port of the Prometheus endpoint {@code /metrics}; 0 = no endpoint
   * @param bindAddress address the endpoint listens on
   * @param logInterval time between two one-line summaries in the log; zero = none
   */
  public record CrawlerMetrics(int port, String bindAddress, Duration logInterval) {
    public CrawlerMetrics {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "crawler.metrics-port must be between 0 and 65535, got " + port);
      }
      Objects.requireNonNull(bindAddress, "bindAddress");
      if (bindAddress.isBlank()) {
        throw new IllegalArgumentException("crawler.metrics-bind-address must not be blank");
      }
      if (logInterval.isNegative()) {
        throw new IllegalArgumentException("crawler.metrics-log-interval must not be negative");
      }
    }
  }

  /**
   * Tables for jurisdiction routing (CSV files; see docs/jurisdiction.md). An empty bureau or
   * address-range table means the small sample that ships for the demo.
   */
  public record Jurisdiction(
      Optional<Path> bureaus, Optional<Path> addressRanges, Optional<Path> registrants) {
    public Jurisdiction {
      Objects.requireNonNull(bureaus, "bureaus");
      Objects.requireNonNull(addressRanges, "addressRanges");
      Objects.requireNonNull(registrants, "registrants");
    }
  }

  /**
   * What an operator watches (docs/metrics.md): the process's operations endpoint and its log
   * format.
   *
   * @param metricsPort TCP port of the endpoint ({@code metrics.port}); 0 = none
   * @param metricsBindAddress address it listens on ({@code metrics.bind-address})
   * @param logFormat how log lines are written ({@code log.format})
   * @param stallAfter how long a stage's position may stand still while records wait for it before
   *     its {@code stalled} readiness check fails ({@code health.stall-after}); zero = no check
   */
  public record Ops(
      int metricsPort, String metricsBindAddress, LogFormat logFormat, Duration stallAfter) {
    /** Endpoint and log format only; the stall check at its default. */
    public Ops(int metricsPort, String metricsBindAddress, LogFormat logFormat) {
      this(metricsPort, metricsBindAddress, logFormat, DEFAULT_STALL_AFTER);
    }

    /** The default of {@code health.stall-after}. */
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(5);

    public Ops {
      if (metricsPort < 0 || metricsPort > 65535) {
        throw new IllegalArgumentException(
            "metrics.port must be between 0 and 65535, got " + metricsPort);
      }
      Objects.requireNonNull(metricsBindAddress, "metricsBindAddress");
      if (metricsBindAddress.isBlank()) {
        throw new IllegalArgumentException("metrics.bind-address must not be blank");
      }
      Objects.requireNonNull(logFormat, "logFormat");
      Objects.requireNonNull(stallAfter, "stallAfter");
      if (stallAfter.isNegative()) {
        throw new IllegalArgumentException(
            "health.stall-after must not be negative, got " + stallAfter);
      }
    }

    /** Where the endpoint listens. */
    public record Address(String bindAddress, int port) {}

    /**
     * Where this process serves its endpoint, if anywhere: {@code metrics.port}, or, in a process
     * that runs a crawler, its deprecated alias {@code crawler.metrics-port} (with {@code
     * crawler.metrics-bind-address}).
     */
    public Optional<Address> endpoint(CrawlerMetrics crawlerAlias, boolean runsCrawler) {
      if (metricsPort > 0) {
        return Optional.of(new Address(metricsBindAddress, metricsPort));
      }
      if (runsCrawler && crawlerAlias.port() > 0) {
        return Optional.of(new Address(crawlerAlias.bindAddress(), crawlerAlias.port()));
      }
      return Optional.empty();
    }
  }
}
