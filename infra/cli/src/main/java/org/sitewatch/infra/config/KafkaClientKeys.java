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
 * The {@code kafka.client.*} keys: Kafka client settings (TLS, SASL, timeouts, ...) handed verbatim
 * to every Kafka client Sitewatch creates. A name must be a setting some Kafka client knows, and
 * must not be one Sitewatch sets itself; secret values are never shown.
 */
final class KafkaClientKeys {
  static final String PREFIX = "kafka.client.";
  static final String ENV_PREFIX = "SITEWATCH_KAFKA_CLIENT_";

  /** Settings whose value Sitewatch decides per client: correctness depends on them. */
  private static final Map<String, String> CONTROLLED =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "use kafka.bootstrap-servers"),
          Map.entry("key.serializer", "each client uses its own serializers"),
          Map.entry("value.serializer", "each client uses its own serializers"),
          Map.entry("key.deserializer", "each client uses its own deserializers"),
          Map.entry("value.deserializer", "each client uses its own deserializers"),
          Map.entry("group.id", "use crawler.group-id, sink.group-id or classifier.application-id"),
          Map.entry("group.instance.id", "it would be shared by every client of the process"),
          Map.entry("enable.auto.commit", "the stages commit offsets after the work is done"),
          Map.entry(
              "auto.offset.reset", "the stages read each topic from its beginning on first start"),
          Map.entry("isolation.level", "the stages choose what they read"),
          Map.entry("transactional.id", "it would be shared by every producer of the process"),
          Map.entry("enable.idempotence", "the producers rely on idempotence"),
          Map.entry("acks", "every producer waits for all in-sync replicas"),
          Map.entry("processing.guarantee", "the classifier decides its processing guarantee"),
          Map.entry("application.id", "use classifier.application-id"),
          Map.entry("default.key.serde", "the classifier's topology names its serdes"),
          Map.entry("default.value.serde", "the classifier's topology names its serdes"),
          Map.entry(
              "deserialization.exception.handler",
              "the classifier records unreadable records as outcomes"),
          Map.entry(
              "default.deserialization.exception.handler",
              "the classifier records unreadable records as outcomes"));

  private static final Map<String, ConfigDef.ConfigKey> KNOWN = known();

  private KafkaClientKeys() {}

  /**
   * Why {@code key} (a full configuration key starting with {@link #PREFIX}) cannot be used, if it
   * cannot. The reason names the key, never its value.
   */
  static Optional<String> problem(String key) {
    String name = key.substring(PREFIX.length());
    if (name.isBlank()) {
      return Optional.of("'" + key + "' names no Kafka client setting");
    }
    String why = CONTROLLED.get(name);
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
