package org.sitewatch.classifier.keywords;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.analysis.CharArrayMap;
import org.apache.lucene.analysis.CharacterUtils;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * The page side of {@link TextAnalysis}'s chain, keeping only what a lexicon can match, in one loop
 * over {@link StandardTokenizer}'s words: lower-cased ({@link CharacterUtils#toLowerCase}, as
 * {@code LowerCaseFilter}), Latin disguises undone ({@link LatinEvasionFilter#undisguise}),
 * Chinese, Japanese and Korean characters read as unigrams and bigrams (as {@link CJKBigramFilter}
 * with all four scripts and unigrams kept), and every token that is not a kept term or does not
 * start with a kept prefix dropped (its position still counted). The tokens handed on, their
 * position increments and offsets are exactly those of that filter chain; the chain's attribute
 * copying, state capture and per-filter calls are what this saves (a page has tens of thousands of
 * tokens and keeps a few dozen). Lexicon phrases still go through the real filters.
 *
 * <p>Not thread-safe: one per thread; {@link #read} a text at a time.
 */
final class MatchingTokens {
  /** Where kept tokens go. */
  interface Sink {
    /**
     * One kept token: its term and the term's index in the kept terms (-1 for a word kept for a
     * prefix only), increment from the previous kept token, original offsets.
     */
    void token(char[] term, int length, int id, int increment, int start, int end);
  }

  private static final String[] SCRIPT_TYPES = {
    StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC],
    StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HIRAGANA],
    StandardTokenizer.TOKEN_TYPES[StandardTokenizer.KATAKANA],
    StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HANGUL]
  };

  private final StandardTokenizer tokenizer = new StandardTokenizer();
  private final CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = tokenizer.addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute posInc =
      tokenizer.addAttribute(PositionIncrementAttribute.class);
  private final TypeAttribute type = tokenizer.addAttribute(TypeAttribute.class);

  /** Each kept term's index. */
  private final CharArrayMap<Integer> keep;

  private final char[][] prefixes;

  /** Code points of the current run of CJK characters, with their offsets. */
  private int[] codePoints = new int[16];

  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int bufferLen;

  /** The next code point to start a gram from. */
  private int index;

  private int lastEndOffset;

  /** Positions of the tokens dropped since the last one handed on. */
  private int skipped;

  private final char[] gram = new char[4];

  /**
   * Bit {@code c} set when a kept term or prefix starts with {@code c}, and when one has {@code c}
   * second: most grams of a page fail one of these two reads and need no hash lookup.
   */
  private final long[] firstChars = new long[1024];

  private final long[] secondChars = new long[1024];

  /**
   * Bit {@link #pairBit} of the first two characters of each kept term and prefix: a bigram of two
   * common characters that no term starts with fails here without a hash lookup (so prefixes have
   * at least two characters; the detector's are at least {@link KeywordDetector#MIN_PREFIX}).
   */
  private final long[] pairs = new long[1024];

  /** Keeps the terms in {@code keep} and the words that start with one of {@code prefixes}. */
  MatchingTokens(String[] keep, List<String> prefixes) {
    this.keep = new CharArrayMap<>(keep.length, false);
    for (int i = 0; i < keep.length; i++) {
      this.keep.put(keep[i], i);
      mark(keep[i].toCharArray());
    }
    this.prefixes = prefixes.stream().map(String::toCharArray).toArray(char[][]::new);
    for (char[] prefix : this.prefixes) {
      if (prefix.length < 2) {
        throw new IllegalArgumentException("a kept prefix needs two characters or more");
      }
      mark(prefix);
    }
  }

  private static int pairBit(char first, char second) {
    return (first * 31 + second) & 0xFFFF;
  }

  private void mark(char[] chars) {
    if (chars.length > 0) {
      firstChars[chars[0] >>> 6] |= 1L << chars[0];
    }
    if (chars.length > 1) {
      secondChars[chars[1] >>> 6] |= 1L << chars[1];
      int bit = pairBit(chars[0], chars[1]);
      pairs[bit >>> 6] |= 1L << bit;
    }
  }

  /**
   * Hands every kept token of {@code text} to {@code sink}, in order. {@code text} is normalised
   * already (a {@link NormalizedText#reader()}), so offsets are corrected back to the original.
   */
  void read(Reader text, Sink sink) throws IOException {
    bufferLen = 0;
    index = 0;
    lastEndOffset = 0;
    skipped = 0;
    tokenizer.setReader(text);
    try {
      tokenizer.reset();
      while (tokenizer.incrementToken()) {
        char[] buf = term.buffer();
        CharacterUtils.toLowerCase(buf, 0, term.length());
        int len = LatinEvasionFilter.undisguise(buf, term.length());
        boolean cjk = isScript(type.type());
        int start = offset.startOffset();
        if (!cjk || start != lastEndOffset) {
          // the run ends: its last character is a unigram of its own
          if (bufferLen - index == 1) {
            index++;
            offerGram(index - 1, 1, sink);
          }
          if (cjk) {
            bufferLen = 0;
            index = 0;
          }
        }
        if (cjk) {
          refill(buf, len, start, offset.endOffset());
          // A then AB, then B then BC, ...: the last character waits for what follows it
          while (bufferLen - index > 1) {
            offerGram(index, 1, sink);
            index++;
            offerGram(index - 1, 2, sink);
          }
          continue;
        }
        int id = accept(buf, len);
        if (id != NOT_KEPT) {
          sink.token(
              buf, len, id, posInc.getPositionIncrement() + skipped, start, offset.endOffset());
          skipped = 0;
        } else {
          skipped += posInc.getPositionIncrement();
        }
      }
      if (bufferLen - index == 1) {
        index++;
        offerGram(index - 1, 1, sink);
      }
      tokenizer.end();
    } finally {
      tokenizer.close();
    }
  }

  private static boolean isScript(String t) {
    // the tokenizer hands out these very strings: identity decides almost every call
    for (String s : SCRIPT_TYPES) {
      if (s == t) {
        return true;
      }
    }
    for (String s : SCRIPT_TYPES) {
      if (s.equals(t)) {
        return true;
      }
    }
    return false;
  }

  /** Appends the code points of a token, with offsets as CJKBigramFilter gives them. */
  private void refill(char[] buf, int len, int start, int end) {
    if (index > 0) {
      int left = bufferLen - index;
      System.arraycopy(codePoints, index, codePoints, 0, left);
      System.arraycopy(starts, index, starts, 0, left);
      System.arraycopy(ends, index, ends, 0, left);
      bufferLen = left;
      index = 0;
    }
    if (bufferLen + len > codePoints.length) {
      int size = Math.max(codePoints.length * 2, bufferLen + len);
      codePoints = Arrays.copyOf(codePoints, size);
      starts = Arrays.copyOf(starts, size);
      ends = Arrays.copyOf(ends, size);
    }
    lastEndOffset = end;
    boolean exact = end - start == len;
    for (int i = 0; i < len; ) {
      int cp = Character.codePointAt(buf, i, len);
      int cpLen = Character.charCount(cp);
      codePoints[bufferLen] = cp;
      if (exact) {
        starts[bufferLen] = start;
        start += cpLen;
        ends[bufferLen] = start;
      } else {
        // offsets changed by the char filter: every character gets the whole token's
        starts[bufferLen] = start;
        ends[bufferLen] = end;
      }
      bufferLen++;
      i += cpLen;
    }
  }

  /**
   * Hands on the gram of {@code size} code points at {@code at} if kept, else counts it skipped.
   */
  private void offerGram(int at, int size, Sink sink) {
    int len = Character.toChars(codePoints[at], gram, 0);
    if (size == 2) {
      len += Character.toChars(codePoints[at + 1], gram, len);
    }
    int id = accept(gram, len);
    if (id != NOT_KEPT) {
      // a bigram is stacked on its first character's position: it takes none of its own
      sink.token(gram, len, id, size == 2 ? skipped : 1 + skipped, starts[at], ends[at + size - 1]);
      skipped = 0;
    } else {
      skipped += size == 1 ? 1 : 0;
    }
  }

  /** What {@link #accept} gives for a token that is dropped. */
  private static final int NOT_KEPT = -2;

  /**
   * The index of a kept term; -1 for a word kept because it starts with a kept prefix; {@link
   * #NOT_KEPT} otherwise.
   */
  private int accept(char[] buf, int len) {
    if (len > 0
        && ((firstChars[buf[0] >>> 6] & 1L << buf[0]) == 0
            || (len > 1 && (secondChars[buf[1] >>> 6] & 1L << buf[1]) == 0))) {
      return NOT_KEPT;
    }
    if (len > 1) {
      int bit = pairBit(buf[0], buf[1]);
      if ((pairs[bit >>> 6] & 1L << bit) == 0) {
        return NOT_KEPT;
      }
    }
    Integer id = keep.get(buf, 0, len);
    if (id != null) {
      return id;
    }
    for (char[] prefix : prefixes) {
      if (len >= prefix.length && Arrays.equals(buf, 0, prefix.length, prefix, 0, prefix.length)) {
        return -1;
      }
    }
    return NOT_KEPT;
  }
}
