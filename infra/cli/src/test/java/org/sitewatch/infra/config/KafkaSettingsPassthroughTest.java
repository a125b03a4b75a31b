package org.sitewatch.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.infra.config.Sections.KafkaStage;
import org.sitewatch.infra.kafka.KafkaClients;

/** {@code kafka.NAME} and {@code STAGE.kafka.NAME}: any Kafka setting, for all or for one stage. */
class KafkaSettingsPassthroughTest {
  private static final String CLUSTER = "kafka1:9093";

  private static SitewatchConfig load(Map<String, String> env, Map<String, String> overrides) {
    return ConfigLoader.load(Optional.empty(), env, overrides);
  }

  private static Map<String, Object> clientsOf(SitewatchConfig cfg, KafkaStage stage) {
    return KafkaClients.forStage(KafkaClients.props(cfg.kafka()), cfg.kafka(), stage);
  }

  @Test
  void aKafkaSettingWithoutTheClientInfixReachesEveryStagesClients() {
    SitewatchConfig cfg =
        load(
            Map.of(),
            Map.of("kafka.bootstrap-servers", CLUSTER, "kafka.session.timeout.ms", "6000"));

    assertThat(KafkaClients.props(cfg.kafka())).containsEntry("session.timeout.ms", "6000");
    for (KafkaStage stage : KafkaStage.values()) {
      assertThat(clientsOf(cfg, stage)).containsEntry("session.timeout.ms", "6000");
    }
  }

  @Test
  void aStageSettingReachesOnlyThatStageAndWinsOverTheGlobalOne() {
    SitewatchConfig cfg =
        load(
            Map.of(),
            Map.of(
                "kafka.bootstrap-servers",
                CLUSTER,
                "kafka.max.poll.records",
                "100",
                "crawler.kafka.max.poll.records",
                "4",
                "crawler.kafka.fetch.max.wait.ms",
                "50"));

    assertThat(clientsOf(cfg, KafkaStage.CRAWLER))
        .containsEntry("max.poll.records", "4")
        .containsEntry("fetch.max.wait.ms", "50");
    for (KafkaStage other : new KafkaStage[] {KafkaStage.CLASSIFIER, KafkaStage.SINK}) {
      assertThat(clientsOf(cfg, other))
          .containsEntry("max.poll.records", "100")
          .doesNotContainKey("fetch.max.wait.ms");
    }
    assertThat(KafkaClients.props(cfg.kafka())).doesNotContainKey("fetch.max.wait.ms");
  }

  @Test
  void aStageStaticMemberIdReachesOnlyThatStagesClients() {
    SitewatchConfig cfg =
        load(
            Map.of("SITEWATCH_SINK_KAFKA_GROUP_INSTANCE_ID", "sink-0"),
            Map.of(
                "kafka.bootstrap-servers",
                CLUSTER,
                "crawler.kafka.group.instance.id",
                "crawler-0"));

    assertThat(clientsOf(cfg, KafkaStage.CRAWLER)).containsEntry("group.instance.id", "crawler-0");
    assertThat(clientsOf(cfg, KafkaStage.SINK)).containsEntry("group.instance.id", "sink-0");
    assertThat(clientsOf(cfg, KafkaStage.CLASSIFIER)).doesNotContainKey("group.instance.id");
  }

  @Test
  void theEnvironmentSetsGlobalAndStageSettings() {
    SitewatchConfig cfg =
        load(
            Map.of(
                "SITEWATCH_KAFKA_BOOTSTRAP_SERVERS", CLUSTER,
                "SITEWATCH_KAFKA_HEARTBEAT_INTERVAL_MS", "2000",
                "SITEWATCH_SINK_KAFKA_SESSION_TIMEOUT_MS", "7000"),
            Map.of());

    assertThat(cfg.kafka().bootstrapServers()).isEqualTo(CLUSTER);
    assertThat(clientsOf(cfg, KafkaStage.SINK))
        .containsEntry("heartbeat.interval.ms", "2000")
        .containsEntry("session.timeout.ms", "7000");
    assertThat(clientsOf(cfg, KafkaStage.CLASSIFIER)).doesNotContainKey("session.timeout.ms");
  }

  @Test
  void theShortAndTheLongFormAreOneKeySoALaterLayerOverridesEither(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("sitewatch.properties");
    Files.writeString(
        file,
        "kafka.bootstrap-servers=" + CLUSTER + "\nkafka.client.session.timeout.ms=30000\n",
        StandardCharsets.UTF_8);

    SitewatchConfig cfg =
        ConfigLoader.load(Optional.of(file), Map.of(), Map.of("kafka.session.timeout.ms", "8000"));

    assertThat(cfg.kafka().clientSettings())
        .containsExactly(Map.entry("session.timeout.ms", "8000"));
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kafka.sesion.timeout.ms      | unknown key 'kafka.sesion.timeout.ms': 'sesion.timeout.ms' is not a setting",
        "sink.kafka.max.pol.records   | unknown key 'sink.kafka.max.pol.records'",
        "kafka.group.id               | 'kafka.group.id' is set by Sitewatch itself",
        "kafka.group.instance.id      | 'kafka.group.instance.id' is set by Sitewatch itself and cannot be configured (it would be shared by every stage of the process: set it per stage, e.g. crawler.kafka.group.instance.id)",
        "classifier.kafka.application.id | 'classifier.kafka.application.id' is set by Sitewatch itself and cannot be configured (use classifier.application-id)",
        "crawler.kafka.enable.auto.commit | 'crawler.kafka.enable.auto.commit' is set by Sitewatch itself",
        "kafka.bootstrap.servers      | 'kafka.bootstrap.servers' is set by Sitewatch itself and cannot be configured (use kafka.bootstrap-servers)",
        "kafka.bootstrap-server       | unknown key 'kafka.bootstrap-server'"
      })
  void unknownAndControlledSettingsAreRefusedNamingTheKey(String key, String message) {
    assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.bootstrap-servers", CLUSTER, key, "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("on the command line");
  }

  @Test
  void aStageSecretIsMaskedWhereverTheConfigurationIsPrinted() {
    SitewatchConfig cfg =
        load(
            Map.of(),
            Map.of(
                "kafka.bootstrap-servers",
                CLUSTER,
                "sink.kafka.ssl.keystore.password",
                "sink-pw-47",
                "sink.kafka.client.rack",
                "rack-a"));

    assertThat(cfg.toString())
        .doesNotContain("sink-pw-47")
        .contains("sink.kafka.*={client.rack=rack-a, ssl.keystore.password=***}");
  }

  @Test
  void timeoutsNeedNoClusterButSecuritySettingsDo() {
    SitewatchConfig embedded =
        load(Map.of(), Map.of("kafka.session.timeout.ms", "6000", "sink.kafka.retries", "3"));
    assertThat(embedded.kafka().embedded()).isTrue();
    assertThat(embedded.kafka().settingsOf(KafkaStage.SINK))
        .containsEntry("session.timeout.ms", "6000")
        .containsEntry("retries", "3");

    assertThatThrownBy(() -> load(Map.of(), Map.of("sink.kafka.security.protocol", "SSL")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("need kafka.bootstrap-servers")
        .hasMessageContaining("sink.kafka.security.protocol");
  }
}
