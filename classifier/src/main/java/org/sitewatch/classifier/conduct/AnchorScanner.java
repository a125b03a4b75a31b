package org.sitewatch.classifier.conduct;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a fixed set of anchor words occurs in a text, all words found in one pass: each character
 * is looked up by the words that start with it, and only those are compared. Words are matched as
 * in the text lower-cased with {@link Locale#ROOT} (ASCII letters and the Kelvin sign regardless of
 * case), except in a text that lower-casing would lengthen (a dotted capital I), where they match
 * the text as written. Per word, occurrences do not overlap (each is looked for after the end of
 * the one before, as repeated {@code indexOf} finds them), and at most its cap are kept. Immutable
 * and thread-safe.
 */
final class AnchorScanner {
  /** The one character whose lower case is longer (dotted capital I, {@code "i̇"}). */
  private static final char LENGTHENS = '\u0130';

  /** The one character outside ASCII whose lower case is in it (Kelvin sign, {@code k}). */
  private static final char KELVIN = '\u212A';

  private final char[][] words;
  private final int[] caps;

  /** For each character, 1 + the index of the one-character word it is, or 0. */
  private final char[] single = new char[Character.MAX_VALUE + 1];

  /**
   * The longer words by their first two characters: an open-addressing table of the pairs ({@code
   * first << 16 | second}, 0 for a free slot) and the words of each. Most positions of a text miss
   * at the first probe, so a page costs about one table lookup per character.
   */
  private final int[] pairKeys;

  private final int[][] pairWords;

  private final int pairShift;

  /**
   * Bit {@code c} set when a longer word starts with {@code c}: most characters of a page start
   * none, and are passed over without hashing their pair.
   */
  private final long[] pairFirst = new long[1024];

  /**
   * Bit {@code second} of row {@code first} (two longs per row) set when a longer word starts with
   * these two ASCII characters: nearly every letter starts some word, but few of the pairs of a
   * Latin text start one, and this test costs less than hashing the pair.
   */
  private final long[] asciiPairs = new long[128 * 2];

  /**
   * @param words the anchor words, in lower case, each once
   * @param caps how many occurrences of each word are kept, at most
   */
  AnchorScanner(List<String> words, int[] caps) {
    if (words.size() != caps.length || words.size() >= Character.MAX_VALUE) {
      throw new IllegalArgumentException("one cap per word");
    }
    this.words = new char[words.size()][];
    this.caps = caps.clone();
    int bits = 6;
    while ((1 << bits) < words.size() * 8) {
      bits++;
    }
    pairKeys = new int[1 << bits];
    pairWords = new int[1 << bits][];
    pairShift = 32 - bits;
    for (int w = 0; w < words.size(); w++) {
      String word = words.get(w);
      if (word.isEmpty()
          || !word.equals(word.toLowerCase(Locale.ROOT))
          || word.indexOf(KELVIN) >= 0
          || words.indexOf(word) != w) {
        throw new IllegalArgumentException("anchor words are lower case, not empty, once: " + word);
      }
      this.words[w] = word.toCharArray();
      if (word.length() == 1) {
        single[word.charAt(0)] = (char) (w + 1);
      } else {
        pairFirst[word.charAt(0) >>> 6] |= 1L << word.charAt(0);
        if (word.charAt(0) < 0x80 && word.charAt(1) < 0x80) {
          asciiPairs[word.charAt(0) << 1 | word.charAt(1) >>> 6] |= 1L << word.charAt(1);
        }
        int slot = slot(pair(word.charAt(0), word.charAt(1)));
        pairKeys[slot] = pair(word.charAt(0), word.charAt(1));
        int[] list = pairWords[slot] == null ? new int[0] : pairWords[slot];
        list = Arrays.copyOf(list, list.length + 1);
        list[list.length - 1] = w;
        pairWords[slot] = list;
      }
    }
    checkFold();
  }

  private static int pair(char first, char second) {
    return first << 16 | second;
  }

