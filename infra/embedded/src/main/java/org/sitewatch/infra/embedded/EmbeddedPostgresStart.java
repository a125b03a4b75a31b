package org.sitewatch.infra.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

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
 */
public final class EmbeddedPostgresStart {
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

  private static EmbeddedPostgres startOn(IntFunction<EmbeddedPostgres.Builder> builder, int port)
      throws IOException {
    String name = "sitewatch-" + UUID.randomUUID();
    EmbeddedPostgres pg;
    try {
      pg = builder.apply(port).setPort(port).setServerConfig("cluster_name", name).start();
    } catch (IOException e) {
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
