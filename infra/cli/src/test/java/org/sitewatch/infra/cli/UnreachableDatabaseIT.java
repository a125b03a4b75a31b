package org.sitewatch.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every command that works on the lead database of a deployment ends the same way when that
 * database cannot be reached: exit code 1 and one line, {@code sitewatch COMMAND: cannot start:
 * cannot connect to the lead database URL as USER within N s: REASON}, with the full command name
 * and any password in the URL masked, and no stack trace (it is logged at DEBUG, {@code
 * SITEWATCH_LOG_LEVEL=DEBUG}). The long-running commands ({@code workbench}, {@code tips}, {@code
 * sink}, {@code up}) are checked against the same line by {@code SigtermExitCodeIT}.
 *
 * <p>Each command runs as a real child process ({@code java -cp} with this class path, less the
 * test classes) against a loopback port that refuses connections: bound by a socket of this test
 * that does not listen, so that no other process can listen there meanwhile. The child's pool gives
 * up after 1 s instead of its 30 s (HikariCP reads {@code connectionTimeout} from the file that the
 * system property {@code hikaricp.configurationFile} names), so the whole list takes a few seconds
 * per command.
 */
class UnreachableDatabaseIT {
  private static final String MAIN = "org.sitewatch.infra.cli.SitewatchCommand";

  /** Only a bound against a hung child. */
  private static final Duration GUARD = Duration.ofMinutes(1);

  private static final String SECRET = "not-for-the-log";

  @TempDir static Path work;
  private static Socket reservation;
  private static String jdbcUrl;
  private static Path poolSettings;
  private static Path bundle;

  @BeforeAll
  static void refusingDatabase() throws IOException {
    reservation = new Socket();
    reservation.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    jdbcUrl =
        "jdbc:postgresql://127.0.0.1:"
            + reservation.getLocalPort()
            + "/sitewatch?password="
            + SECRET;
    poolSettings = Files.writeString(work.resolve("hikari.properties"), "connectionTimeout=1000\n");
    bundle = Files.writeString(work.resolve("bundle.zip"), "not read before the database\n");
  }

  @AfterAll
  static void release() throws IOException {
    reservation.close();
  }

  @ParameterizedTest(name = "sitewatch {0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          db migrate          |
          db backup           | BACKUP
          db restore          | WORK
          evidence export     | 1 --out OUT
          evidence verify     | BUNDLE
          lead list           |
          lead show           | vip-videos.example
          lead triage         | vip-videos.example --actor analyst
          lead confirm        | vip-videos.example --actor analyst
          lead refer          | vip-videos.example --actor analyst
          lead close          | vip-videos.example --actor analyst
          lead dismiss        | vip-videos.example --actor analyst --reason FALSE_POSITIVE
          lead reopen         | vip-videos.example --actor analyst
          lead assign         | vip-videos.example --actor analyst --to supervisor
          lead note           | vip-videos.example --actor analyst --note checked
          lead ack            | vip-videos.example --actor analyst
          lead route          | vip-videos.example
          stats               |
          recrawl now         |
          operation list      |
          operation show      | 1
          operation rebuild   |
          identifier ignore   | qq 12345 --reason shared
          identifier unignore | qq 12345
          identifier ignored  |
          user add            | alice --role auditor
          user list           |
          user disable        | alice
          user reset-password | alice
          """)
  void saysInOneLineThatItCannotConnectAndExitsOne(String command, String arguments)
      throws Exception {
    Run run = run(command + (arguments == null ? "" : " " + arguments), Map.of());

    assertThat(run.exitCode).as("exit code; output:%n%s", run.output).isEqualTo(1);
    assertThat(run.output.lines())
        .as("the whole output")
        .singleElement()
        .asString()
        .startsWith(
            "sitewatch "
                + command
                + ": cannot start: cannot connect to the lead database "
                + jdbcUrl.replace(SECRET, "***")
                + " as postgres within 1 s: ")
        .contains("refused")
        .doesNotContain(SECRET);
  }

  @Test
  void logsTheStackTraceBeforeTheLineAtDebug() throws Exception {
    Run run = run("db migrate", Map.of("SITEWATCH_LOG_LEVEL", "DEBUG"));

    assertThat(run.exitCode).as("exit code; output:%n%s", run.output).isEqualTo(1);
    assertThat(run.output)
        .contains("\tat org.sitewatch.infra.db.Database.requireReachable")
        .contains("sitewatch db migrate: cannot start: cannot connect to the lead database ")
        .doesNotContain(SECRET);
  }

  private record Run(int exitCode, String output) {}

  /**
   * This JVM's class path without test classes: a test's {@code logback-test.xml} there would
   * replace the application's log set-up, and with it {@code SITEWATCH_LOG_LEVEL}.
   */
  private static String applicationClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static Run run(String command, Map<String, String> env) throws Exception {
    Path dir = Files.createTempDirectory(work, "run");
    Path log = dir.resolve("out.log");
    List<String> args = new ArrayList<>();
    args.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    args.add("-Xmx256m");
    // a short-lived process: the quick compiler alone costs the start-up less CPU
    args.add("-XX:TieredStopAtLevel=1");
    args.add("-XX:+UseSerialGC");
    args.add("-Dhikaricp.configurationFile=" + poolSettings);
    args.add("-cp");
    args.add(applicationClassPath());
    args.add(MAIN);
    for (String word : command.split(" ")) {
      args.add(
          switch (word) {
            case "BACKUP" -> dir.resolve("backup").toString();
            case "WORK" -> work.toString();
            case "OUT" -> dir.resolve("bundle.zip").toString();
            case "BUNDLE" -> bundle.toString();
            default -> word;
          });
    }
    args.addAll(Arrays.asList("--jdbc-url", jdbcUrl));
    ProcessBuilder builder =
        new ProcessBuilder(args)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // the child's whole output is the assertion: nothing of this JVM's environment may add to it
    // ("Picked up JAVA_TOOL_OPTIONS: ..." on standard error) or change what it connects to
    builder
        .environment()
        .keySet()
        .removeIf(
            name ->
                name.startsWith("SITEWATCH_") // every one is a configuration key
                    || name.equals("JAVA_TOOL_OPTIONS")
                    || name.equals("JDK_JAVA_OPTIONS")
                    || name.equals("_JAVA_OPTIONS"));
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      assertThat(process.waitFor(GUARD.toMillis(), TimeUnit.MILLISECONDS))
          .as("exited:%n%s", Files.readString(log, StandardCharsets.UTF_8))
          .isTrue();
      return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }
}
