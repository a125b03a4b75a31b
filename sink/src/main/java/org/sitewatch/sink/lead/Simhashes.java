package org.sitewatch.sink.lead;

import java.util.Locale;

/** Page text SimHashes as the sink stores them: 64 bits, four 16-bit bands for look-up. */
public final class Simhashes {
  /** Bands of the look-up index: distance up to {@code BANDS - 1} always leaves one band equal. */
  public static final int BANDS = 4;

  private Simhashes() {}

  /** The 64 bits of a hash written as 16 hex digits (as {@code PageRef.textSimhash}). */
  public static long parse(String hex) {
    return Long.parseUnsignedLong(hex, 16);
  }

  public static String hex(long hash) {
    return String.format(Locale.ROOT, "%016x", hash);
  }

  /** Bits {@code 16 * band} to {@code 16 * band + 15}, as 0..65535. */
  public static int band(long hash, int band) {
    return (int) ((hash >>> (16 * band)) & 0xFFFF);
  }

  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }
}
