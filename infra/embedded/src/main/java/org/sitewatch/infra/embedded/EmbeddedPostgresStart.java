package org.sitewatch.infra.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Starts an embedded PostgreSQL (zonky) on a loopback port chosen just before, and again on a fresh
 * port when another process took that port first.
 *
 * <p>A postmaster must be told its port and cannot bind port 0, so the port is chosen by opening
 * and closing a socket, and the other test JVM can take it before the postmaster binds it. The
 * postmaster then fails, but zonky does not see it fail: it waits for the port to answer. If
 * another PostgreSQL answers there (the other JVM's), zonky hands back a server that is not ours,
 * which every test on it would share; if something else holds the port, zonky gives up after its
 * start-up wait. Both are caught here: each start names its server ({@code cluster_name}) and
 * checks the name of the server that answers, and a start that gave up while another process holds
 * the port counts as a taken port. Either way the next attempt gets a fresh port ({@link
 * PortRetry}).
 *
 * <p>A failed attempt leaves nothing behind. When zonky gives up waiting, the postmaster it
 * launched may still come up later (a loaded machine) and would run until someone stops it: zonky
 * hands back no server to close. So the processes of the attempt ({@code pg_ctl} and the
 * postmaster, found by the attempt's {@code cluster_name} in their arguments) are stopped, and,
 * with {@link #startFresh}, the attempt's data directory is removed. A stop (an interrupt) during
 * the start does not cut that clean-up short. Where the system lists no process arguments (Windows)
 * such a late postmaster is not found.
 */
public final class EmbeddedPostgresStart {
  /** How long a process of a failed attempt may take to stop before it is killed. */
  static final Duration PROCESS_STOP_WAIT = Duration.ofSeconds(10);

  /** How long a failed attempt's process gets after SIGTERM while the start is being stopped. */
  static final Duration STOPPING_PROCESS_STOP_WAIT = Duration.ofSeconds(2);

  /** How long a failed attempt's process gets to end after SIGKILL. */
  static final Duration KILLED_PROCESS_WAIT = Duration.ofSeconds(2);

  private EmbeddedPostgresStart() {}

  /**
   * Starts a server from {@code builder}, given the port to use (the builder's own port is
   * overridden, and so is {@code cluster_name}); a fresh data directory, if the builder sets one,
   * belongs in the function, so that each attempt has its own.
   *
   * @throws java.io.UncheckedIOException when the server does not start for another reason
   * @throws IllegalStateException when every attempt found its port taken
   */
  public static EmbeddedPostgres start(IntFunction<EmbeddedPostgres.Builder> builder) {
    return start(builder, PortRetry.ATTEMPTS, PortRetry::freePort);
  }

  static EmbeddedPostgres start(
      IntFunction<EmbeddedPostgres.Builder> builder, int attempts, IntSupplier portPicker) {
    return PortRetry.start(
        "the embedded PostgreSQL", 1, attempts, portPicker, ports -> startOn(builder, ports[0]));
  }

  /**
   * Starts a server in a fresh data directory under {@code parent}, one per attempt, removed when
   * the server is closed (zonky's clean-up) and at once when the attempt fails.
   *
   * @param settings the builder's other settings (its data directory is set here)
   * @throws java.io.UncheckedIOException when the server does not start for another reason
   * @throws IllegalStateException when every attempt found its port taken
   */
  public static EmbeddedPostgres startFresh(
      Path parent, UnaryOperator<EmbeddedPostgres.Builder> settings) {
    return startFresh(parent, settings, PortRetry.ATTEMPTS, PortRetry::freePort);
  }

  static EmbeddedPostgres startFresh(
      Path parent,
      UnaryOperator<EmbeddedPostgres.Builder> settings,
      int attempts,
      IntSupplier portPicker) {
    return PortRetry.start(
        "the embedded PostgreSQL",
        1,
        attempts,
        portPicker,
        ports -> {
          Files.createDirectories(parent);
          Path dataDir = Files.createTempDirectory(parent, "postgres-");
          try {
            return startOn(
                port ->
                    settings
                        .apply(EmbeddedPostgres.builder())
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(true),
                ports[0]);
          } catch (IOException | RuntimeException e) {
            deleteRecursively(dataDir, e);
            throw e;
          }
        });
  }

  private static EmbeddedPostgres startOn(IntFunction<EmbeddedPostgres.Builder> builder, int port)
      throws IOException {
    String name = "sitewatch-" + UUID.randomUUID();
    try {
      return startNamed(builder, port, name);
    } catch (IOException | RuntimeException e) {
      stopProcessesOf(name, e);
      throw e;
    }
  }

  private static EmbeddedPostgres startNamed(
      IntFunction<EmbeddedPostgres.Builder> builder, int port, String name) throws IOException {
    EmbeddedPostgres pg;
    try {
      pg = builder.apply(port).setPort(port).setServerConfig("cluster_name", name).start();
    } catch (IOException e) {
      // first, since a postmaster of ours that came up after zonky gave up holds the port too
      stopProcessesOf(name, e);
      if (held(port)) {
        throw new PortRetry.PortTakenException(
            "port " + port + " was taken by another process before the postmaster bound it", e);
      }
      throw e;
    }
    String answering;
    try {
      answering = clusterName(pg);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(pg, e);
      throw new IllegalStateException(
          "the embedded PostgreSQL on port " + port + " does not answer: " + e.getMessage(), e);
    }
    if (!name.equals(answering)) {
      // ours failed to bind and the one that answered is another process's: stop nothing of it
      closeQuietly(pg, null);
      throw new PortRetry.PortTakenException(
          "port "
              + port
              + " was taken by another PostgreSQL (cluster_name '"
              + answering
              + "') before the postmaster bound it");
    }
    return pg;
  }

  private static String clusterName(EmbeddedPostgres pg) throws SQLException {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW cluster_name")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Whether another process holds {@code port} on loopback (listening or not: a listener that
   * accepts nothing does not answer a connection either).
   */
  private static boolean held(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Stops the processes of a failed attempt named {@code name}: every process with the name in its
   * arguments ({@code pg_ctl}, the shell it launches the postmaster with, the postmaster), each by
   * SIGTERM (a smart shutdown; no client is connected) and, if it has not ended within {@link
   * #PROCESS_STOP_WAIT}, SIGKILL; again while one is found (a shell may have launched the
   * postmaster meanwhile).
   */
  static void stopProcessesOf(String name, Exception cause) {
    // a stop that interrupted the start must not cut the clean-up short (a SIGKILL at once, and no
    // wait for the processes to end before their directory is removed): the interrupt is set
    // aside for the clean-up, whose waits are bounded, and set again after it
    boolean interrupted = Thread.interrupted();
    Duration termWait = interrupted ? STOPPING_PROCESS_STOP_WAIT : PROCESS_STOP_WAIT;
    // an interrupt that arrives during the clean-up ends the current wait and is kept too
    boolean[] stop = {interrupted};
    String argument = "cluster_name=" + name;
    try {
      for (int round = 0; round < 5; round++) {
        List<ProcessHandle> processes =
            ProcessHandle.allProcesses().filter(p -> hasArgumentContaining(p, argument)).toList();
        if (processes.isEmpty()) {
          return;
        }
        processes.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : processes) {
          if (!awaitExit(p, termWait, cause, stop)) {
            p.destroyForcibly();
            awaitExit(p, KILLED_PROCESS_WAIT, cause, stop);
          }
        }
      }
    } finally {
      if (stop[0]) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether {@code p} ended within {@code wait}; a second interrupt ends the wait early (false),
   * and is kept for the caller.
   */
  private static boolean awaitExit(
      ProcessHandle p, Duration wait, Exception cause, boolean[] stop) {
    try {
      p.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      cause.addSuppressed(e);
      return true;
    } catch (InterruptedException e) {
      stop[0] = true;
      return false;
    }
  }

  private static boolean hasArgumentContaining(ProcessHandle p, String text) {
    return p.info()
        .arguments()
        .map(args -> Arrays.stream(args).anyMatch(a -> a.contains(text)))
        .orElse(false);
  }

  private static void deleteRecursively(Path dir, Exception cause) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Stops what zonky started (a postmaster that failed has no pid file: {@code pg_ctl stop} on its
   * data directory then stops nothing) and removes its data directory if zonky owns it.
   */
  private static void closeQuietly(EmbeddedPostgres pg, Exception cause) {
    try {
      pg.close();
    } catch (IOException | RuntimeException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }
}
