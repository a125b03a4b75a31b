package org.sitewatch.infra.embedded;

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
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
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
  private final Path logDir;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.logDir = logDir;
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
      try {
        server.startup();
      } catch (RuntimeException e) {
        // e.g. a port taken between choosing it and binding it: leave nothing behind
        server.shutdown();
        deleteRecursively(logDir);
        throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
      }
      return new EmbeddedKafka(server, "127.0.0.1:" + brokerPort, logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
    }
  }

  /** Starts a broker with its files in a fresh folder under {@code java.io.tmpdir}. */
  public static EmbeddedKafka start() {
    return start(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Client properties that reach this broker: just {@code bootstrap.servers}. */
  public Map<String, Object> clientProps() {
    return Map.of("bootstrap.servers", bootstrapServers);
  }

  /** Creates topics (delete policy, replication 1) and waits until they exist. */
  public void createTopics(int partitions, String... names) {
    try (Admin admin = Admin.create(clientProps())) {
      admin.createTopics(Arrays.stream(names)
              .map(n -> new NewTopic(n, partitions, (short) 1)).toList())
          .all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + Arrays.toString(names), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    deleteRecursively(logDir);
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the folder is under the data or temp directory
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
