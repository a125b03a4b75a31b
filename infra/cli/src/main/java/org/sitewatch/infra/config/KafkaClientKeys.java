package org.sitewatch.infra.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The keys that hand Kafka client settings (TLS, SASL, timeouts, ...) verbatim to Kafka clients:
 * {@code kafka.client.NAME} or simply {@code kafka.NAME} for every client Sitewatch creates, and
 * {@code crawler.kafka.NAME}, {@code classifier.kafka.NAME}, {@code sink.kafka.NAME} for the
 * clients of one stage (they win over the global ones there). A name must be a setting some Kafka
 * client knows, and must not be one Sitewatch sets itself; secret values are never shown.
 * Sitewatch's own {@code kafka.*} keys have hyphens ({@code kafka.bootstrap-servers}), Kafka's
 * never do, so the two cannot clash; a Sitewatch key is looked up first all the same.
 */
final class KafkaClientKeys {
  static final String PREFIX = "kafka.client.";
  static final String ENV_PREFIX = "SITEWATCH_KAFKA_CLIENT_";

  /** {@code kafka.NAME}: the short form of {@code kafka.client.NAME}. */
  static final String SHORT_PREFIX = "kafka.";

  /**
   * A Kafka client setting named by a configuration key.
   *
   * @param stage the stage whose clients alone get it; empty: every client
   * @param name the Kafka setting, e.g. {@code session.timeout.ms}
   */
  record Setting(Optional<Sections.KafkaStage> stage, String name) {
    /**
     * The one key under which the loader keeps this setting, so that {@code kafka.NAME} and {@code
     * kafka.client.NAME} in different layers override each other as one key.
     */
    String canonicalKey() {
      return stage.map(Sections.KafkaStage::prefix).orElse(PREFIX) + name;
    }
  }

  /**
   * The Kafka client setting {@code key} names, if it has the form of one: {@code kafka.client.X},
   * {@code kafka.X} or {@code STAGE.kafka.X}. Call it only for a key that is not one of Sitewatch's
   * own.
   */
  static Optional<Setting> setting(String key) {
    if (key.startsWith(PREFIX)) {
      return Optional.of(new Setting(Optional.empty(), key.substring(PREFIX.length())));
    }
    if (key.startsWith(SHORT_PREFIX)) {
      return Optional.of(new Setting(Optional.empty(), key.substring(SHORT_PREFIX.length())));
    }
    for (Sections.KafkaStage stage : Sections.KafkaStage.values()) {
      if (key.startsWith(stage.prefix())) {
        return Optional.of(new Setting(Optional.of(stage), key.substring(stage.prefix().length())));
      }
    }
    return Optional.empty();
  }

  /**
   * The configuration key an environment variable names, for the forms {@code
   * SITEWATCH_KAFKA_CLIENT_X_Y}, {@code SITEWATCH_KAFKA_X_Y} and {@code SITEWATCH_STAGE_KAFKA_X_Y}
   * (Kafka setting names have dots where the variable has underscores). Call it only for a variable
   * that is not one of Sitewatch's own keys.
   */
  static Optional<String> keyOfEnv(String var) {
    if (var.startsWith(ENV_PREFIX)) {
      return Optional.of(fromEnv(var));
    }
    if (var.startsWith("SITEWATCH_KAFKA_")) {
      return Optional.of(SHORT_PREFIX + settingOfEnv(var, "SITEWATCH_KAFKA_"));
    }
    for (Sections.KafkaStage stage : Sections.KafkaStage.values()) {
      String envPrefix = "SITEWATCH_" + stage.name() + "_KAFKA_";
      if (var.startsWith(envPrefix)) {
        return Optional.of(stage.prefix() + settingOfEnv(var, envPrefix));
      }
    }
    return Optional.empty();
  }

