package org.sitewatch.sink.evidence.signing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import org.sitewatch.common.digest.Sha256;

/**
 * A public key whose signatures a verifier accepts as the deployment's: given on the command line
 * ({@code evidence verify --public-key}) or in configuration ({@code evidence.trusted-keys}).
 *
 * @param keyId SHA-256 (hex) of the key's X.509 encoding
 * @param key the Ed25519 public key
 * @param source where it was read from, for the report
 */
public record TrustedKey(String keyId, PublicKey key, String source) {
  public TrustedKey {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(source, "source");
  }

  /**
   * Reads an X.509 PEM public key ({@code -----BEGIN PUBLIC KEY-----}).
   *
   * @throws IllegalArgumentException if the file is not an Ed25519 public key
   */
  public static TrustedKey load(Path file) throws IOException {
    byte[] der = Pem.read(file, "PUBLIC KEY");
    try {
      PublicKey key =
          KeyFactory.getInstance(SigningKey.ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
      return new TrustedKey(idOf(key), key, file.toString());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          file + " is not an Ed25519 X.509 public key: " + e.getMessage(), e);
    }
  }

  /** The public half of a signing key, trusted (e.g. the local key of the all-in-one modes). */
  public static TrustedKey of(SigningKey key, String source) {
    return new TrustedKey(key.keyId(), key.publicKey(), source);
  }

  public static String idOf(PublicKey key) {
    return Sha256.hex(key.getEncoded());
  }
}
