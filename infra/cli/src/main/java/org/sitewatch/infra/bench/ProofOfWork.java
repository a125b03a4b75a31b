package org.sitewatch.infra.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The public site's proof of work, solved as the form's script solves it (docs/tips.md): the
 * smallest decimal nonce N from 0 such that SHA-256 of the UTF-8 text {@code challenge + ":" + N}
 * starts with at least {@code bits} zero bits. One instance per thread (it keeps a digest).
 */
final class ProofOfWork {
  private final MessageDigest sha256;

  ProofOfWork() {
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The nonce that solves {@code challenge} at {@code bits}. */
  long solve(String challenge, int bits) {
    if (bits < 0 || bits > 256) {
      throw new IllegalArgumentException("bits must be in 0..256: " + bits);
    }
    byte[] prefix = (challenge + ":").getBytes(StandardCharsets.UTF_8);
    for (long n = 0; ; n++) {
      if (leadingZeroBits(digest(prefix, n)) >= bits) {
        return n;
      }
    }
  }

  /** Whether {@code nonce} solves {@code challenge} at {@code bits}. */
  boolean solves(String challenge, long nonce, int bits) {
    return leadingZeroBits(digest((challenge + ":").getBytes(StandardCharsets.UTF_8), nonce))
        >= bits;
  }

  private byte[] digest(byte[] prefix, long nonce) {
    sha256.update(prefix);
    sha256.update(Long.toString(nonce).getBytes(StandardCharsets.US_ASCII));
    return sha256.digest();
  }

  static int leadingZeroBits(byte[] digest) {
    int bits = 0;
    for (byte b : digest) {
      if (b == 0) {
        bits += 8;
        continue;
      }
      return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
    }
    return bits;
  }
}
