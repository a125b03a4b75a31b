package org.sitewatch.infra.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.embedded.EmbeddedPostgresStart;
import org.sitewatch.infra.embedded.PortRetry;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.kafka.TopicAdmin;

/**
 * The processes of one {@code bench faults} run: KRaft broker processes (each a combined broker and
 * controller, all of them voters), a PostgreSQL server from the embedded binaries, and the stage
 * processes ({@code sitewatch crawler|classifier|sink --config FILE}), all started the way an
 * operator would, from the command line; the benchmark reaches them only through their command
 * line, Kafka and the database.
 */
final class FaultCluster implements AutoCloseable {
  static final String MAIN = WorkerProcess.MAIN_CLASS;

  /** What to start. */
  record Shape(
      int brokers,
      int crawlers,
      int classifiers,
      int sinks,
      int partitions,
      List<String> stageJvm,
      List<String> brokerJvm) {}

  private final Shape shape;
  private final Path dir;
  private final PrintWriter progress;
  private final List<ClusterProcess> brokers = new ArrayList<>();
  private final List<ClusterProcess> stages = new ArrayList<>();
  private final String bootstrap;

  /** Chosen by the first {@link #startPostgres}; each restart binds the same port again. */
  private int pgPort;

  private EmbeddedPostgres postgres;
  private Path configFile;
  private SitewatchConfig config;

  private FaultCluster(Shape shape, Path dir, PrintWriter progress, String bootstrap) {
    this.shape = shape;
    this.dir = dir;
    this.progress = progress;
    this.bootstrap = bootstrap;
  }

