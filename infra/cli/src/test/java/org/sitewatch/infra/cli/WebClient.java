package org.sitewatch.infra.cli;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;

/** Plain HTTP requests to a workbench the command line serves, signed in as one account. */
public final class WebClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI base;
  private String cookie;

  public WebClient(URI base) {
    this.base = base;
  }

  /**
   * Whether something answers TCP on {@code port} at an address of this machine other than
   * loopback; empty when the machine has no such address (nothing to check then).
   */
  public static Optional<Boolean> listensBeyondLoopback(int port) throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(a, port), 2000);
            return Optional.of(true);
          } catch (IOException refused) {
            return Optional.of(false);
          }
        }
      }
    }
    return Optional.empty();
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs in through the login form; returns the status (303 when it worked). */
  public int signIn(String name, String password) throws IOException, InterruptedException {
    String form =
        "username="
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/login"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    r.headers()
        .firstValue("Set-Cookie")
        .ifPresent(c -> cookie = c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')));
    return r.statusCode();
  }
}
