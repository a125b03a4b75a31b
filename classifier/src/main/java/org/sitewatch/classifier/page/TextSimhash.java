package org.sitewatch.classifier.page;

import java.util.OptionalLong;

/**
 * A 64-bit SimHash (Charikar) of a page's visible text, for near-identical content across sites:
 * two pages whose texts differ in a few words have hashes a few bits apart, unrelated pages about
 * 32 bits apart.
 *
 * <p>Features are shingles of two consecutive units, where a unit is a run of letters or digits
 * (lower-cased, full-width forms folded to ASCII) or a single Chinese, Japanese or Korean
 * character; so Chinese text gives character bigrams and Latin text word pairs. Punctuation, spaces
 * and markup-free noise are skipped, which makes the hash blind to layout and to the symbols
 * inserted for evasion. Each feature is hashed once (FNV-1a over the units, SplitMix64 finaliser)
 * and votes on every bit; one pass over the text, no allocation per token.
 *
 * <p>Only the first {@link #MAX_CHARS} characters count. Texts with fewer than {@link
 * #MIN_FEATURES} features get no hash: an empty page, an error page or a bare age gate would
 * otherwise look "near-identical" to every other one.
 */
final class TextSimhash {
  /** Fewer shingles than this: no hash (too little text to tell operators apart). */
  static final int MIN_FEATURES = 24;

  /**
   * Only the first this many characters of the text are hashed: enough shingles to tell templates
   * apart, and a bounded cost per page (the classifier's speed budget is tight).
   */
  static final int MAX_CHARS = 12_000;

  /** {@code SPREAD[b]}: byte {@code j} is bit {@code j} of {@code b}; 8 votes in one addition. */
  private static final long[] SPREAD = new long[256];

  static {
    for (int b = 0; b < 256; b++) {
      for (int j = 0; j < 8; j++) {
        if ((b >>> j & 1) != 0) {
          SPREAD[b] |= 1L << (8 * j);
        }
      }
    }
  }

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private TextSimhash() {}

  /** The SimHash of {@code text}, or empty when the text has too few features. */
  static OptionalLong of(String text) {
    Votes ones = new Votes();
    int features = 0;
    long previous = 0;
    boolean hasPrevious = false;
    long word = FNV_OFFSET;
    boolean inWord = false;
    int n = Math.min(text.length(), MAX_CHARS);
    if (n > 0 && n < text.length() && Character.isHighSurrogate(text.charAt(n - 1))) {
      n--; // do not cut a surrogate pair
    }
    for (int i = 0; i <= n; ) {
      int cp;
      int width;
      if (i < n) {
        cp = text.codePointAt(i);
        width = Character.charCount(cp);
      } else {
        cp = ' ';
        width = 1;
      }
      long unit = 0;
      boolean unitDone = false;
      if (isCjk(cp)) {
        if (inWord) {
          // a word directly followed by a Chinese character: close the word first
          long closed = word;
          if (hasPrevious) {
            features++;
            ones.add(mix(previous * FNV_PRIME ^ closed));
          }
          previous = closed;
          hasPrevious = true;
          inWord = false;
        }
        unit = mix(cp);
        unitDone = true;
      } else if (cp < 0x80 ? isAsciiLetterOrDigit(cp) : Character.isLetterOrDigit(cp)) {
        if (!inWord) {
          word = FNV_OFFSET;
          inWord = true;
        }
        word = (word ^ (cp < 0x80 ? asciiLower(cp) : fold(cp))) * FNV_PRIME;
      } else if (inWord) {
        unit = word;
        unitDone = true;
        inWord = false;
      }
      if (unitDone) {
        if (hasPrevious) {
          features++;
          ones.add(mix(previous * FNV_PRIME ^ unit));
        }
        previous = unit;
        hasPrevious = true;
      }
      i += width;
    }
    if (features < MIN_FEATURES) {
      return OptionalLong.empty();
    }
    int[] counts = ones.counts();
    long hash = 0;
    for (int b = 0; b < 64; b++) {
      if (2 * counts[b] > features) {
        hash |= 1L << b;
      }
    }
    return OptionalLong.of(hash);
  }

  /** The hash as 16 lower-case hex digits, the form {@code PageRef.textSimhash} carries. */
  static String hex(long hash) {
    String digits = Long.toHexString(hash);
    return "0".repeat(16 - digits.length()) + digits;
  }

  /** The hex SimHash of {@code text}, or {@code null} when it has too few features. */
  static String hexOf(String text) {
    OptionalLong hash = of(text);
    return hash.isPresent() ? hex(hash.getAsLong()) : null;
  }

  /** Number of differing bits. */
  static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /**
   * How many feature hashes had each bit set. Eight 8-bit counters per long, one long per byte of
   * the hash: a vote is eight table look-ups and additions instead of 64; the counters are emptied
   * into ints before they can overflow.
   */
  private static final class Votes {
    private final int[] counts = new int[64];
    private final long[] lanes = new long[8];
    private int pending;

    void add(long h) {
      for (int k = 0; k < 8; k++) {
        lanes[k] += SPREAD[(int) (h >>> (8 * k)) & 0xFF];
      }
      if (++pending == 255) {
        flush();
      }
    }

    int[] counts() {
      flush();
      return counts;
    }

    private void flush() {
      for (int k = 0; k < 8; k++) {
        long lane = lanes[k];
        for (int j = 0; j < 8; j++) {
          counts[8 * k + j] += (int) (lane >>> (8 * j) & 0xFF);
        }
        lanes[k] = 0;
      }
      pending = 0;
    }
  }

  /** {@link Character#isLetterOrDigit} for ASCII, without the Unicode table. */
  private static boolean isAsciiLetterOrDigit(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** {@link #fold} for ASCII. */
  private static int asciiLower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  /** Lower case, full-width ASCII forms (U+FF01..U+FF5E) folded to ASCII. */
  private static int fold(int cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;
    }
    return Character.toLowerCase(cp);
  }

  private static boolean isCjk(int cp) {
    if (cp < 0x2E80) {
      return false;
    }
    if (cp >= 0x4E00 && cp <= 0x9FFF) {
      return true; // CJK Unified Ideographs, by far the most frequent: skip the script look-up
    }
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HAN
        || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA
        || s == Character.UnicodeScript.HANGUL;
  }

  /** SplitMix64 finaliser: spreads every input bit over the whole word. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
