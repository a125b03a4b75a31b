package org.sitewatch.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.infra.kafka.KafkaClients;

class KafkaClientSettingsTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required"
          + " username=\"crawler\" password=\"jaas-pw-91\";";

  private static SitewatchConfig load(Map<String, String> env, Map<String, String> overrides) {
    return ConfigLoader.load(Optional.empty(), env, overrides);
  }

  @Test
  void clientSettingsReachTheClientPropertiesVerbatimNextToTheBootstrapServers() {
    SitewatchConfig cfg =
        load(
            Map.of("SITEWATCH_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN"),
            Map.of(
                "kafka.bootstrap-servers",
                "kafka1:9093",
                "kafka.client.security.protocol",
                "SASL_SSL",
                "kafka.client.sasl.jaas.config",
                JAAS,
                "kafka.client.ssl.truststore.location",
                "/etc/sitewatch/truststore.p12"));

    assertThat(KafkaClients.props(cfg.kafka()))
        .containsEntry("bootstrap.servers", "kafka1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("ssl.truststore.location", "/etc/sitewatch/truststore.p12")
        .hasSize(5);
  }

  @ParameterizedTest(name = "kafka.client.{0} is refused")
  @ValueSource(
      strings = {
        "bootstrap.servers",
        "group.id",
        "key.serializer",
        "value.deserializer",
        "enable.auto.commit",
        "transactional.id",
        "processing.guarantee",
        "acks",
        "isolation.level",
        "application.id"
      })
  void settingsSitewatchControlsAreRefusedWithTheReason(String name) {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(),
                    Map.of("kafka.bootstrap-servers", "kafka1:9093", "kafka.client." + name, "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'kafka.client." + name + "' is set by Sitewatch itself");
  }

  @Test
  void aMisspelledClientSettingIsAnUnknownKey() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(),
                    Map.of(
                        "kafka.bootstrap-servers",
                        "kafka1:9093",
                        "kafka.client.securty.protocol",
                        "SSL")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'kafka.client.securty.protocol'");
  }

  @Test
  void clientSettingsWithoutAClusterAreRefused() {
    assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.client.security.protocol", "SSL")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.client.* settings need kafka.bootstrap-servers");
  }

  @Test
  void secretsAreMaskedWhereverTheConfigurationIsPrinted() {
    SitewatchConfig cfg =
        load(
            Map.of(),
            Map.of(
                "kafka.bootstrap-servers",
                "kafka1:9093",
                "kafka.client.sasl.jaas.config",
                JAAS,
                "kafka.client.ssl.truststore.password",
                "trust-pw-55",
                "kafka.client.ssl.key.password",
                "key-pw-66",
                "kafka.client.security.protocol",
                "SASL_SSL"));

    assertThat(cfg.toString())
        .doesNotContain("jaas-pw-91", "trust-pw-55", "key-pw-66")
        .contains(
            "sasl.jaas.config=***", "ssl.truststore.password=***", "security.protocol=SASL_SSL");
    assertThat(ConfigKeys.markdownTable()).contains("`kafka.client.*`");
  }

  @Test
  void aRefusedSecretIsNotEchoedInTheError() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(),
                    Map.of(
                        "kafka.bootstrap-servers",
                        "kafka1:9093",
                        "kafka.client.sasl.jaas.confg",
                        JAAS)))
        .isInstanceOf(ConfigException.class)
        .hasMessageNotContaining("jaas-pw-91");
  }

  @Test
  void everyKafkaClientOfTheCommandLineStartsFromTheOneHelper() throws IOException {
    Path main = Path.of("src", "main", "java");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(main)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(
                  p ->
                      !p.endsWith(
                          Path.of("org", "sitewatch", "infra", "kafka", "KafkaClients.java")))
              .filter(
                  p -> {
                    try {
                      String text = Files.readString(p, StandardCharsets.UTF_8);
                      return text.contains("put(\"bootstrap.servers\"")
                          || text.contains("of(\"bootstrap.servers\"")
                          || text.contains("BOOTSTRAP_SERVERS_CONFIG");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .map(Path::toString)
              .toList();
    }
    assertThat(offenders)
        .as("build Kafka client properties with KafkaClients.props so kafka.client.* reaches them")
        .isEmpty();
  }
}
