package org.sitewatch.classifier.keywords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Whether a two-character Chinese match is a word of its own or just two characters of neighbouring
 * words: {@code 颜色情况} holds the bigram {@code 色情}, but smartcn segments it as {@code 颜色 / 情况}, a
 * word that crosses the start of the match. The match is refused only when a segmented word crosses
 * one of its edges (begins outside and ends inside, or the reverse); a match inside a longer word
 * ({@code 色情片}) or next to single characters (slang that is not in smartcn's dictionary, such as
 * {@code 黄片}, comes out as single characters) is kept. A match written with noise between its
 * characters ({@code 色*情}) is a deliberate spelling and is not checked.
 *
 * <p>Only a window of {@link #WINDOW} characters on each side is segmented, so the cost is per
 * match, not per page (smartcn is far too slow for whole pages). The answer depends on that window
 * and where the match lies in it alone, so answers are remembered (at most {@link #MEMO_SIZE}):
 * pages of one site repeat their menus and boilerplate, and one phrase often recurs in the same
 * words on a page.
 */
final class WordBoundaryCheck {
  static final int WINDOW = 8;

  /** Remembered answers beyond this are forgotten all at once: a bound, not a cache policy. */
  static final int MEMO_SIZE = 4_096;

  private final Analyzer segmenter = TextAnalysis.forSegmentation();

  /** Thread-safe: the check is shared by every page a classifier scores. */
  private final Map<String, Boolean> memo = new ConcurrentHashMap<>();

  /** True when {@code text[start, end)}, a bigram match, is not split across two words. */
  boolean standsAlone(String text, int start, int end) {
    if (end - start != 2) {
      return true; // noise, a zero-width character or a surrogate pair inside: checked elsewhere
    }
    int from = Math.max(0, start - WINDOW);
    int to = Math.min(text.length(), end + WINDOW);
    if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
      from--;
    }
    if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
      to++;
    }
    int s = start - from;
    int e = end - from;
    String window = text.substring(from, to);
    // the match's start in the window, then the window: its end is s + 2
    String key = (char) s + window;
    Boolean known = memo.get(key);
    if (known != null) {
      return known;
    }
    boolean alone = segment(window, s, e);
    if (memo.size() >= MEMO_SIZE) {
      memo.clear();
    }
    memo.put(key, alone);
    return alone;
  }

  /** Whether no word smartcn finds in {@code window} crosses an edge of {@code [s, e)}. */
  private boolean segment(String window, int s, int e) {
    try (TokenStream ts = segmenter.tokenStream(TextAnalysis.FIELD, window)) {
      OffsetAttribute offsets = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        int ws = offsets.startOffset();
        int we = offsets.endOffset();
        boolean crossesStart = ws < s && s < we && we < e;
        boolean crossesEnd = s < ws && ws < e && we > e;
        if (crossesStart || crossesEnd) {
          ts.end();
          return false;
        }
      }
      ts.end();
    } catch (IOException ex) {
      throw new UncheckedIOException("segmenting a string cannot fail", ex);
    }
    return true;
  }
}
