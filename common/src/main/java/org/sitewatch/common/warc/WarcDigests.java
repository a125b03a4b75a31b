package org.sitewatch.common.warc;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.netpreserve.jwarc.WarcDigest;
import org.sitewatch.common.digest.Sha256;

/** SHA-256 digests in WARC form ({@code sha256:} and base-32, as jwarc writes them); parsing. */
public final class WarcDigests {
  /** The algorithm name every record is (re)hashed with, whatever its header declares. */
  public static final String SHA256 = "sha256";

  private WarcDigests() {}

  /** The SHA-256 digest of the concatenated {@code parts}. */
  public static WarcDigest sha256(byte[]... parts) {
    var md = Sha256.newDigest();
    for (byte[] part : parts) {
      md.update(part);
    }
    return new WarcDigest(md);
  }

  /**
   * A digest as written in a header or a {@code WarcRef} ({@code sha256:BASE32}, {@code sha1:...}),
   * or empty when the text is blank, has no algorithm or its value cannot be decoded.
   */
  public static Optional<WarcDigest> parse(String text) {
    if (text == null || text.isBlank() || text.indexOf(':') < 1) {
      return Optional.empty();
    }
    try {
      WarcDigest d = new WarcDigest(text.trim());
      d.bytes();
      return Optional.of(d);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code a} and {@code b} are the same digest: the same algorithm ({@link
   * #normalAlgorithm}) and the same bytes. Unlike {@link WarcDigest#equals}, how the value was
   * written does not matter: base-32 in lower case or without padding, hex, base-64.
   */
  public static boolean same(WarcDigest a, WarcDigest b) {
    if (a == null || b == null) {
      return false;
    }
    return normalAlgorithm(a.algorithm()).equals(normalAlgorithm(b.algorithm()))
        && Arrays.equals(a.bytes(), b.bytes());
  }

  /** An algorithm name compared loosely: {@code SHA-256} and {@code sha256} are one algorithm. */
  public static String normalAlgorithm(String algorithm) {
    return algorithm.toLowerCase(Locale.ROOT).replace("-", "");
  }
}
