package org.sitewatch.infra.cli.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.cli.SitewatchCommandTest;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.embedded.PortRetry;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.DatabaseRoles;

/**
 * A clean stop by SIGTERM (what a supervisor sends: systemd, Kubernetes, {@code docker stop}) ends
 * each long-running command with exit code 0, not the JVM's 143 for a signal: each command runs as
 * a real child process ({@code java -cp} with this class path), is signalled once it runs, and its
 * exit code is read. The time from the signal to the exit is printed. Before the signal, each stage
 * process does its work once on the shared broker: the crawler crawls a page seeded by {@code
 * sitewatch seed}, the classifier turns a page record into a verdict, the sink a verdict into a
 * lead. {@code sitewatch seed} itself is checked on the same broker (one JVM per command, no more).
 */
class SigtermExitCodeIT {
  private static final String MAIN = "org.sitewatch.infra.cli.SitewatchCommand";
  private static final Duration STARTUP = Duration.ofMinutes(3);

  /** Only a bound against a hung child; the figure that matters is printed. */
  private static final Duration STOP_GUARD = Duration.ofMinutes(2);

  /**
   * Below the 30 s for which the pool's connection attempt waits on a database that never answers,
   * with a wide margin for a loaded machine: a stop that waited for the attempt takes longer.
   */
  private static final Duration HUNG_ATTEMPT_BOUND = Duration.ofSeconds(20);

  @TempDir static Path work;
  private static EmbeddedKafka kafka;
  private static TestDatabase databases;
  private static Database db;

  @BeforeAll
  static void infrastructure() {
    kafka = EmbeddedKafka.start(work.resolve("kafka"));
    databases = TestDatabase.start();
    db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
  }

  /**
   * {@code sitewatch seed} publishes one crawl request per URL to the crawl-request topic, keyed by
   * its site, with the options it was given; read back from the broker.
   */
  @Test
  void seedPublishesOneCrawlRequestPerUrlKeyedBySite() throws Exception {
    Path seeds =
        Files.writeString(work.resolve("seeds.txt"), "# one more\nhttp://tea-seed.test/\n");
    var run =
        SitewatchCommandTest.sitewatch(
            "seed",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--tip",
            "--max-pages",
            "7",
            "--seeds-file",
            seeds.toString(),
            "http://www.videos-seed.test/start",
            "http://videos-seed.test/other");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out().lines().filter(l -> l.startsWith("seeded "))).hasSize(3);

