package org.sitewatch.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

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
