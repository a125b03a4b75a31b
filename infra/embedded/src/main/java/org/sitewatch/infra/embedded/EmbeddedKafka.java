package org.sitewatch.infra.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this JVM on
 * 127.0.0.1. Used by the all-in-one local mode and by integration tests: it is the same broker code
 * as a production cluster, only smaller. Internal Kafka classes are used, so the Kafka version is
 * pinned in the parent POM.
 *
 * <p>{@link #start(Path)} gives a plaintext broker that lets every client do everything; {@link
 * #startSecured(Path, Map)} a broker with SASL authentication and ACL authorization, to test that
 * Sitewatch's clients work, and are refused, as on a secured production cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {
  /**
   * The super user of a secured broker: the broker's own principal, and the tests' administrator.
   */
  public static final String ADMIN = "admin";

  private final RaftNode server;
  private final String bootstrapServers;
  private final Path logDir;
  private final Map<String, String> users;
  private final boolean keepLogDir;

  private EmbeddedKafka(
      RaftNode server,
      String bootstrapServers,
      Path logDir,
      Map<String, String> users,
      boolean keepLogDir) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.logDir = logDir;
    this.users = users;
    this.keepLogDir = keepLogDir;
  }

  /**
   * Formats a fresh log directory under {@code dataDir} and starts a broker on free loopback ports.
   */
  public static EmbeddedKafka start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  /**
   * Starts a broker that authenticates every client and authorizes every request: one
   * SASL_PLAINTEXT listener (mechanism PLAIN) for clients, the controller listener secured the same
   * way, the KRaft {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false},
   * and {@link #ADMIN} as the only super user (the broker's own principal). Every other principal
   * can do only what an ACL allows it.
   *
   * @param users user name to password of the principals clients may log in as; {@link #ADMIN} must
   *     be among them
   */
  public static EmbeddedKafka startSecured(Path dataDir, Map<String, String> users) {
    if (!users.containsKey(ADMIN)) {
      throw new IllegalArgumentException(
          "a secured broker needs a password for its super user " + ADMIN);
    }
    return start(dataDir, Map.copyOf(users));
  }

  /**
   * Starts a plaintext broker whose log directory is {@code logDir} itself and is kept on close: a
   * later call on the same folder reopens the same cluster (same cluster and node id, its topics,
   * records and committed offsets). The folder is formatted only when it holds no {@code
   * meta.properties}; the ports are chosen afresh each time (the single voter is given by
   * configuration, not recorded in the log, so a new controller port is fine). The caller keeps two
   * processes off one folder.
   */
  public static EmbeddedKafka open(Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + logDir + ": " + e.getMessage(), e);
    }
    return start(logDir, Map.of(), true);
  }

  private static EmbeddedKafka start(Path dataDir, Map<String, String> users) {
    return start(dataDir, users, false);
  }

  private static EmbeddedKafka start(Path dataDir, Map<String, String> users, boolean persistent) {
    return start(dataDir, users, persistent, ports -> {});
  }

  /**
   * As {@link #start(Path, Map, boolean)}; {@code portsChosen} is given the broker's and the
   * controller's port after they are chosen, before the server starts (tests try to take them).
   */
  static EmbeddedKafka start(
      Path dataDir, Map<String, String> users, boolean persistent, Consumer<int[]> portsChosen) {
    Path logDir;
    try {
      if (persistent) {
        logDir = dataDir;
      } else {
        Files.createDirectories(dataDir);
        logDir = Files.createTempDirectory(dataDir, "kafka-");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
    }
    // Both listeners are bound here, on port 0, before the configuration names their ports, and
    // handed to the server bound: no other process can take a port between its choice and its
    // bind. (Ports chosen by opening and closing a socket raced with the other test JVM, and a
    // controller that cannot bind its port halts the whole JVM.)
    try (PreboundListeners listeners = PreboundListeners.bind(2)) {
      portsChosen.accept(new int[] {listeners.port(0), listeners.port(1)});
      return startOn(logDir, users, persistent, listeners);
    } catch (IOException e) {
      if (!persistent) {
        deleteRecursively(logDir);
      }
      throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
    }
  }

  private static EmbeddedKafka startOn(
      Path logDir, Map<String, String> users, boolean persistent, PreboundListeners listeners)
      throws IOException {
    int brokerPort = listeners.port(0);
    int controllerPort = listeners.port(1);
    boolean secured = !users.isEmpty();
    String listener = secured ? "SASL_PLAINTEXT" : "PLAINTEXT";
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put(
        "listeners",
        listener + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", listener + "://127.0.0.1:" + brokerPort);
    props.put("controller.listener.names", "CONTROLLER");
    props.put(
        "listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:" + listener);
    props.put("inter.broker.listener.name", listener);
    if (secured) {
      String jaas = serverJaas(users);
      props.put("sasl.enabled.mechanisms", "PLAIN");
      props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      props.put("sasl.mechanism.controller.protocol", "PLAIN");
      props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas);
      props.put("listener.name.controller.plain.sasl.jaas.config", jaas);
      props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      props.put("super.users", "User:" + ADMIN);
      props.put("allow.everyone.if.no.acl.found", "false");
    }
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

    RaftNode server;
    try {
      Path propsFile = logDir.resolve("server.properties");
      try (OutputStream out = Files.newOutputStream(propsFile)) {
        props.store(out, "Sitewatch embedded broker");
      }
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format(propsFile);
      }
      server = new RaftNode(KafkaConfig.fromProps(props), listeners);
    } catch (IOException | RuntimeException e) {
      if (!persistent) {
        deleteRecursively(logDir);
      }
      throw e;
    }
    try {
      server.startup();
    } catch (RuntimeException e) {
      // leave nothing behind: no threads, and a persistent folder's lock released
      server.shutdown();
      server.awaitShutdown();
      if (!persistent) {
        deleteRecursively(logDir);
      }
      throw new IllegalStateException(
          "the embedded Kafka broker did not start: " + e.getMessage(), e);
    }
    return new EmbeddedKafka(server, "127.0.0.1:" + brokerPort, logDir, users, persistent);
  }

  private static void format(Path propsFile) {
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
  }

  /** Starts a broker with its files in a fresh folder under {@code java.io.tmpdir}. */
  public static EmbeddedKafka start() {
    return start(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** The {@code bootstrap.servers} value for clients of this broker. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Client properties that reach this broker: just {@code bootstrap.servers}, or on a secured
   * broker those of the super user {@link #ADMIN}.
   */
  public Map<String, Object> clientProps() {
    return users.isEmpty() ? Map.of("bootstrap.servers", bootstrapServers) : clientProps(ADMIN);
  }

  /** Client properties of a secured broker's user, SASL settings included. */
  public Map<String, Object> clientProps(String user) {
    Map<String, Object> props = new java.util.HashMap<>(saslSettings(user));
    props.put("bootstrap.servers", bootstrapServers);
    return Map.copyOf(props);
  }

  /**
   * The SASL client settings ({@code security.protocol}, {@code sasl.mechanism}, {@code
   * sasl.jaas.config}) that log a client into this secured broker as {@code user}.
   */
  public Map<String, String> saslSettings(String user) {
    String password = users.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no such user on this broker: " + user);
    }
    return Map.of(
        "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\""
                + user
                + "\" password=\""
                + password
                + "\";");
  }

  private static String serverJaas(Map<String, String> users) {
    StringBuilder jaas =
        new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
            .append(" username=\"")
            .append(ADMIN)
            .append("\" password=\"")
            .append(users.get(ADMIN))
            .append('"');
    users.forEach(
        (user, password) ->
            jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
    return jaas.append(';').toString();
  }

  /** Creates topics (delete policy, replication 1) and waits until they exist. */
  public void createTopics(int partitions, String... names) {
    try (Admin admin = Admin.create(clientProps())) {
      admin
          .createTopics(
              Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList())
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics " + Arrays.toString(names), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  @Override
  public void close() {
    // an interrupt of the calling thread (the stop that ends the process) would cut the broker's
    // controlled shutdown short, which then logs an error; it is kept for the caller instead
    boolean interrupted = Thread.interrupted();
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (!keepLogDir) {
      deleteRecursively(logDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the folder is under the data or temp directory
    }
  }
}
