package org.sitewatch.web.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the workbench ({@code --tls-cert/--tls-key}): a PEM certificate chain (the server's
 * certificate first) and its PKCS#8 PEM private key (RSA or EC, unencrypted), read into an
 * in-memory key store that never touches the disk, and the Jetty connector that serves with them.
 * Problems with the files are reported at start-up with what to do, not at the first handshake.
 */
public final class Tls {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final String ALIAS = "workbench";

  private final KeyStore keyStore;
  private final char[] keyStorePassword;

  private Tls(KeyStore keyStore, char[] keyStorePassword) {
    this.keyStore = keyStore;
    this.keyStorePassword = keyStorePassword;
  }

  /**
   * Reads the certificate chain and private key.
   *
   * @throws IllegalArgumentException if a file is missing or unreadable, is not PEM of the right
   *     kind, or the key does not belong to the certificate
   */
  public static Tls fromPem(Path certificatePem, Path privateKeyPem) {
    Objects.requireNonNull(certificatePem, "certificatePem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    List<X509Certificate> chain = certificates(certificatePem);
    PrivateKey key = privateKey(privateKeyPem);
    if (!belongTogether(key, chain.get(0))) {
      throw new IllegalArgumentException(
          "the TLS key " + privateKeyPem + " does not belong to the certificate " + certificatePem);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = randomPassword();
      store.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
      return new Tls(store, password);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the TLS key store: " + e.getMessage(), e);
    }
  }

  /**
   * The HTTPS connector on {@code host:port} (port 0: a free one), for Javalin's {@code
   * config.jetty.addConnector}; with it, Javalin opens no plain HTTP connector.
   */
  public Connector connector(Server server, HttpConfiguration http, String host, int port) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(keyStore);
    ssl.setKeyStorePassword(new String(keyStorePassword));
    ssl.setCertAlias(ALIAS);
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    http.addCustomizer(new SecureRequestCustomizer());
    http.setSecureScheme("https");
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  private static List<X509Certificate> certificates(Path file) {
    byte[] pem = read(file, "certificate");
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> chain =
          factory.generateCertificates(new ByteArrayInputStream(pem)).stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (chain.isEmpty()) {
        throw new CertificateException("no certificate in it");
      }
      return chain;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          "--tls-cert "
              + file
              + " is not a PEM certificate chain (-----BEGIN CERTIFICATE-----): "
              + e.getMessage());
    }
  }

  private static PrivateKey privateKey(Path file) {
    String pem = new String(read(file, "key"), StandardCharsets.US_ASCII);
    Matcher m = PRIVATE_KEY.matcher(pem);
    if (!m.find()) {
      String hint =
          pem.contains("ENCRYPTED PRIVATE KEY")
              ? "it is encrypted"
              : pem.contains("RSA PRIVATE KEY") || pem.contains("EC PRIVATE KEY")
                  ? "it is in the older PKCS#1/SEC1 form"
                  : "it has no -----BEGIN PRIVATE KEY----- block";
      throw new IllegalArgumentException(
          "--tls-key "
              + file
              + " must be an unencrypted PKCS#8 PEM private key, but "
              + hint
              + "; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--tls-key " + file + ": the PEM block is not base64");
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException e) {
        // try the next algorithm
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("no " + algorithm + " key factory", e);
      }
    }
    throw new IllegalArgumentException("--tls-key " + file + " is neither an RSA nor an EC key");
  }

  /** Signs with the key and verifies with the certificate: the only proof that they are a pair. */
  private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
    String algorithm = "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
      return false;
    }
    try {
      byte[] probe = "sitewatch workbench".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] read(Path file, String what) {
    try {
      if (Files.size(file) > 1024 * 1024) {
        throw new IllegalArgumentException("the TLS " + what + " file " + file + " is too large");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no TLS " + what + " file " + file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the TLS " + what + " file " + file + ": " + e.getMessage());
    }
  }

  private static char[] randomPassword() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b).toCharArray();
  }
}
