package org.sitewatch.common.digest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as the stages use it: raw digests, lower-case hex, a hex prefix as a short version tag,
 * the first 64 bits as a number, and a streaming digest ({@link #newDigest}, {@link
 * #hex(MessageDigest)}). Text is always hashed as UTF-8. Every Java runtime has SHA-256, so no
 * method throws {@link NoSuchAlgorithmException}.
 */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();

  private Sha256() {}

  /** A fresh SHA-256 digest, for streaming: {@code update}, then {@link #hex(MessageDigest)}. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The 32-byte digest of {@code data}. */
  public static byte[] digest(byte[] data) {
    return newDigest().digest(data);
  }

  /** The 32-byte digest of {@code text} in UTF-8. */
  public static byte[] digest(String text) {
    return digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * 64 lower-case hex digits of the digest of {@code data}: this hashes. To write bytes that
   * already are a digest as hex, use {@link HexFormat#formatHex(byte[])}; this class has no such
   * method, so {@code hex(alreadyADigest)} cannot be mistaken for one.
   */
  public static String hex(byte[] data) {
    return HEX.formatHex(digest(data));
  }

  /** 64 lower-case hex digits of the digest of {@code text} in UTF-8. */
  public static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Finishes {@code digest} (which is reset) and returns its lower-case hex. */
  public static String hex(MessageDigest digest) {
    return HEX.formatHex(digest.digest());
  }

  /**
   * The first {@code hexDigits} (even, 2..64) lower-case hex digits of the digest of {@code text}
   * in UTF-8: a short tag for a version or a log line, not an identity.
   */
  public static String shortHex(String text, int hexDigits) {
    if (hexDigits < 2 || hexDigits > 64 || hexDigits % 2 != 0) {
      throw new IllegalArgumentException("hex digits must be even, 2..64: " + hexDigits);
    }
    return HEX.formatHex(digest(text), 0, hexDigits / 2);
  }

  /** The first 8 bytes of the digest of {@code text} in UTF-8, big-endian: a compact hash. */
  public static long first64Bits(String text) {
    return ByteBuffer.wrap(digest(text), 0, Long.BYTES).getLong();
  }
}
