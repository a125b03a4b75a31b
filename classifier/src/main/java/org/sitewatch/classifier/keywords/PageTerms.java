package org.sitewatch.classifier.keywords;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lexicon terms of one page, with the position and offsets of each occurrence: what the keyword
 * detector used to put in a Lucene {@code MemoryIndex} and read back through term, phrase and
 * prefix queries, kept in plain arrays instead. The matching side ({@link KeywordDetector}) reads
 * occurrences in the order those queries' match iterators gave them: a term's occurrences by
 * position; a phrase's matches by the position of its first term; a prefix's by position over every
 * word that starts with it.
 *
 * <p>Positions count as the index counted them: the first token's increment from -1, then each
 * token's increment added. Not thread-safe: one per thread, {@link #clear()}ed after each page.
 */
final class PageTerms {
  /** The rule and cue terms by id. */
  private final String[] terms;

  /** Per token, in the order the analysis gave them. */
  private int size;

  private int[] tokenIds = new int[64];
  private String[] tokenTerms = new String[64];
  private int[] positions = new int[64];
  private int[] starts = new int[64];
  private int[] ends = new int[64];

  /** Per term id: its first and last token, and per token the next token of the same term. */
  private final int[] first;

  private final int[] last;
  private int[] next = new int[64];

  /** The term ids seen on this page, to clear {@link #first} and {@link #last}. */
  private int[] touched = new int[64];

  private int touchedCount;

  /** Per prefix: 0 not looked at on this page, 1 present, 2 absent. */
  private final byte[] prefixSeen;

  private final String[] prefixes;

  private int lastPosition = -1;

  PageTerms(String[] terms, String[] prefixes) {
    this.terms = terms;
    this.prefixes = prefixes;
    this.first = new int[terms.length];
    this.last = new int[terms.length];
    Arrays.fill(first, -1);
    this.prefixSeen = new byte[prefixes.length];
  }

  /**
   * Adds the next token: its term, the term's id (-1 for a word that is no rule or cue term),
   * {@code increment} as the analysis gave it, offsets in the original.
   */
  void add(char[] buffer, int length, int id, int increment, int start, int end) {
    if (size == tokenIds.length) {
      int grown = size * 2;
      tokenIds = Arrays.copyOf(tokenIds, grown);
      tokenTerms = Arrays.copyOf(tokenTerms, grown);
      positions = Arrays.copyOf(positions, grown);
      starts = Arrays.copyOf(starts, grown);
      ends = Arrays.copyOf(ends, grown);
      next = Arrays.copyOf(next, grown);
    }
    lastPosition += increment;
    int t = size++;
    positions[t] = lastPosition;
    starts[t] = start;
    ends[t] = end;
    next[t] = -1;
    if (id < 0) {
      tokenIds[t] = -1;
      tokenTerms[t] = new String(buffer, 0, length);
      return;
    }
    int i = id;
    tokenIds[t] = i;
    tokenTerms[t] = terms[i];
    if (first[i] < 0) {
      first[i] = t;
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touchedCount * 2);
      }
      touched[touchedCount++] = i;
    } else {
      next[last[i]] = t;
    }
    last[i] = t;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** Whether term {@code id} occurs on the page. */
  boolean has(int id) {
    return first[id] >= 0;
  }

  /** Whether some token of the page starts with prefix {@code prefixId}. */
  boolean hasPrefix(int prefixId) {
    byte seen = prefixSeen[prefixId];
    if (seen == 0) {
      String prefix = prefixes[prefixId];
      seen = 2;
      for (int t = 0; t < size; t++) {
        if (tokenTerms[t].startsWith(prefix)) {
          seen = 1;
          break;
        }
      }
      prefixSeen[prefixId] = seen;
    }
    return seen == 1;
  }

  /** The first token of term {@code id}, or -1. */
  int firstOf(int id) {
    return first[id];
  }

  /** The next token of the same term after token {@code t}, or -1. */
  int nextOf(int t) {
    return next[t];
  }

  int position(int t) {
    return positions[t];
  }

  int start(int t) {
    return starts[t];
  }

  int end(int t) {
    return ends[t];
  }

  /** The tokens that start with prefix {@code prefixId}, by position, at most {@code max}. */
  List<Integer> withPrefix(int prefixId, int max) {
    String prefix = prefixes[prefixId];
    List<Integer> found = new ArrayList<>();
    for (int t = 0; t < size && found.size() < max; t++) {
      if (tokenTerms[t].startsWith(prefix)) {
        found.add(t);
      }
    }
    return found;
  }

  /** Forgets the page (an idle thread keeps none of its text). */
  void clear() {
    for (int k = 0; k < touchedCount; k++) {
      first[touched[k]] = -1;
    }
    touchedCount = 0;
    Arrays.fill(tokenTerms, 0, size, null);
    Arrays.fill(prefixSeen, (byte) 0);
    size = 0;
    lastPosition = -1;
  }
}
