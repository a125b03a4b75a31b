package org.sitewatch.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.SelfSigned;
import org.sitewatch.web.testing.Workbench;

/**
 * The workbench under {@code tls(cert, key)}: HTTPS only, with the given certificate, Secure
 * session cookies and HSTS; a client that does not trust the certificate gets no connection.
 */
class TlsIT {
  @TempDir static Path dir;
  static SelfSigned cert;
  static Workbench workbench;
  static HttpClient trusting;

  @BeforeAll
  static void start() throws Exception {
    cert = SelfSigned.create(dir, "EC");
    workbench = Workbench.start(b -> b.tls(cert.certificatePem(), cert.privateKeyPem()));
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    trusting =
        HttpClient.newBuilder()
            .sslContext(cert.trustingContext())
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void servesTheSignInPageOverHttpsWithHsts() throws Exception {
    assertThat(workbench.url().getScheme()).isEqualTo("https");
    HttpResponse<String> login =
        trusting.send(
            HttpRequest.newBuilder(URI.create(workbench.url("/login"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("name=\"username\"");
    assertThat(login.headers().firstValue("Strict-Transport-Security")).isPresent();
  }

  @Test
  void theSessionCookieIsSecureAndSignsIn() throws Exception {
    HttpResponse<String> signIn =
        trusting.send(
            HttpRequest.newBuilder(URI.create(workbench.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=ana&password=" + Workbench.PASSWORD.replace(" ", "+")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signIn.statusCode()).isEqualTo(303);
    String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("; Secure").contains("HttpOnly");
    HttpResponse<String> queue =
        trusting.send(
            HttpRequest.newBuilder(URI.create(workbench.url("/queue")))
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(queue.statusCode()).isEqualTo(200);
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    assertThatThrownBy(
            () ->
                plain.send(
                    HttpRequest.newBuilder(URI.create(workbench.url("/login"))).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void plainHttpOnTheSamePortGetsNoPage() {
    URI http = URI.create("http://127.0.0.1:" + workbench.url().getPort() + "/login");
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    boolean served;
    try {
      served =
          plain
                  .send(HttpRequest.newBuilder(http).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode()
              == 200;
    } catch (Exception e) {
      served = false;
    }
    assertThat(served).isFalse();
  }
}
