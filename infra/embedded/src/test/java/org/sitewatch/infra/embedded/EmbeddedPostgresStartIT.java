package org.sitewatch.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded PostgreSQL whose port another process took first starts again on a fresh port,
 * whether the taker is another PostgreSQL (which zonky alone would hand back as if it were ours) or
 * any other listener (for which zonky alone gives up).
 */
class EmbeddedPostgresStartIT {
  @Test
  void startsOnAFreshPortWhenAnotherPostgresHasTheChosenOne() throws Exception {
    try (EmbeddedPostgres other =
        EmbeddedPostgres.builder().setServerConfig("cluster_name", "the-other-jvm").start()) {
      try (EmbeddedPostgres ours =
          EmbeddedPostgresStart.start(
              port -> EmbeddedPostgres.builder(), 3, firstThen(other.getPort()))) {
        assertThat(ours.getPort()).isNotEqualTo(other.getPort());
        assertThat(clusterName(ours)).startsWith("sitewatch-");
      }
      assertThat(clusterName(other))
          .as("the other server is left running")
          .isEqualTo("the-other-jvm");
    }
  }

  @Test
  void startsOnAFreshPortWhenAnotherListenerHasTheChosenOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        EmbeddedPostgres ours =
            EmbeddedPostgresStart.start(
                // zonky waits this long for a postmaster that could not bind
                port -> EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(5)),
                3,
                firstThen(taken.getLocalPort()))) {
      assertThat(ours.getPort()).isNotEqualTo(taken.getLocalPort());
      assertThat(clusterName(ours)).startsWith("sitewatch-");
    }
  }

  /**
   * A start that zonky gives up on (here at once, before the postmaster can be up; on a loaded
   * machine, after its wait) leaves no process and no data directory behind: without the clean-up
   * the postmaster comes up a moment later and runs until someone stops it.
   */
  @Test
  void aStartThatGivesUpLeavesNoProcessAndNoDirectoryBehind(@TempDir Path parent) throws Exception {
    try {
      Throwable failure =
          catchThrowable(
              () ->
                  EmbeddedPostgresStart.startFresh(
                      parent,
                      builder ->
                          builder
                              .setRegisterShutdownHook(false)
                              .setPGStartupWait(Duration.ofMillis(1)),
                      1,
                      PortRetry::freePort));

      assertThat(processesIn(parent)).as("processes of the failed attempt").isEmpty();
      try (Stream<Path> left = Files.list(parent)) {
        assertThat(left).as("data directories of the failed attempt").isEmpty();
      }
      // zonky's reason, not a taken port: the port was held by the attempt's own late postmaster
      assertThat(failure)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("Gave up waiting");
    } finally {
      processesIn(parent).forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** The processes whose arguments name a path under {@code dir} (pg_ctl's and postgres' -D). */
  private static List<ProcessHandle> processesIn(Path dir) {
    String prefix = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .arguments()
                    .map(args -> Arrays.stream(args).anyMatch(a -> a.contains(prefix)))
                    .orElse(false))
        .toList();
  }

  private static String clusterName(EmbeddedPostgres pg) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW cluster_name")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** {@code port} first, then ports that are free. */
  static IntSupplier firstThen(int port) {
    boolean[] given = {false};
    return () -> {
      if (!given[0]) {
        given[0] = true;
        return port;
      }
      return PortRetry.freePort();
    };
  }
}
