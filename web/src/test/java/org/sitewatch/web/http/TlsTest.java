package org.sitewatch.web.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.web.testing.SelfSigned;

/** Reading {@code --tls-cert/--tls-key}: what is accepted, and what is refused with advice. */
class TlsTest {
  @TempDir static Path dir;
  static SelfSigned rsa;
  static SelfSigned ec;

  @BeforeAll
  static void keys() throws Exception {
    rsa = SelfSigned.create(dir.resolve("rsa"), "RSA");
    ec = SelfSigned.create(dir.resolve("ec"), "EC");
  }

  @Test
  void readsAnRsaAndAnEcPair() {
    assertThatCode(() -> Tls.fromPem(rsa.certificatePem(), rsa.privateKeyPem()))
        .doesNotThrowAnyException();
    assertThatCode(() -> Tls.fromPem(ec.certificatePem(), ec.privateKeyPem()))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAKeyOfAnotherCertificate() throws Exception {
    SelfSigned other = SelfSigned.create(dir.resolve("other"), "EC");
    assertThatThrownBy(() -> Tls.fromPem(ec.certificatePem(), other.privateKeyPem()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong to the certificate");
    assertThatThrownBy(() -> Tls.fromPem(rsa.certificatePem(), ec.privateKeyPem()))
        .hasMessageContaining("does not belong to the certificate");
  }

  @Test
  void refusesAnOldFormKeyWithTheConversionCommand() throws Exception {
    String pkcs8 = Files.readString(rsa.privateKeyPem(), StandardCharsets.US_ASCII);
    Path old = dir.resolve("old-key.pem");
    Files.writeString(old, pkcs8.replace("PRIVATE KEY", "RSA PRIVATE KEY"));
    assertThatThrownBy(() -> Tls.fromPem(rsa.certificatePem(), old))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PKCS#1")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void refusesMissingFilesAndAKeyGivenAsCertificate() {
    assertThatThrownBy(() -> Tls.fromPem(dir.resolve("nope.pem"), ec.privateKeyPem()))
        .hasMessageContaining("no TLS certificate file");
    assertThatThrownBy(() -> Tls.fromPem(ec.privateKeyPem(), ec.privateKeyPem()))
        .hasMessageContaining("is not a PEM certificate chain");
  }
}