  /** Formats and starts the brokers and PostgreSQL and migrates the schema; no stage yet. */
  static FaultCluster start(
      Shape shape, Path dir, PrintWriter progress, Map<String, String> stageSettings)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int n = shape.brokers();
    // the brokers are processes of their own and must be told their ports: a broker whose port
    // was taken meanwhile does not come up, and awaitBrokers says so
    int[] chosen = PortRetry.freePorts(2 * n);
    int[] ports = new int[n];
    int[] controllerPorts = new int[n];
    StringBuilder voters = new StringBuilder();
    StringBuilder boot = new StringBuilder();
    for (int i = 0; i < n; i++) {
      ports[i] = chosen[2 * i];
      controllerPorts[i] = chosen[2 * i + 1];
      voters
          .append(i == 0 ? "" : ",")
          .append(i + 1)
          .append("@127.0.0.1:")
          .append(controllerPorts[i]);
      boot.append(i == 0 ? "" : ",").append("127.0.0.1:").append(ports[i]);
    }
    FaultCluster cluster = new FaultCluster(shape, dir, progress, boot.toString());
    String clusterId = Uuid.randomUuid().toString();
    for (int i = 0; i < n; i++) {
      Path props =
          cluster.writeBrokerProperties(i, ports[i], controllerPorts[i], voters.toString());
      format(clusterId, props);
      ClusterProcess broker =
          new ClusterProcess(
              "broker-" + (i + 1),
              shape.brokerJvm(),
              "kafka.Kafka",
              List.of(props.toString()),
              dir.resolve("broker-" + (i + 1) + ".log"));
      cluster.brokers.add(broker);
      broker.start();
    }
    cluster.awaitBrokers(n, 180);
    cluster.startPostgres();
    cluster.writeStageConfig(stageSettings);
    try (TopicAdmin topics = new TopicAdmin(cluster.clientProps())) {
      // what every stage does at start-up, done once before any of them
      topics.createTopics(cluster.config().topics(), shape.partitions(), (short) shape.brokers());
    }
    cluster.migrate();
    return cluster;
  }

  private Path writeBrokerProperties(int i, int port, int controllerPort, String voters)
      throws IOException {
    int rf = shape.brokers();
    String minIsr = Integer.toString(Math.min(2, rf));
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(i + 1));
    p.setProperty("controller.quorum.voters", voters);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("broker-" + (i + 1) + "-data").toString());
    p.setProperty("offsets.topic.replication.factor", Integer.toString(rf));
    p.setProperty("offsets.topic.num.partitions", "6");
    p.setProperty("transaction.state.log.replication.factor", Integer.toString(rf));
    p.setProperty("transaction.state.log.min.isr", minIsr);
    p.setProperty("transaction.state.log.num.partitions", "6");
    p.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(rf));
    p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
    p.setProperty("default.replication.factor", Integer.toString(rf));
    p.setProperty("min.insync.replicas", minIsr);
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", Integer.toString(shape.partitions()));
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("num.network.threads", "2");
    p.setProperty("num.io.threads", "2");
    p.setProperty("background.threads", "2");
    p.setProperty("log.cleaner.threads", "1");
    p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(4L * 1024 * 1024));
    Path file = dir.resolve("broker-" + (i + 1) + ".properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "sitewatch bench faults: broker " + (i + 1));
    }
    return file;
  }

  /** {@code kafka-storage format}: every voter's log folder gets the same cluster id. */
  private static void format(String clusterId, Path props) {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      rc =
          kafka.tools.StorageTool$.MODULE$.execute(
              new String[] {"format", "-t", clusterId, "-c", props.toString()}, ps);
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "formatting " + props + " failed: " + log.toString(StandardCharsets.UTF_8));
    }
  }

  Admin admin() {
    Map<String, Object> props = new HashMap<>(KafkaClients.props(bootstrap, Map.of()));
    props.put("client.id", "sitewatch-bench-faults");
    props.put("request.timeout.ms", 10_000);
    props.put("default.api.timeout.ms", 15_000);
    return Admin.create(props);
  }

  Map<String, Object> clientProps() {
    return new HashMap<>(KafkaClients.props(bootstrap, Map.of()));
  }

  private void awaitBrokers(int n, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    // the admin client logs every refused connection: wait for the first listener quietly
    String first = bootstrap.split(",")[0];
    int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    while (System.nanoTime() < deadline && !accepts(port)) {
      TimeUnit.MILLISECONDS.sleep(500);
    }
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        for (ClusterProcess b : brokers) {
          if (!b.isAlive()) {
            throw new IllegalStateException(b.name() + " exited during start-up; see " + b.log());
          }
        }
        try {
          int nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
          if (nodes == n) {
            progress.printf("bench: %d broker(s) up at %s%n", n, bootstrap);
            progress.flush();
            return;
          }
        } catch (Exception e) {
          // not up yet
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
    }
    throw new IllegalStateException("the brokers did not come up within " + seconds + " s");
  }

  private static boolean accepts(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  void startPostgres() throws IOException {
    Path data = dir.resolve("postgres");
    Files.createDirectories(data);
    IntFunction<EmbeddedPostgres.Builder> builder =
        port ->
            EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(120));
    if (pgPort == 0) {
      // the first start: on a fresh port if another process took the chosen one meanwhile
      postgres = EmbeddedPostgresStart.start(builder);
      pgPort = postgres.getPort();
    } else {
      // a restart: the stages' configuration names this port
      postgres = builder.apply(pgPort).setPort(pgPort).start();
    }
  }

  /** Stops the PostgreSQL server (fast shutdown); {@link #startPostgres} starts it again. */
  void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
      postgres = null;
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + pgPort + "/postgres";
  }

  private void writeStageConfig(Map<String, String> settings) throws IOException {
    Properties p = new Properties();
    p.setProperty("kafka.bootstrap-servers", bootstrap);
    p.setProperty("kafka.partitions", Integer.toString(shape.partitions()));
    p.setProperty("kafka.replication-factor", Integer.toString(shape.brokers()));
    p.setProperty("db.jdbc-url", jdbcUrl());
    p.setProperty("db.username", "postgres");
    settings.forEach(p::setProperty);
    configFile = dir.resolve("stage.properties");
    try (var out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
      p.store(out, "sitewatch bench faults: settings of every stage process");
    }
    config = ConfigLoader.load(Optional.of(configFile), Map.of(), Map.of());
  }

  SitewatchConfig config() {
    return config;
  }

  private void migrate() throws IOException, InterruptedException {
    ClusterProcess migrate =
        new ClusterProcess(
            "db-migrate",
            shape.stageJvm(),
            MAIN,
            List.of(
                "db",
                "migrate",
                "--config",
                configFile.toString(),
                "--jdbc-url",
                jdbcUrl(),
                "--create-roles"),
            dir.resolve("db-migrate.log"));
    migrate.start();
    ClusterProcess.Stop stop = migrate.await(300);
    if (stop.exitCode() != 0) {
      throw new IllegalStateException("sitewatch db migrate failed; see " + migrate.log());
    }
  }

  /** Starts every stage process: crawlers, classifiers, sinks. */
  void startStages() throws IOException {
    addStages("crawler", shape.crawlers());
    addStages("classifier", shape.classifiers());
    addStages("sink", shape.sinks());
    for (ClusterProcess s : stages) {
      s.start();
    }
    progress.printf("bench: started %d stage processes%n", stages.size());
    progress.flush();
  }

  private void addStages(String stage, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      String name = stage + "-" + i;
      Path own = dir.resolve(name);
      Files.createDirectories(own);
      List<String> jvm = stageJvmOptions(stage, shape.stageJvm());
      // each process its own temporary folder: Streams state, crawler frontiers
      jvm.add("-Djava.io.tmpdir=" + own.resolve("tmp"));
      Files.createDirectories(own.resolve("tmp"));
      List<String> args = new ArrayList<>(List.of(stage, "--config", configFile.toString()));
      // as an operator must on one host: each classifier its own Streams state folder (two
      // instances in one folder: the second cannot take its lock and exits)
      args.addAll(List.of("--set", "local.data-dir=" + own.resolve("data")));
      // as the shipped manifests do (StatefulSet pod names): a static member id per process, so a
      // restarted process gets its partitions back without a rebalance
      args.addAll(List.of("--set", stage + ".kafka.group.instance.id=" + name));
      if (stage.equals("classifier")) {
        args.addAll(List.of("--set", "classifier.state-dir=" + own.resolve("state")));
      }
      if (stage.equals("crawler")) {
        args.addAll(
            List.of(
                "--set", "crawler.work-dir=" + own.resolve("work"),
                "--set", "crawler.warc-dir=" + dir.resolve("warc")));
      }
      stages.add(new ClusterProcess(name, jvm, MAIN, args, dir.resolve(name + ".log")));
    }
  }

  /**
   * The JVM options of one stage process: the given ones, and for a crawler also no interpreter
   * profiling unless the given options decide it, as the shipped manifests run crawlers
   * (docs/crawler.md, "JVM").
   */
  static List<String> stageJvmOptions(String stage, List<String> given) {
    List<String> jvm = new ArrayList<>(given);
    if (stage.equals("crawler")
        && given.stream().noneMatch(o -> o.contains("ProfileInterpreter"))) {
      jvm.add("-XX:-ProfileInterpreter");
    }
    return jvm;
  }

  List<ClusterProcess> brokers() {
    return brokers;
  }

  List<ClusterProcess> stages() {
    return stages;
  }

  ClusterProcess stage(String name) {
    return stages.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no process " + name));
  }

  /** Restarts processes that exited without being told to; returns their names. */
  List<String> supervise() throws IOException {
    List<String> restarted = new ArrayList<>();
    for (ClusterProcess p : stages) {
      if (p.restartIfExited()) {
        restarted.add(p.name());
      }
    }
    for (ClusterProcess p : brokers) {
      if (p.restartIfExited()) {
        restarted.add(p.name());
      }
    }
    return restarted;
  }

  /**
   * The end of a run: SIGTERM to every broker first (then SIGKILL after 30 s), then SIGTERM to
   * every stage at once, timed: how long each stage takes to stop with the broker away.
   */
  List<ClusterProcess.Stop> stopAll(int maxSeconds) throws InterruptedException {
    for (ClusterProcess b : brokers) {
      b.markStopping();
    }
    for (ClusterProcess s : stages) {
      s.markStopping();
    }
    List<Thread> threads = new ArrayList<>();
    for (ClusterProcess b : brokers) {
      threads.add(Threads.start("stop-" + b.name(), true, () -> stopQuietly(b, 30)));
    }
    for (Thread t : threads) {
      t.join();
    }
    List<ClusterProcess.Stop> stops = new ArrayList<>();
    List<Thread> stageThreads = new ArrayList<>();
    for (ClusterProcess s : stages) {
      stageThreads.add(
          Threads.start(
              "stop-" + s.name(),
              true,
              () -> {
                try {
                  ClusterProcess.Stop stop = s.terminate(maxSeconds);
                  synchronized (stops) {
                    stops.add(stop);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
    }
    for (Thread t : stageThreads) {
      t.join();
    }
    stops.sort((a, b) -> a.process().compareTo(b.process()));
    return stops;
  }

  private static void stopQuietly(ClusterProcess p, int seconds) {
    try {
      p.terminate(seconds);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (ClusterProcess s : stages) {
      s.kill();
    }
    for (ClusterProcess b : brokers) {
      b.kill();
    }
    stopPostgres();
  }
}
