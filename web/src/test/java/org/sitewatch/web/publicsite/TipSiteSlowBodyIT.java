package org.sitewatch.web.publicsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.TestDatabase;

/**
 * A client that sends its report body a byte at a time, each byte well within the connection's idle
 * timeout, must not hold one of the server's threads for as long as it likes: the public site
 * answers 408 once {@link TipSiteServer#BODY_DEADLINE} has passed, and closes the connection. Real
 * HTTP on loopback, a raw socket (no HTTP client sends this slowly).
 */
class TipSiteSlowBodyIT {
  /** The connection limit of this test's server (the site's own is 2000). */
  static final int LIMIT = 50;

  static TestDatabase postgres;
  static TipSiteServer server;

  @BeforeAll
  static void start() {
    postgres = TestDatabase.start();
    server =
        TipSiteServer.builder(postgres.roleDatabases().tips())
            .port(0)
            .maxConnections(LIMIT)
            .build()
            .start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    postgres.close();
  }

  /**
   * Idle connections by the thousand: once the site holds its limit of connections ({@link
   * TipSiteServer#MAX_CONNECTIONS}, here {@link #LIMIT}), it sheds the idle ones within seconds
   * ({@link TipSiteServer#IDLE_WHEN_FULL}) instead of after the connector's idle timeout (30 s),
   * and then answers again.
   */
  @Test
  void atTheConnectionLimitIdleConnectionsAreShedWithinSecondsAndTheSiteAnswersAgain()
      throws Exception {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < LIMIT - 2; i++) {
        sockets.add(new Socket(server.url().getHost(), server.port()));
      }
      // one exchange on the next: the server has taken every connection opened before it
      Socket probe = new Socket(server.url().getHost(), server.port());
      sockets.add(probe);
      probe.setSoTimeout(15_000);
      probe
          .getOutputStream()
          .write(
              "GET /status HTTP/1.1\r\nHost: localhost\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(probe.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 200");
      for (int i = 0; i < 3; i++) {
        sockets.add(new Socket(server.url().getHost(), server.port()));
      }
      Socket first = sockets.get(0);
      first.setSoTimeout(15_000); // half the connector's idle timeout
      assertThat(first.getInputStream().read()).as("closed by the server").isEqualTo(-1);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.url()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"report-form\"");
  }

  @Test
  void aBodyTricklingInSlowerThanTheDeadlineAllowsIsCutOffWith408() throws Exception {
    int declared = 2000; // within the size limit: only the pace is wrong
    AtomicInteger sent = new AtomicInteger();
    try (Socket s = new Socket(server.url().getHost(), server.port())) {
      s.setSoTimeout((int) TipSiteServer.BODY_DEADLINE.plusSeconds(20).toMillis());
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /report HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                  + " application/x-www-form-urlencoded\r\nContent-Length: "
                  + declared
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread trickle =
          new Thread(
              () -> {
                try {
                  // one byte every 200 ms: 400 s for the whole body, never idle for a second
                  while (sent.get() < declared) {
                    out.write('u');
                    out.flush();
                    sent.incrementAndGet();
                    Thread.sleep(200);
                  }
                } catch (IOException | InterruptedException e) {
                  // the server closed the connection (or the test ended): stop sending
                }
              },
              "slow-body-client");
      trickle.setDaemon(true);
      trickle.start();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      trickle.interrupt();
      assertThat(head).isEqualTo("HTTP/1.1 408");
      assertThat(rest).contains("id=\"too-slow\"").containsIgnoringCase("Connection: close");
      assertThat(sent.get()).as("bytes sent before the answer").isLessThan(declared);
    }
  }

  /**
   * A client that sends the head, declaring a body, and then nothing at all: the read waits for no
   * longer than what is left of {@link TipSiteServer#BODY_DEADLINE} (not the connector's 30 s idle
   * timeout), then the answer is 408 and the connection is closed.
   */
  @Test
  void aBodyThatNeverComesIsCutOffWith408AtTheDeadline() throws Exception {
    try (Socket s = new Socket(server.url().getHost(), server.port())) {
      // past the deadline, within the connector's idle timeout (30 s), which would close silently
      s.setSoTimeout((int) TipSiteServer.BODY_DEADLINE.plusSeconds(15).toMillis());
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /report HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                  + " application/x-www-form-urlencoded\r\nContent-Length: 2000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(head).isEqualTo("HTTP/1.1 408");
      assertThat(rest).contains("id=\"too-slow\"").containsIgnoringCase("Connection: close");
      // readAllBytes returned: the server closed the connection
    }
  }
}