  private static String settingOfEnv(String var, String envPrefix) {
    return var.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Settings whose value Sitewatch decides per client: correctness depends on them. */
  private static final Map<String, String> CONTROLLED =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "use kafka.bootstrap-servers"),
          Map.entry("key.serializer", "each client uses its own serializers"),
          Map.entry("value.serializer", "each client uses its own serializers"),
          Map.entry("key.deserializer", "each client uses its own deserializers"),
          Map.entry("value.deserializer", "each client uses its own deserializers"),
          Map.entry("group.id", "use crawler.group-id, sink.group-id or classifier.application-id"),
          Map.entry(
              "group.instance.id",
              "it would be shared by every stage of the process: set it per stage, e.g."
                  + " crawler.kafka.group.instance.id"),
          Map.entry("enable.auto.commit", "the stages commit offsets after the work is done"),
          Map.entry(
              "auto.offset.reset", "the stages read each topic from its beginning on first start"),
          Map.entry("isolation.level", "the stages choose what they read"),
          Map.entry("transactional.id", "it would be shared by every producer of the process"),
          Map.entry("enable.idempotence", "the producers rely on idempotence"),
          Map.entry("acks", "every producer waits for all in-sync replicas"),
          Map.entry("processing.guarantee", "the classifier decides its processing guarantee"),
          Map.entry("application.id", "use classifier.application-id"),
          Map.entry("state.dir", "use classifier.state-dir"),
          Map.entry("default.key.serde", "the classifier's topology names its serdes"),
          Map.entry("default.value.serde", "the classifier's topology names its serdes"),
          Map.entry(
              "deserialization.exception.handler",
              "the classifier records unreadable records as outcomes"),
          Map.entry(
              "default.deserialization.exception.handler",
              "the classifier records unreadable records as outcomes"));

  /**
   * The one controlled setting a stage may set for its own clients: its static member id in its
   * consumer groups, unique per process, so a restart within the session timeout keeps the
   * partitions where they are.
   */
  static final String STATIC_MEMBER = "group.instance.id";

  private static final Map<String, ConfigDef.ConfigKey> KNOWN = known();

  private KafkaClientKeys() {}

  /**
   * Why {@code key} (a full configuration key naming a Kafka client setting: see {@link
   * #setting(String)}) cannot be used, if it cannot. The reason names the key, never its value.
   */
  static Optional<String> problem(String key) {
    String name = setting(key).orElseThrow().name();
    if (name.isBlank()) {
      return Optional.of("'" + key + "' names no Kafka client setting");
    }
    String why = CONTROLLED.get(name);
    if (name.equals(STATIC_MEMBER) && setting(key).orElseThrow().stage().isPresent()) {
      why = null; // one stage's group members: static membership (docs/operations-runbook.md)
    }
    if (why != null) {
      return Optional.of(
          "'" + key + "' is set by Sitewatch itself and cannot be configured (" + why + ")");
    }
    if (!KNOWN.containsKey(name)) {
      return Optional.of(
          "unknown key '"
              + key
              + "': '"
              + name
              + "' is not a setting of the Kafka producer, consumer, admin client or Streams");
    }
    return Optional.empty();
  }

  /**
   * The configuration key an environment variable such as {@code
   * SITEWATCH_KAFKA_CLIENT_SASL_MECHANISM} sets.
   */
  static String fromEnv(String var) {
    return PREFIX + var.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Whether the value of client setting {@code name} (without prefix) is a secret. */
  static boolean secret(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    ConfigDef.ConfigKey def = KNOWN.get(n);
    return (def != null && def.type == ConfigDef.Type.PASSWORD)
        || n.contains("password")
        || n.contains("secret")
        || n.contains("jaas")
        || n.equals("ssl.keystore.key");
  }

  /** {@code settings} as text with every secret value replaced by {@code ***}. */
  static String masked(Map<String, String> settings) {
    return new TreeMap<>(settings)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + (secret(e.getKey()) ? "***" : e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
  }

  private static Map<String, ConfigDef.ConfigKey> known() {
    Map<String, ConfigDef.ConfigKey> all = new java.util.HashMap<>();
    for (ConfigDef def :
        Set.of(
            ProducerConfig.configDef(),
            ConsumerConfig.configDef(),
            AdminClientConfig.configDef(),
            StreamsConfig.configDef())) {
      all.putAll(def.configKeys());
    }
    return Map.copyOf(all);
  }
}
