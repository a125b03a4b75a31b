package org.sitewatch.infra.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM on
 * 127.0.0.1. Used by the all-in-one local mode and by integration tests: it is the same broker
 * code as a production cluster, only smaller. Internal Kafka classes are used, so the Kafka version
 * is pinned in the parent POM.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats a fresh log directory under {@code dataDir} and starts a broker on free loopback
   * ports.
   */
  public static EmbeddedKafka start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path logDir = Files.createTempDirectory(dataDir, "kafka-");
      int brokerPort = freePort();
      int controllerPort = freePort();
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      props.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("log.dirs", logDir.toString());
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "4");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("num.partitions", "3");
      props.put("auto.create.topics.enable", "false");
      props.put("log.flush.interval.messages", "10000");
      props.put("num.network.threads", "2");
      props.put("num.io.threads", "2");
      props.put("background.threads", "2");
      props.put("log.cleaner.threads", "1");
      props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4L * 1024 * 1024));

      Path propsFile = logDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(propsFile)) {
        props.store(out, "Sitewatch embedded broker");
      }
      ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
      int rc;
      try (PrintStream ps = new PrintStream(formatLog, true, StandardCharsets.UTF_8)) {
        rc =
            kafka.tools.StorageTool$.MODULE$.execute(
                new String[] {
                  "format", "-t", Uuid.randomUuid().toString(), "-c", propsFile.toString()
                },
                ps);
      }
      if (rc != 0) {
        throw new IllegalStateException(
            "formatting the embedded Kafka log directory failed: "
                + formatLog.toString(StandardCharsets.UTF_8));
      }
      KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
      server.startup();
      return new EmbeddedKafka(server, "127.0.0.1:" + brokerPort);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
    }
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
