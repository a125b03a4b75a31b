package org.sitewatch.sink.evidence.signing;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * The deployment's Ed25519 key that signs the manifest of every exported bundle (JDK {@code
 * java.security}, no extra library). Stored as a PKCS#8 PEM file readable by its owner only; the
 * public half is derived from it, and its {@link #keyId() key id} is the SHA-256 of the public
 * key's X.509 encoding, the same id {@link TrustedKey} computes from a public key file.
 */
public final class SigningKey {
  public static final String ALGORITHM = "Ed25519";

  /** File names {@link #writeNew(Path)} uses. */
  public static final String PRIVATE_FILE = "evidence-signing-key.pem";

  public static final String PUBLIC_FILE = "evidence-signing-key.pub.pem";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  private SigningKey(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.publicKey = pair.getPublic();
    this.keyId = TrustedKey.idOf(publicKey);
  }

  /** A fresh random key. */
  public static SigningKey generate() {
    try {
      return new SigningKey(KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
  }

  /**
   * Reads a PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}) as {@code sitewatch
   * evidence keygen} writes it.
   *
   * @throws IllegalArgumentException if the file is not an Ed25519 private key, or others than its
   *     owner may read it
   */
  public static SigningKey load(Path file) throws IOException {
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      var others = java.util.EnumSet.copyOf(Files.getPosixFilePermissions(file));
      others.removeAll(
          java.util.EnumSet.of(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
      if (!others.isEmpty()) {
        throw new IllegalArgumentException(
            file
                + " is accessible to others ("
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                + "): a signing key must be readable by its owner only (chmod 600)");
      }
    }
    byte[] der = Pem.read(file, "PRIVATE KEY");
    PrivateKey key;
    try {
      key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          file + " is not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
    }
    return new SigningKey(pairOf((EdECPrivateKey) key, file));
  }

  /**
   * The key in {@code dir}: read if {@link #PRIVATE_FILE} exists, else generated and written there
   * (with {@link #PUBLIC_FILE}). For the all-in-one local modes, which have no configured key.
   */
  public static SigningKey loadOrCreate(Path dir) throws IOException {
    Path file = dir.resolve(PRIVATE_FILE);
    if (Files.exists(file)) {
      return load(file);
    }
    SigningKey key = generate();
    key.writeTo(dir);
    return key;
  }

  /**
   * Writes {@link #PRIVATE_FILE} (PKCS#8 PEM, mode 600 where the file system has POSIX permissions)
   * and {@link #PUBLIC_FILE} (X.509 PEM) into {@code dir}; never overwrites a key.
   *
   * @throws FileAlreadyExistsException if either file exists
   */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path priv = dir.resolve(PRIVATE_FILE);
    Path pub = dir.resolve(PUBLIC_FILE);
    if (Files.exists(pub)) {
      throw new FileAlreadyExistsException(pub.toString());
    }
    byte[] privatePem =
        Pem.encode("PRIVATE KEY", privateKey.getEncoded())
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      Files.createFile(
          priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(priv);
    }
    Files.write(priv, privatePem, StandardOpenOption.TRUNCATE_EXISTING);
    Files.writeString(pub, publicPem(), StandardOpenOption.CREATE_NEW);
  }

  /** The public key as X.509 PEM ({@code -----BEGIN PUBLIC KEY-----}), to give to verifiers. */
  public String publicPem() {
    return Pem.encode("PUBLIC KEY", publicKey.getEncoded());
  }

  /** SHA-256 (hex) of the public key's X.509 encoding. */
  public String keyId() {
    return keyId;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(privateKey);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
    }
  }

  /**
   * The key pair of a private key. The JDK derives an Ed25519 public key only while generating: a
   * generator fed the private key's 32 bytes as its randomness yields exactly that key and its
   * public half. Checked, so a runtime that generates differently is an error, not a wrong key id.
   */
  private static KeyPair pairOf(EdECPrivateKey key, Path file) {
    byte[] seed =
        key.getBytes()
            .orElseThrow(
                () -> new IllegalArgumentException(file + ": private key bytes unavailable"));
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
      g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
      KeyPair pair = g.generateKeyPair();
      byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
      if (!Arrays.equals(seed, derived)) {
        throw new IllegalStateException(
            "this Java runtime cannot derive the Ed25519 public key of " + file);
      }
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    }
  }

  /** Randomness that is a given key: see {@link #pairOf}. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;

    FixedRandom(byte[] bytes) {
      this.bytes = Objects.requireNonNull(bytes).clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (out.length != bytes.length) {
        throw new IllegalStateException("expected a request for " + bytes.length + " bytes");
      }
      System.arraycopy(bytes, 0, out, 0, out.length);
    }
  }
}
