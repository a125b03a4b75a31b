package org.sitewatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

class GroupFailoverTest {
  @Test
  void aGroupMemberIsDeclaredDeadAfterSecondsNotTheClientsDefault() {
    Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", "k:9092"));

    GroupFailover.applyDefaults(props);

    assertThat(props)
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000)
        .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    assertThat(ConsumerConfig.configDef().defaultValues().get("session.timeout.ms"))
        .as("Kafka's own default, which these replace")
        .isEqualTo(45_000);
  }

  @Test
  void configuredTimeoutsAreKept() {
    Map<String, Object> props =
        new HashMap<>(Map.of("session.timeout.ms", "30000", "heartbeat.interval.ms", "9000"));

    GroupFailover.applyDefaults(props);

    assertThat(props)
        .containsEntry("session.timeout.ms", "30000")
        .containsEntry("heartbeat.interval.ms", "9000");
  }

  @Test
  void aBrokerSideGroupProtocolGetsNoClientTimeouts() {
    Map<String, Object> props = new HashMap<>(Map.of("group.protocol", "consumer"));

    GroupFailover.applyDefaults(props);

    assertThat(props).doesNotContainKeys("session.timeout.ms", "heartbeat.interval.ms");
  }

  @Test
  void groupMembersRebalanceCooperativelyUnlessAnAssignorOrABrokerSideProtocolIsSet() {
    Map<String, Object> plain = new HashMap<>();
    Map<String, Object> configured =
        new HashMap<>(Map.of("partition.assignment.strategy", "my.Assignor"));
    Map<String, Object> brokerSide = new HashMap<>(Map.of("group.protocol", "consumer"));

    GroupFailover.applyCooperative(plain);
    GroupFailover.applyCooperative(configured);
    GroupFailover.applyCooperative(brokerSide);

    assertThat(plain)
        .containsEntry(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            CooperativeStickyAssignor.class.getName());
    assertThat(configured).containsEntry("partition.assignment.strategy", "my.Assignor");
    assertThat(brokerSide).doesNotContainKey("partition.assignment.strategy");
  }
}
