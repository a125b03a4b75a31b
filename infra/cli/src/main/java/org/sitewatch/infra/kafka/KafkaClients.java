package org.sitewatch.infra.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.sitewatch.infra.config.Sections;

/**
 * The one place where the properties of Sitewatch's Kafka clients start: {@code bootstrap.servers}
 * plus every {@code kafka.client.*} setting (security.protocol, SASL, TLS stores, ...). Each client
 * then adds what it must control itself (group, serializers, acks). Every producer, consumer,
 * Streams app and admin client the command line builds starts from here, so a secured cluster is
 * reached by all of them or by none.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /** Client properties for the cluster of {@code kafka}. */
  public static Map<String, Object> props(Sections.Kafka kafka) {
    return props(kafka.bootstrapServers(), kafka.clientSettings());
  }

  /**
   * The client properties of {@code stage}'s clients: {@code processProps} (the bootstrap servers
   * and every client's settings, as {@link #props} made them) with the stage's own {@code
   * STAGE.kafka.*} settings over them.
   */
  public static Map<String, Object> forStage(
      Map<String, Object> processProps, Sections.Kafka kafka, Sections.KafkaStage stage) {
    Map<String, Object> props = new LinkedHashMap<>(processProps);
    props.putAll(kafka.stageSettings().getOrDefault(stage, Map.of()));
    return Map.copyOf(props);
  }

  /**
   * Client properties for {@code bootstrapServers} with {@code clientSettings} (names without the
   * {@code kafka.client.} prefix, checked by the configuration loader).
   */
  public static Map<String, Object> props(
      String bootstrapServers, Map<String, String> clientSettings) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("no Kafka bootstrap servers");
    }
    Map<String, Object> props = new LinkedHashMap<>(clientSettings);
    props.put("bootstrap.servers", bootstrapServers);
    return Map.copyOf(props);
  }
}
