package org.sitewatch.infra.cli.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.BackgroundCommand;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.embedded.PortRetry;

/**
 * A stage command ({@code sitewatch classifier}) on an embedded broker with {@code metrics.port}
 * set: its operations endpoint serves the process's meters and readiness, a slow client does not
 * hold up a scrape, and once the broker is gone readiness says so, naming the check.
 */
class StageOpsEndpointIT {
  @TempDir Path work;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private EmbeddedKafka kafka;
  private BackgroundCommand classifier;

  @AfterEach
  void stop() throws Exception {
    if (classifier != null) {
      classifier.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /**
   * Starts the classifier with its endpoint on a port that was free a moment before; again on
   * another port when the endpoint could not bind it (the command must be told its port, and the
   * module's other test JVM can take that port first).
   */
  private int startClassifier() throws Exception {
    for (int attempt = 1; ; attempt++) {
      int port = PortRetry.freePort();
      classifier =
          BackgroundCommand.start(
              "classifier",
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--set",
              "classifier.state-dir=" + work.resolve("streams-" + attempt),
              "--set",
              "metrics.port=" + port);
      try {
        classifier.awaitOutput("sitewatch classifier: running", Duration.ofSeconds(60));
        return port;
      } catch (AssertionError e) {
        if (attempt == PortRetry.ATTEMPTS
            || !classifier.toString().contains("cannot serve the operations endpoint")) {
          throw e;
        }
        classifier.close();
        classifier = null;
      }
    }
  }

  private HttpResponse<String> send(int port, String method, String path) throws Exception {
    return send(port, method, path, Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(int port, String method, String path, Duration timeout)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(timeout)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return send(port, "GET", path);
  }

  @Test
  void servesMetricsAndReadinessThenNamesKafkaOnceTheBrokerIsGone() throws Exception {
    kafka = EmbeddedKafka.start(work);
    int port = startClassifier();

    // ready once Streams is RUNNING (it starts, then rebalances onto its partitions)
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get(port, "/health/ready").statusCode() == 200);
    assertThat(get(port, "/health/ready").body())
        .isEqualTo("classifier/kafka ok\nclassifier/streams ok\nclassifier/stalled ok\n");
    HttpResponse<String> live = get(port, "/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).isEqualTo("live\n");

    // a client that connects and says nothing holds one thread (for up to the endpoint's 5 s
    // request window); a scrape meanwhile is answered by another, before its own 3 s run out
    try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), port)) {
      HttpResponse<String> metrics = send(port, "GET", "/metrics", Duration.ofSeconds(3));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      assertThat(metrics.body())
          .contains("sitewatch_stage_ready{stage=\"classifier\"} 1.0")
          .contains("jvm_memory_used_bytes{")
          .contains("jvm_threads_live_threads ")
          .contains("jvm_gc_")
          .contains("system_cpu_count ")
          .contains("process_uptime_seconds ");
      assertThat(silent.isConnected()).isTrue();
    }
    assertThat(get(port, "/nothing-here").statusCode()).isEqualTo(404);
    assertThat(send(port, "POST", "/metrics").statusCode()).isEqualTo(405);
    assertThat(send(port, "DELETE", "/health/ready").statusCode()).isEqualTo(405);

    kafka.close();
    kafka = null;
    // the kafka answer is reused for up to 5 s, then the cluster is asked again and does not answer
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> get(port, "/health/ready").statusCode() == 503);
    assertThat(get(port, "/health/ready").body()).contains("classifier/kafka: ");
    assertThat(get(port, "/metrics").body())
        .contains("sitewatch_stage_ready{stage=\"classifier\"} 0.0");

    classifier.stop(Duration.ofSeconds(120));
    classifier = null;
    assertThatThrownBy(() -> get(port, "/metrics"))
        .as("the endpoint closes with the process")
        .isInstanceOf(ConnectException.class);
  }
}
