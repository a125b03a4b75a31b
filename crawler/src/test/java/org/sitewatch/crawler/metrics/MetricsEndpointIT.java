package org.sitewatch.crawler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The metrics endpoint on a real loopback socket, with clients that do not behave. */
class MetricsEndpointIT {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<Socket> stalling = new ArrayList<>();

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

  private Socket connect(MetricsEndpoint endpoint) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
    stalling.add(s);
    return s;
  }

  /** One raw HTTP exchange; fails the test if no answer comes within {@code within}. */
  private static String request(MetricsEndpoint endpoint, String head, Duration within)
      throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      s.setSoTimeout((int) within.toMillis());
      s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAll(s.getInputStream());
    }
  }

  private static String scrape(MetricsEndpoint endpoint, Duration within) throws IOException {
    return request(endpoint, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", within);
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aSilentClientAndAHalfSentRequestDoNotBlockScrapes() throws IOException {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0)) {
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
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start(registry, "127.0.0.1", 0, Duration.ofMillis(500))) {
      for (int i = 0; i < MetricsEndpoint.THREADS + 2; i++) {
        connect(endpoint)
            .getOutputStream()
            .write("GET /metr".getBytes(StandardCharsets.ISO_8859_1));
      }
      long start = System.nanoTime();
      String answer = scrape(endpoint, Duration.ofSeconds(5));
      assertThat(answer).startsWith("HTTP/1.1 200").contains("sitewatch_crawler_pages_total 3.0");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void anIdleClientIsDisconnectedAfterTheRequestTimeout() throws IOException {
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start(registry, "127.0.0.1", 0, Duration.ofMillis(300))) {
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
  void anOversizedRequestHeadIsDroppedAndOtherPathsAre404() throws IOException {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, "127.0.0.1", 0)) {
      String huge =
          "GET /metrics HTTP/1.1\r\nX-Filler: "
              + "a".repeat(MetricsEndpoint.MAX_REQUEST_BYTES)
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
      assertThat(request(endpoint, "GET /other HTTP/1.1\r\n\r\n", Duration.ofSeconds(2)))
          .startsWith("HTTP/1.1 404");
      assertThat(request(endpoint, "HEAD /metrics HTTP/1.1\r\n\r\n", Duration.ofSeconds(2)))
          .startsWith("HTTP/1.1 200")
          .doesNotContain("sitewatch_crawler_pages_total");
    }
  }
}
