package org.sitewatch.infra.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.SitewatchCommandTest;
import org.sitewatch.infra.cli.TerminalEscapingIT;

/**
 * A page whose title and heading carry ESC and BEL (retitle the terminal, clear the screen),
 * crawled by {@code run} and scored by {@code classify}: neither prints a control character.
 */
class HostileTitleRunIT {
  @TempDir Path dir;

  private static HttpServer serve(byte[] page) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            boolean root = exchange.getRequestURI().getPath().equals("/");
            byte[] body = root ? page : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(root ? 200 : 404, root ? body.length : -1);
            if (root) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          }
        });
    server.start();
    return server;
  }

  @Test
  void runPrintsTheLeadOfAHostilePageWithoutControlSequences() throws Exception {
    byte[] page =
        Files.readAllBytes(Path.of(SitewatchCommandTest.fixture("hostile-title-zh.html")));
    HttpServer server = serve(page);
    try {
      String url = "http://hostile-title.test:" + server.getAddress().getPort() + "/";
      var run =
          sitewatch(
              "run",
              "--seed",
              url,
              "--resolve",
              "hostile-title.test=127.0.0.1",
              "--allow-loopback",
              "--until-idle",
              "--set",
              "local.data-dir=" + dir.resolve("data"),
              "--set",
              "crawler.warc-dir=" + dir.resolve("warc"),
              "--set",
              "crawler.politeness-delay=50ms",
              "--set",
              "crawler.max-site-hops=0",
              "--set",
              "crawler.only-resolved-hosts=true",
              "--set",
              "local.idle-quiet-period=1s");
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("OPENED").contains("hostile-title.test").contains("]0;owned");
      TerminalEscapingIT.assertNoControlSequences(run.out() + run.err());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void classifyJsonCarriesNoRawControlCharacters() throws Exception {
    var classify = sitewatch("classify", SitewatchCommandTest.fixture("hostile-title-zh.html"));
    assertThat(classify.exitCode()).as(classify.err()).isZero();
    TerminalEscapingIT.assertNoControlSequences(classify.out());
    assertThat(classify.out()).contains("]0;owned"); // the title is there, escaped, not dropped
    List<JsonNode> lines = classify.jsonLines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("flagged").asBoolean()).isTrue();
  }
}