  /** The slot of {@code key} in {@link #pairKeys}, or the free slot where it would go. */
  private int slot(int key) {
    int mask = pairKeys.length - 1;
    int h = (key * 0x9E3779B9) >>> pairShift;
    while (pairKeys[h] != key && pairKeys[h] != 0) {
      h = (h + 1) & mask;
    }
    return h;
  }

  /** For each word (in the order given), where it occurs in {@code text}, in text order. */
  int[][] find(String text) {
    boolean caseless = text.indexOf(LENGTHENS) < 0;
    int n = text.length();
    Found found = new Found(words.length);
    char c = n == 0 ? 0 : fold(text.charAt(0), caseless);
    for (int i = 0; i < n; i++) {
      char next = i + 1 < n ? fold(text.charAt(i + 1), caseless) : 0;
      int one = single[c];
      if (one != 0) {
        found.add(one - 1, i, 1, caps);
      }
      if (next != 0
          && (pairFirst[c >>> 6] & 1L << c) != 0
          && (c >= 0x80 || next >= 0x80 || (asciiPairs[c << 1 | next >>> 6] & 1L << next) != 0)) {
        int slot = slot(pair(c, next));
        if (pairKeys[slot] != 0) {
          for (int w : pairWords[slot]) {
            if (found.free(w, i, caps) && matchesAt(text, i, words[w], caseless)) {
              found.add(w, i, words[w].length, caps);
            }
          }
        }
      }
      c = next;
    }
    return found.positions();
  }

  /** Occurrences found so far, per word. */
  private static final class Found {
    private final int[][] at;
    private final int[] sizes;
    private final int[] free; // where the next occurrence of each word may start

    Found(int words) {
      at = new int[words][];
      sizes = new int[words];
      free = new int[words];
    }

    boolean free(int w, int i, int[] caps) {
      return i >= free[w] && sizes[w] < caps[w];
    }

    void add(int w, int i, int length, int[] caps) {
      if (!free(w, i, caps)) {
        return;
      }
      if (at[w] == null) {
        at[w] = new int[Math.min(caps[w], 8)];
      } else if (sizes[w] == at[w].length) {
        at[w] = Arrays.copyOf(at[w], Math.min(caps[w], sizes[w] * 2));
      }
      at[w][sizes[w]++] = i;
      free[w] = i + length;
    }

    int[][] positions() {
      int[][] out = new int[at.length][];
      for (int w = 0; w < at.length; w++) {
        out[w] = at[w] == null ? new int[0] : Arrays.copyOf(at[w], sizes[w]);
      }
      return out;
    }
  }

  private static boolean matchesAt(String text, int at, char[] word, boolean caseless) {
    if (at + word.length > text.length()) {
      return false;
    }
    for (int j = 2; j < word.length; j++) {
      if (fold(text.charAt(at + j), caseless) != word[j]) {
        return false;
      }
    }
    return true;
  }

  private static char fold(char c, boolean caseless) {
    return caseless ? fold(c) : c;
  }

  /**
   * {@code c} as {@code String.toLowerCase(Locale.ROOT)} writes it, for the characters of words.
   */
  private static char fold(char c) {
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return c == KELVIN ? 'k' : c;
  }

  /**
   * {@link #fold} gives every character that lower-cases to a character of a word that character:
   * otherwise a word could be missed where {@code toLowerCase} would have found it.
   */
  private void checkFold() {
    boolean[] inWords = new boolean[Character.MAX_VALUE + 1];
    for (char[] word : words) {
      for (char c : word) {
        if (Character.isSurrogate(c)
            || Character.getType(c) == Character.LOWERCASE_LETTER && c >= 0x80) {
          throw new IllegalArgumentException(
              "anchor words are ASCII or without case: " + new String(word));
        }
        inWords[c] = true;
      }
    }
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if (c == LENGTHENS || Character.isSurrogate((char) c)) {
        continue;
      }
      char lower = Character.toLowerCase((char) c);
      if (inWords[lower] && fold((char) c) != lower) {
        throw new IllegalStateException("fold misses " + Integer.toHexString(c));
      }
    }
  }
}
