package org.sitewatch.crawler.warc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.netpreserve.jwarc.WarcDigest;

/** SHA-256 digests in WARC form ({@code sha256:} and base-32, as jwarc labels them). */
final class Digests {
  private Digests() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  static WarcDigest of(byte[]... parts) {
    MessageDigest md = sha256();
    for (byte[] part : parts) {
      md.update(part);
    }
    return new WarcDigest(md);
  }
}
