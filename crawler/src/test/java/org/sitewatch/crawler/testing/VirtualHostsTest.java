package org.sitewatch.crawler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VirtualHostsTest {
  /**
   * PolitenessFromAnswerIT reads the exchanges right after a crawl ends on an answer: an exchange
   * must be listed by the time its answer reached the client, or the count (and the pairs it
   * compares) are off by one.
   */
  @Test
  void anExchangeIsListedOnceItsAnswerHasArrived() throws Exception {
    try (VirtualHosts web = new VirtualHosts();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), web.port())) {
      web.add(
          "a.test",
          "/",
          new VirtualHosts.Response(
              200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8), false));
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 1; i <= 300; i++) {
        out.write("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (!got.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\nok")) {
          int b = in.read();
          assertThat(b).isNotNegative();
          got.write(b);
        }
        assertThat(web.exchanges("a.test")).as("after answer %d", i).hasSize(i);
      }
    }
  }
}
