package org.sitewatch.common.kafka;

import java.util.Map;

/**
 * How fast a consumer group notices that a member died: the defaults of every Sitewatch consumer
 * that joins a group (and of the classifier's Kafka Streams). Kafka's own session timeout is 45 s,
 * so a killed process holds its partitions for that long before another one takes them over; 10 s
 * with a heartbeat every 3 s (Kafka's rule: at most a third of the session) makes that seconds. The
 * heartbeat runs on the client's own thread, so a long batch does not make the member miss it (a
 * long batch is bounded by {@code max.poll.interval.ms}, left as it is).
 */
public final class GroupFailover {
  /** {@code session.timeout.ms} unless configured. */
  public static final int SESSION_TIMEOUT_MS = 10_000;

  /** {@code heartbeat.interval.ms} unless configured. */
  public static final int HEARTBEAT_INTERVAL_MS = 3_000;

  private GroupFailover() {}

  /**
   * Adds the session timeout and heartbeat interval to {@code props} where they are not set. Left
   * out with a broker-side group protocol ({@code group.protocol} other than {@code classic}):
   * there the broker owns these timeouts and the client refuses them.
   */
  public static void applyDefaults(Map<? super String, ? super Integer> props) {
    Object protocol = props.get("group.protocol");
    if (protocol != null && !protocol.toString().equalsIgnoreCase("classic")) {
      return;
    }
    props.putIfAbsent("session.timeout.ms", SESSION_TIMEOUT_MS);
    props.putIfAbsent("heartbeat.interval.ms", HEARTBEAT_INTERVAL_MS);
  }

  /**
   * Cooperative rebalancing ({@code CooperativeStickyAssignor}) unless an assignor is configured: a
   * member joining or leaving moves only the partitions that change owner, the others keep being
   * consumed during the rebalance. Left out with a broker-side group protocol, whose assignment is
   * incremental already and which refuses the setting. Not for Kafka Streams (its own assignor).
   */
  public static void applyCooperative(Map<? super String, ? super String> props) {
    Object protocol = props.get("group.protocol");
    if (protocol != null && !protocol.toString().equalsIgnoreCase("classic")) {
      return;
    }
    props.putIfAbsent(
        "partition.assignment.strategy",
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
  }
}