    List<ConsumerRecord<String, CrawlRequest>> seeded =
        StageWork.awaitRecords(
            kafka,
            Topics.defaults().crawlRequests(),
            CrawlRequest.class,
            r -> r.value().site().endsWith("-seed.test"),
            3);
    assertThat(seeded)
        .extracting(r -> r.key() + " " + r.value().url())
        .containsExactlyInAnyOrder(
            "videos-seed.test http://www.videos-seed.test/start",
            "videos-seed.test http://videos-seed.test/other",
            "tea-seed.test http://tea-seed.test/");
    assertThat(seeded)
        .allSatisfy(
            r -> {
              assertThat(r.value().site()).isEqualTo(r.key());
              assertThat(r.value().source()).isEqualTo(CrawlRequest.Source.TIP);
              assertThat(r.value().priority()).isEqualTo(CrawlRequest.TIP_PRIORITY);
              assertThat(r.value().overrides().maxPages()).isEqualTo(7);
            });
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
    if (databases != null) {
      databases.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @ParameterizedTest(name = "sitewatch {0}")
  @ValueSource(strings = {"crawler", "classifier", "sink", "workbench", "tips", "up"})
  void aCleanStopBySigtermExitsZero(String command) throws Exception {
    Path dir = Files.createDirectories(work.resolve(command));
    Path log = dir.resolve("out.log");
    Process process = start(arguments(command, dir, kafka.bootstrapServers()), log);
    try {
      await()
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !process.isAlive() || text(log).contains(runningLine(command)));
      assertThat(process.isAlive()).as("still running after start-up:%n%s", text(log)).isTrue();
      Optional<StageWork> work = StageWork.forCommand(command, kafka, db);
      if (work.isPresent()) {
        work.get().doAndAwait(process, log);
      }

      long signalled = System.nanoTime();
      process.destroy(); // SIGTERM
      boolean exited = process.waitFor(STOP_GUARD.toMillis(), TimeUnit.MILLISECONDS);
      long ms = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
      System.out.printf(
          "sitewatch %s: exit %s %d ms after SIGTERM%n",
          command, exited ? process.exitValue() : "none", ms);

      assertThat(exited).as("exited after SIGTERM").isTrue();
      assertThat(process.exitValue()).as("exit code; output:%n%s", text(log)).isZero();
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * A stop during start-up is a clean stop. With the broker away (a closed loopback port) a stage
   * process waits in its first Kafka call (creating the topics) for 30 s; SIGTERM meanwhile ends it
   * with exit code 0 and a line saying that it stopped while starting, not with the JVM's 143 or a
   * stack trace. The time from the signal to the exit is printed.
   */
  @ParameterizedTest(name = "sitewatch {0}, broker away")
  @ValueSource(strings = {"crawler", "classifier", "sink"})
  void aStopWhileStartingWithTheBrokerAwayExitsZero(String command) throws Exception {
    Path dir = Files.createDirectories(work.resolve(command + "-broker-away"));
    Path log = dir.resolve("out.log");
    String away = "127.0.0.1:" + PortRetry.freePort();
    Process process = start(arguments(command, dir, away), log);
    try {
      // the Kafka client's warning: the process is in its first call to the broker
      await()
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> !process.isAlive() || text(log).contains(away + ") could not be established"));
      assertThat(process.isAlive()).as("still starting:%n%s", text(log)).isTrue();

      long signalled = System.nanoTime();
      process.destroy(); // SIGTERM
      boolean exited = process.waitFor(STOP_GUARD.toMillis(), TimeUnit.MILLISECONDS);
      long ms = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
      System.out.printf(
          "sitewatch %s, broker away: exit %s %d ms after SIGTERM while starting%n",
          command, exited ? process.exitValue() : "none", ms);

      assertThat(exited).as("exited after SIGTERM").isTrue();
      assertThat(process.exitValue()).as("exit code; output:%n%s", text(log)).isZero();
      assertThat(text(log))
          .contains("sitewatch " + command + ": stopped while starting")
          .doesNotContain("\tat org.sitewatch");
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * A stop before the configuration is read is a clean stop too, for a stage process and for the
   * all-in-one commands. The configuration file is a named pipe that this test opens for writing:
   * once that open returns, the process is reading it and waits for the text; SIGTERM then ends it
   * with exit code 0 and a line saying that it stopped while starting, not with the JVM's 143. A
   * read from a file is not interrupted by the stop: if the process still runs after a few seconds,
   * the text is written, the read ends, and the process must stop then (the old code had no hook
   * yet and ended with 143 at once).
   */
  @ParameterizedTest(name = "sitewatch {0}, reading its configuration")
  @ValueSource(strings = {"classifier", "up", "run", "demo"})
  void aStopWhileReadingTheConfigurationExitsZero(String command) throws Exception {
    Path dir = Files.createDirectories(work.resolve(command + "-reading-config"));
    Path log = dir.resolve("out.log");
    Path pipe = dir.resolve("sitewatch.properties");
    Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    List<String> args = arguments(command, dir, "127.0.0.1:" + PortRetry.freePort());
    args.addAll(List.of("--config", pipe.toString()));
    Process process = start(args, log);
    // opening a pipe for writing returns once a reader has it open
    CompletableFuture<OutputStream> writer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.newOutputStream(pipe);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      await()
          .atMost(STARTUP)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> writer.isDone() || !process.isAlive());
      assertThat(writer).as("the process opened its configuration:%n%s", text(log)).isDone();

      long signalled = System.nanoTime();
      process.destroy(); // SIGTERM
      boolean exited = process.waitFor(3, TimeUnit.SECONDS);
      try (OutputStream out = writer.join()) {
        if (!exited) {
          out.write("log.format=text\n".getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // the process closed its end: it no longer reads
      }
      exited = exited || process.waitFor(STOP_GUARD.toMillis(), TimeUnit.MILLISECONDS);
      long ms = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
      System.out.printf(
          "sitewatch %s, reading its configuration: exit %s %d ms after SIGTERM%n",
          command, exited ? process.exitValue() : "none", ms);

      assertThat(exited).as("exited after SIGTERM").isTrue();
      assertThat(process.exitValue()).as("exit code; output:%n%s", text(log)).isZero();
      assertThat(text(log))
          .contains("sitewatch " + command + ": stopped while starting")
          .doesNotContain("\tat org.sitewatch");
    } finally {
      process.destroyForcibly();
      if (!writer.isDone()) {
        // the process never opened the pipe: open it for reading so that the writer's open ends
        try (var reader = Files.newInputStream(pipe)) {
          writer.join().close();
        }
      }
    }
  }

  /**
   * A stop while waiting for a PostgreSQL that hangs is a clean stop. The database is a loopback
   * socket that accepts connections and never answers (a server stuck, or a firewall that swallows
   * the replies); once it has accepted the process's first connection, SIGTERM ends the process
   * with exit code 0 and a line saying that it stopped while starting, not with a stack trace and
   * exit 1, and without waiting out the pool's 30 s connection attempt. The time from the signal to
   * the exit is printed.
   */
  @ParameterizedTest(name = "sitewatch {0}, database hanging")
  @ValueSource(strings = {"workbench", "tips", "up"})
  void aStopWhileStartingWithTheDatabaseHangingExitsZero(String command) throws Exception {
    Path dir = Files.createDirectories(work.resolve(command + "-database-hanging"));
    Path log = dir.resolve("out.log");
    try (SilentServer silent = new SilentServer()) {
      String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + silent.port() + "/sitewatch";
      Process process = start(databaseArguments(command, dir, jdbcUrl), log);
      try {
        await()
            .atMost(STARTUP)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> !process.isAlive() || silent.accepted() > 0);
        assertThat(process.isAlive()).as("still starting:%n%s", text(log)).isTrue();

        long signalled = System.nanoTime();
        process.destroy(); // SIGTERM
        boolean exited = process.waitFor(STOP_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        long ms = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
        System.out.printf(
            "sitewatch %s, database hanging: exit %s %d ms after SIGTERM while starting%n",
            command, exited ? process.exitValue() : "none", ms);

        assertThat(exited).as("exited after SIGTERM").isTrue();
        assertThat(process.exitValue()).as("exit code; output:%n%s", text(log)).isZero();
        assertThat(text(log))
            .contains("sitewatch " + command + ": stopped while starting")
            .doesNotContain("\tat org.sitewatch");
        // not a speed check: a stop that waits out the pool's connection attempt takes 30 s
        assertThat(Duration.ofMillis(ms))
            .as("did not wait out the pool's 30 s login timeout")
            .isLessThan(HUNG_ATTEMPT_BOUND);
      } finally {
        process.destroyForcibly();
      }
    }
  }

  /** A loopback server that accepts connections, holds them and never sends a byte. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor = new Thread(this::accept, "silent-postgres");

    SilentServer() throws IOException {
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    int accepted() {
      return held.size();
    }

    private void accept() {
      try {
        while (true) {
          held.add(socket.accept());
        }
      } catch (IOException e) {
        // closed
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  /**
   * A start that fails (the broker stays away for longer than the 30 s that creating the topics
   * waits) is not a clean stop: exit code 1, for a supervisor to restart the process, and one line
   * that says why, not a stack trace.
   */
  @Test
  void aStartThatFailsBecauseTheBrokerStaysAwayExitsOneWithTheReason() throws Exception {
    Path dir = Files.createDirectories(work.resolve("classifier-start-fails"));
    Path log = dir.resolve("out.log");
    Process process = start(arguments("classifier", dir, "127.0.0.1:" + PortRetry.freePort()), log);
    try {
      boolean exited = process.waitFor(STOP_GUARD.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(exited).as("gave up starting:%n%s", text(log)).isTrue();
      assertThat(process.exitValue()).as("exit code; output:%n%s", text(log)).isEqualTo(1);
      assertThat(text(log))
          .contains(
              "sitewatch classifier: cannot start: Kafka did not answer within 30 s while creating"
                  + " topics")
          .doesNotContain("\tat org.sitewatch");
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * A start that fails because the lead database cannot be reached is not a bug either: exit code 1
   * and one line that names the database (its JDBC URL, any password masked) and how long it was
   * waited for, not a stack trace. The database is a real loopback socket: one that refuses
   * connections (a closed port) or one that accepts them and never answers (a server stuck). No
   * signal is sent; each command gives up after the pool's 30 s (the sink once it has created its
   * topics on the test's broker). The other commands on the lead database: {@code
   * UnreachableDatabaseIT}.
   */
  @ParameterizedTest(name = "sitewatch {0}, database {1}")
  @CsvSource({"workbench, hanging", "tips, refusing", "up, hanging", "sink, refusing"})
  void aStartThatFailsBecauseTheDatabaseCannotBeReachedExitsOneWithTheReason(
      String command, String database) throws Exception {
    Path dir = Files.createDirectories(work.resolve(command + "-database-" + database));
    Path log = dir.resolve("out.log");
    try (SilentServer silent = new SilentServer()) {
      int port = database.equals("hanging") ? silent.port() : PortRetry.freePort();
      String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + port + "/sitewatch";
      long started = System.nanoTime();
      Process process = start(databaseArguments(command, dir, jdbcUrl), log);
      try {
        boolean exited = process.waitFor(STOP_GUARD.toMillis(), TimeUnit.MILLISECONDS);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        System.out.printf(
            "sitewatch %s, database %s: exit after %d s%n", command, database, seconds);
        assertThat(exited).as("gave up starting:%n%s", text(log)).isTrue();
        // not a speed check: a close that waits out the pool's next connection attempt (another
        // 30 s) after giving up is what this guards against
        assertThat(seconds).as("gave up once, not twice (s)").isLessThan(50);
        assertThat(process.exitValue()).as("exit code; output:%n%s", text(log)).isEqualTo(1);
        assertThat(text(log))
            .contains(
                "sitewatch "
                    + command
                    + ": cannot start: cannot connect to the lead database "
                    + jdbcUrl
                    + " as postgres within 30 s")
            .doesNotContain("\tat ");
      } finally {
        process.destroyForcibly();
      }
    }
  }

  /** The arguments of {@code command} with its lead database at {@code jdbcUrl}. */
  private static List<String> databaseArguments(String command, Path dir, String jdbcUrl) {
    return switch (command) {
      case "workbench", "tips" ->
          new ArrayList<>(
              List.of(
                  command, "--set", "local.data-dir=" + dir, "--jdbc-url", jdbcUrl, "--port", "0"));
      case "sink" ->
          new ArrayList<>(
              List.of(
                  "sink",
                  "--set",
                  "local.data-dir=" + dir,
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--jdbc-url",
                  jdbcUrl));
      case "up" ->
          new ArrayList<>(
              List.of(
                  "up",
                  "--data-dir",
                  dir.resolve("up").toString(),
                  "--workbench-port",
                  "0",
                  "--set",
                  "db.jdbc-url=" + jdbcUrl));
      default -> throw new IllegalArgumentException(command);
    };
  }

  /** What the command prints once it runs. */
  private static String runningLine(String command) {
    return command.equals("up") ? "sitewatch: running" : "sitewatch " + command + ": running";
  }

  private static List<String> arguments(String command, Path dir, String bootstrap) {
    List<String> args = new ArrayList<>(List.of(command));
    if (!command.equals("up")) {
      args.addAll(List.of("--set", "local.data-dir=" + dir));
    }
    switch (command) {
      case "crawler" -> {
        args.addAll(
            List.of(
                "--bootstrap-servers",
                bootstrap,
                "--set",
                "crawler.warc-dir=" + dir.resolve("warc")));
        args.addAll(StageWork.crawlerSettings());
      }
      case "classifier" -> args.addAll(List.of("--bootstrap-servers", bootstrap));
      case "sink" ->
          args.addAll(List.of("--bootstrap-servers", bootstrap, "--jdbc-url", db.jdbcUrl()));
      case "workbench" ->
          args.addAll(
              List.of(
                  "--jdbc-url",
                  db.jdbcUrl(),
                  "--set",
                  "db.username=" + DatabaseRoles.DEFAULTS.analyst(),
                  "--port",
                  "0"));
      case "tips" ->
          args.addAll(
              List.of(
                  "--jdbc-url",
                  db.jdbcUrl(),
                  "--set",
                  "db.username=" + DatabaseRoles.DEFAULTS.tips(),
                  "--port",
                  "0"));
      case "up" ->
          // its own embedded broker and database in a kept data folder, the workbench on port 0
          args.addAll(List.of("--data-dir", dir.resolve("up").toString(), "--workbench-port", "0"));
      case "run" ->
          args.addAll(List.of("--seed", "http://127.0.0.1:" + PortRetry.freePort() + "/"));
      case "demo" -> {
        // the farm and its embedded broker and database, nothing more
      }
      default -> throw new IllegalArgumentException(command);
    }
    return args;
  }

  private static Process start(List<String> args, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // a short-lived process: the quick compiler alone costs the start-up less CPU
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN);
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static String text(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
