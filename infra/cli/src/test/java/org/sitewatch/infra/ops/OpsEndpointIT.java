package org.sitewatch.infra.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operations endpoint on a real loopback socket: its three paths, and clients that do not
 * behave.
 */
class OpsEndpointIT {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<Socket> stalling = new ArrayList<>();
  private final AtomicReference<Optional<String>> database =
      new AtomicReference<>(Optional.empty());
  private final AtomicReference<Optional<String>> stopped = new AtomicReference<>(Optional.empty());
  private final ProcessHealth health =
      new ProcessHealth(
          List.of(
              new StageHealth(
                  "sink",
                  List.of(
                      new HealthCheck("kafka", Optional::empty),
                      new HealthCheck("postgresql", database::get)),
                  stopped::get)),
          registry);

  private OpsEndpoint start() {
    return OpsEndpoint.start(registry, health, "127.0.0.1", 0);
  }

  private OpsEndpoint start(Duration requestTimeout) {
    return OpsEndpoint.start(
        registry, health, "127.0.0.1", 0, requestTimeout, OpsEndpoint.WRITE_BUDGET);
  }

  @BeforeEach
  void meters() {
    registry.counter("sitewatch.crawler.pages").increment(3);
  }

  @AfterEach
  void close() throws IOException {
    for (Socket s : stalling) {
      s.close();
    }
    registry.close();
  }

