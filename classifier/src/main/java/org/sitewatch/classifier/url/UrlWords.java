package org.sitewatch.classifier.url;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The learned URL model's word list and the segmenter that reads it: glued names are cut into words
 * by the most probable segmentation (Viterbi over word frequencies), so {@code petitetina} gives
 * {@code petite|tina} and {@code basketmakerscatalog} gives {@code basket|makers|catalog} rather
 * than the rule segmenter's {@code ...|scat|...}. The words and their counts come with the model
 * file ({@code v} lines): training counts, for each letter run of the training addresses (host
 * labels and paths cut at punctuation and digits), the registrable domains it occurs in, and keeps
 * the runs found in several of them. An unknown run costs more than any word, per character, so the
 * segmenter prefers known words and leaves the rest as one unknown piece.
 *
 * <p>Lookups hash a range of the text as they extend it: segmenting allocates nothing but its
 * answer. Immutable and thread-safe.
 */
final class UrlWords {
  /** Words shorter or longer than this are not kept. */
  static final int MIN_WORD = 3;

  static final int MAX_WORD = 20;

  /** Chunks longer than this are not segmented (as in the rule segmenter). */
  static final int MAX_CHUNK = UrlTokens.MAX_SEGMENTED;

  /** Cost of an unknown run: a fixed part plus a part per character. */
  static final double UNKNOWN_BASE = 10;

  static final double UNKNOWN_PER_CHAR = 3;

  static final UrlWords NONE = new UrlWords(new String[0], new int[0]);

  private final String[] words;
  private final int[] counts;
  private final long[] keys;
  private final float[] costs;
  private final int mask;

  private UrlWords(String[] words, int[] counts) {
    this.words = words;
    this.counts = counts;
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    int size = Integer.highestOneBit(Math.max(16, words.length * 3)) << 1;
    this.keys = new long[size];
    this.costs = new float[size];
    this.mask = size - 1;
    for (int k = 0; k < words.length; k++) {
      long h = hash(words[k], 0, words[k].length());
      int at = (int) h & mask;
      while (keys[at] != 0) {
        at = (at + 1) & mask;
      }
      keys[at] = h;
      costs[at] = (float) -Math.log(counts[k] / (double) total);
    }
  }

  /**
   * The words of {@code counts} (word -> number of sites) within {@link #MIN_WORD}..{@link
   * #MAX_WORD} lower-case ASCII letters, at most {@code max} of them, the most frequent first (ties
   * by word).
   */
  static UrlWords of(Map<String, Integer> counts, int max) {
    List<Map.Entry<String, Integer>> kept = new ArrayList<>();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > 0 && valid(e.getKey())) {
        kept.add(e);
      }
    }
    kept.sort(
        Comparator.comparing(Map.Entry<String, Integer>::getValue)
            .reversed()
            .thenComparing(Map.Entry::getKey));
    if (kept.size() > max) {
      kept = kept.subList(0, max);
    }
    String[] w = new String[kept.size()];
    int[] c = new int[kept.size()];
    for (int k = 0; k < w.length; k++) {
      w[k] = kept.get(k).getKey();
      c[k] = kept.get(k).getValue();
    }
    return new UrlWords(w, c);
  }

  static boolean valid(String word) {
    if (word.length() < MIN_WORD || word.length() > MAX_WORD) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char ch = word.charAt(i);
      if (ch < 'a' || ch > 'z') {
        return false;
      }
    }
    return true;
  }

  int size() {
    return words.length;
  }

  /** The words, most frequent first. */
  List<String> words() {
    return List.of(words);
  }

  /** The count of the {@code k}-th word. */
  int count(int k) {
    return counts[k];
  }

  /** Receives the pieces of a segmentation, in order. */
  interface Pieces {
    void piece(String text, int start, int end, boolean known);
  }

  /**
   * Cuts {@code text} (lower-case ASCII letters) into known words and unknown runs, the cheapest
   * way. A text longer than {@link #MAX_CHUNK}, or with no words loaded, is one unknown piece.
   */
  void segment(String text, Pieces out) {
    int n = text.length();
    if (words.length == 0 || n > MAX_CHUNK || n == 0) {
      out.piece(text, 0, n, false);
      return;
    }
    double[] best = new double[n + 1];
    int[] from = new int[n + 1];
    boolean[] known = new boolean[n + 1];
    Arrays.fill(best, Double.POSITIVE_INFINITY);
    best[0] = 0;
    for (int i = 0; i < n; i++) {
      double here = best[i];
      if (here == Double.POSITIVE_INFINITY) {
        continue;
      }
      long h = OFFSET;
      int limit = Math.min(n, i + MAX_WORD);
      for (int j = i + 1; j <= limit; j++) {
        h = (h ^ text.charAt(j - 1)) * PRIME;
        int len = j - i;
        double unknown = here + UNKNOWN_BASE + UNKNOWN_PER_CHAR * len;
        if (unknown < best[j]) {
          best[j] = unknown;
          from[j] = i;
          known[j] = false;
        }
        if (len >= MIN_WORD) {
          float c = cost(finish(h));
          if (c >= 0 && here + c < best[j]) {
            best[j] = here + c;
            from[j] = i;
            known[j] = true;
          }
        }
      }
    }
    int[] ends = new int[n];
    int pieces = 0;
    for (int j = n; j > 0; j = from[j]) {
      ends[pieces++] = j;
    }
    // an unknown run longer than MAX_WORD is reached through shorter ones: given out as one piece
    int unknownFrom = -1;
    for (int k = pieces - 1; k >= 0; k--) {
      int end = ends[k];
      int start = from[end];
      if (known[end]) {
        if (unknownFrom >= 0) {
          out.piece(text, unknownFrom, start, false);
          unknownFrom = -1;
        }
        out.piece(text, start, end, true);
      } else if (unknownFrom < 0) {
        unknownFrom = start;
      }
    }
    if (unknownFrom >= 0) {
      out.piece(text, unknownFrom, n, false);
    }
  }

  private float cost(long h) {
    int at = (int) h & mask;
    while (true) {
      long key = keys[at];
      if (key == 0) {
        return -1;
      }
      if (key == h) {
        return costs[at];
      }
      at = (at + 1) & mask;
    }
  }

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  static long hash(String s, int start, int end) {
    long h = OFFSET;
    for (int i = start; i < end; i++) {
      h = (h ^ s.charAt(i)) * PRIME;
    }
    return finish(h);
  }

  /** A final mix; never 0 (0 marks an empty slot). */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
