package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.events.Topics;

/** The classifier's group fails over in seconds, and keeps a standby where there is room. */
class ClassifierFailoverDefaultsTest {
  private static final ClassifierSettings SETTINGS = ClassifierSettings.defaults();
  private static final Topics TOPICS = Topics.defaults();

  private static Map<String, Object> mainConsumerOf(Map<String, Object> kafka) {
    Properties props = ClassifierApp.streamsProperties(SETTINGS, kafka, TOPICS, Clock.systemUTC());
    return new StreamsConfig(props).getMainConsumerConfigs("group", "client", 0);
  }

  @Test
  void theMainConsumerLeavesTheGroupAfterTenSecondsWithoutHeartbeat() {
    Map<String, Object> consumer = mainConsumerOf(Map.of("bootstrap.servers", "k:9092"));

    assertThat(consumer)
        .containsEntry("session.timeout.ms", 10_000)
        .containsEntry("heartbeat.interval.ms", 3_000);
  }

  @Test
  void configuredTimeoutsAndStandbysWin() {
    Map<String, Object> kafka =
        Map.of(
            "bootstrap.servers",
            "k:9092",
            "session.timeout.ms",
            "20000",
            "num.standby.replicas",
            "0");

    assertThat(mainConsumerOf(kafka)).containsEntry("session.timeout.ms", "20000");
    assertThat(
            new StreamsConfig(
                    ClassifierApp.streamsProperties(SETTINGS, kafka, TOPICS, Clock.systemUTC()))
                .getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG))
        .isZero();
  }

  @Test
  void oneStandbyReplicaByDefault() {
    Properties props =
        ClassifierApp.streamsProperties(
            SETTINGS, Map.of("bootstrap.servers", "k:9092"), TOPICS, Clock.systemUTC());

    assertThat(new StreamsConfig(props).getInt(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG))
        .isEqualTo(1);
  }
}