  private Socket connect(OpsEndpoint endpoint) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
    stalling.add(s);
    return s;
  }

  /** One raw HTTP exchange; fails the test if no answer comes within {@code within}. */
  private static String request(OpsEndpoint endpoint, String head, Duration within)
      throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      s.setSoTimeout((int) within.toMillis());
      s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAll(s.getInputStream());
    }
  }

  private static String scrape(OpsEndpoint endpoint, Duration within) throws IOException {
    return request(endpoint, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", within);
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSilentClientAndAHalfSentRequestDoNotBlockScrapes() throws IOException {
    try (OpsEndpoint endpoint = start()) {
      connect(endpoint); // connects, sends nothing
      Socket halfSent = connect(endpoint);
      halfSent
          .getOutputStream()
          .write(
              "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
      halfSent.getOutputStream().flush();

      for (int i = 0; i < 3; i++) {
        String answer = scrape(endpoint, Duration.ofSeconds(2));
        assertThat(answer).startsWith("HTTP/1.1 200").contains("sitewatch_crawler_pages_total 3.0");
      }
    }
  }

  @Test
  void moreStallingClientsThanThreadsDelayAScrapeOnlyUntilTheirTimeout() throws IOException {
    try (OpsEndpoint endpoint = start(Duration.ofMillis(500))) {
      for (int i = 0; i < OpsEndpoint.THREADS + 2; i++) {
        connect(endpoint)
            .getOutputStream()
            .write("GET /metr".getBytes(StandardCharsets.ISO_8859_1));
      }
      // answered once the stalling clients' 500 ms are up, well before the client gives up
      String answer = scrape(endpoint, Duration.ofSeconds(5));
      assertThat(answer).startsWith("HTTP/1.1 200").contains("sitewatch_crawler_pages_total 3.0");
    }
  }

  @Test
  void peersThatAskAndNeverReadAreCutOffSoScrapesGoOn() throws IOException {
    // an answer far larger than the loopback socket buffers: a peer that does not read blocks
    // the write that sends it
    String wide = "w".repeat(400);
    for (int i = 0; i < 20_000; i++) {
      registry.counter("sitewatch.test.padding", "n", wide + i).increment();
    }
    try (OpsEndpoint endpoint =
        OpsEndpoint.start(
            registry, health, "127.0.0.1", 0, Duration.ofMillis(500), Duration.ofMillis(500))) {
      for (int i = 0; i < OpsEndpoint.THREADS; i++) {
        Socket s = new Socket();
        stalling.add(s);
        s.setReceiveBufferSize(4096); // before connecting: no window to grow into
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()));
        s.getOutputStream()
            .write(
                "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
      }
      // every thread is writing to a peer that never reads; the watchdog frees them, and the
      // next request (small answer, so its own budget is no question) is served
      String answer =
          request(
              endpoint,
              "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
              Duration.ofSeconds(30));
      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("live\n");
    }
  }

  @Test
  void anIdleClientIsDisconnectedAfterTheRequestTimeout() throws IOException {
    try (OpsEndpoint endpoint = start(Duration.ofMillis(300))) {
      Socket idle = connect(endpoint);
      idle.setSoTimeout(5_000);
      int first;
      try {
        first = idle.getInputStream().read();
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the endpoint kept an idle connection open for 5 s", e);
      } catch (IOException e) {
        first = -1; // reset by the server: closed as well
      }
      assertThat(first).as("the server closed the connection without an answer").isEqualTo(-1);
    }
  }

  @Test
  void anOversizedRequestHeadIsDropped() throws IOException {
    try (OpsEndpoint endpoint = start()) {
      String huge =
          "GET /metrics HTTP/1.1\r\nX-Filler: "
              + "a".repeat(OpsEndpoint.MAX_REQUEST_BYTES)
              + "\r\n\r\n";
      String dropped;
      try {
        dropped = request(endpoint, huge, Duration.ofSeconds(2));
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the endpoint kept an oversized request's connection open", e);
      } catch (IOException e) {
        dropped = ""; // reset while we were still writing: dropped too
      }
      assertThat(dropped).isEmpty();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "GET /other HTTP/1.1, 404",
    "GET /health HTTP/1.1, 404",
    "GET /metrics/extra HTTP/1.1, 404",
    "POST /metrics HTTP/1.1, 405",
    "HEAD /health/ready HTTP/1.1, 405",
    "DELETE /health/live HTTP/1.1, 405",
    "GET /metrics, 400",
  })
  void onlyGetOnTheThreePathsIsServed(String requestLine, int status) throws IOException {
    try (OpsEndpoint endpoint = start()) {
      assertThat(request(endpoint, requestLine + "\r\n\r\n", Duration.ofSeconds(2)))
          .startsWith("HTTP/1.1 " + status + " ");
    }
  }

  @Test
  void readyIs200WithEveryCheckThen503NamingTheFailingCheck() throws IOException {
    try (OpsEndpoint endpoint = start()) {
      assertThat(get(endpoint, "/health/ready"))
          .startsWith("HTTP/1.1 200")
          .endsWith("\r\n\r\nsink/kafka ok\nsink/postgresql ok\n");
      assertThat(get(endpoint, "/metrics")).contains("sitewatch_stage_ready{stage=\"sink\"} 1.0");

      database.set(Optional.of("no answer within 2 s"));
      assertThat(get(endpoint, "/health/ready"))
          .startsWith("HTTP/1.1 503")
          .contains("sink/kafka ok\n")
          .contains("sink/postgresql: no answer within 2 s\n");
      assertThat(get(endpoint, "/metrics")).contains("sitewatch_stage_ready{stage=\"sink\"} 0.0");
      assertThat(get(endpoint, "/health/live"))
          .as("not ready is still live")
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void liveIs503OnceAStageStoppedOnItsOwn() throws IOException {
    try (OpsEndpoint endpoint = start()) {
      assertThat(get(endpoint, "/health/live")).startsWith("HTTP/1.1 200").endsWith("live\n");
      stopped.set(Optional.of("the lead sink stopped; see the log"));
      assertThat(get(endpoint, "/health/live"))
          .startsWith("HTTP/1.1 503")
          .contains("sink: the lead sink stopped");
      assertThat(get(endpoint, "/health/ready"))
          .startsWith("HTTP/1.1 503")
          .contains("sink/running: the lead sink stopped");
    }
  }

  @Test
  void aCheckThatThrowsCountsAsAProblem() throws IOException {
    ProcessHealth throwing =
        new ProcessHealth(
            List.of(
                StageHealth.serving(
                    "workbench",
                    List.of(
                        new HealthCheck(
                            "postgresql",
                            () -> {
                              throw new IllegalStateException("pool closed");
                            })))),
            registry);
    try (OpsEndpoint endpoint = OpsEndpoint.start(registry, throwing, "127.0.0.1", 0)) {
      assertThat(get(endpoint, "/health/ready"))
          .startsWith("HTTP/1.1 503")
          .contains("workbench/postgresql: java.lang.IllegalStateException: pool closed");
    }
  }

  private static String get(OpsEndpoint endpoint, String path) throws IOException {
    return request(
        endpoint, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", Duration.ofSeconds(5));
  }
}
