package org.sitewatch.classifier.keywords;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * The tokens that {@link CJKBigramFilter} (all four scripts, unigrams kept) followed by a filter
 * keeping only lexicon terms would give, in the same order with the same offsets and positions,
 * computed in one filter: a unigram or bigram that no rule asks for is never written to the
 * attributes (nor its state captured and restored), which is what a page's tens of thousands of
 * Chinese characters cost in the two-filter chain. Only for the matching side of {@link
 * TextAnalysis}; lexicon phrases still go through the real {@link CJKBigramFilter}.
 */
final class LexiconBigramFilter extends TokenFilter {
  private static final String[] SCRIPT_TYPES = {
    StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC],
    StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HIRAGANA],
    StandardTokenizer.TOKEN_TYPES[StandardTokenizer.KATAKANA],
    StandardTokenizer.TOKEN_TYPES[StandardTokenizer.HANGUL]
  };

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
  private final PositionLengthAttribute posLen = addAttribute(PositionLengthAttribute.class);
  private final TypeAttribute type = addAttribute(TypeAttribute.class);
  private final CharArraySet keep;
  private final char[][] prefixes;

  /** Code points of the current run of CJK characters, with their offsets. */
  private int[] codePoints = new int[16];

  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private int bufferLen;

  /** The next code point to start a gram from. */
  private int index;

  private int lastEndOffset;

  /** Whether the unigram at {@link #index} was offered and its bigram comes next. */
  private boolean bigramNext;

  /** Positions of the tokens dropped since the last one returned. */
  private int skipped;

  private boolean exhausted;

  /** An input token read while a unigram before it was returned; looked at on the next call. */
  private State held;

  private final char[] gram = new char[4];

  /**
   * Bit {@code c} set when a kept term or prefix starts with {@code c}, and when one has {@code c}
   * second: most grams of a page fail one of these two reads and need no hash lookup.
   */
  private final long[] firstChars = new long[1024];

  private final long[] secondChars = new long[1024];

  /**
   * Bit {@link #pairBit} of the first two characters of each kept term and prefix: a bigram of two
   * common characters that no term starts with fails here without a hash lookup. Characters that
   * are a whole prefix ({@link #shortPrefixes}) let any second character pass.
   */
  private final long[] pairs = new long[1024];

  private final long[] shortPrefixes = new long[1024];

  LexiconBigramFilter(TokenStream in, CharArraySet keep, char[][] prefixes) {
    super(in);
    this.keep = keep;
    this.prefixes = prefixes;
    for (Object o : keep) {
      mark((char[]) o);
    }
    for (char[] prefix : prefixes) {
      mark(prefix);
      if (prefix.length == 1) {
        shortPrefixes[prefix[0] >>> 6] |= 1L << prefix[0];
      }
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

  @Override
  public boolean incrementToken() throws IOException {
    while (true) {
      if (bufferLen - index > 1) {
        // A then AB, then B then BC, ...: the last character waits for what follows it
        if (!bigramNext) {
          bigramNext = true;
          if (offerGram(index, 1)) {
            return true;
          }
        } else {
          bigramNext = false;
          index++;
          if (offerGram(index - 1, 2)) {
            return true;
          }
        }
        continue;
      }
      boolean got;
      if (held != null) {
        restoreState(held);
        held = null;
        got = true;
      } else {
        got = !exhausted && input.incrementToken();
        exhausted = !got;
      }
      if (!got) {
        if (bufferLen - index == 1) {
          index++;
          if (offerGram(index - 1, 1)) {
            return true;
          }
        }
        return false;
      }
      boolean cjk = isScript(type.type());
      if (!cjk || offset.startOffset() != lastEndOffset) {
        // the run ends: its last character is a unigram of its own
        if (bufferLen - index == 1) {
          if (keeps(index, 1)) {
            held = captureState();
            index++;
            writeGram(index - 1, 1);
            return true;
          }
          index++;
          skipped += 1;
        }
        if (cjk) {
          bufferLen = 0;
          index = 0;
        }
      }
      if (cjk) {
        refill();
        continue;
      }
      if (accept(term.buffer(), term.length())) {
        posInc.setPositionIncrement(posInc.getPositionIncrement() + skipped);
        skipped = 0;
        return true;
      }
      skipped += posInc.getPositionIncrement();
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

  /** Appends the code points of the current token, with offsets as CJKBigramFilter gives them. */
  private void refill() {
    if (index > 0) {
      int left = bufferLen - index;
      System.arraycopy(codePoints, index, codePoints, 0, left);
      System.arraycopy(starts, index, starts, 0, left);
      System.arraycopy(ends, index, ends, 0, left);
      bufferLen = left;
      index = 0;
    }
    char[] buf = term.buffer();
    int len = term.length();
    int start = offset.startOffset();
    int end = offset.endOffset();
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

  /** Returns the gram of {@code size} code points at {@code at} if kept, else counts it skipped. */
  private boolean offerGram(int at, int size) {
    if (keeps(at, size)) {
      writeGram(at, size);
      return true;
    }
    // a bigram is stacked on its first character's position: it takes none of its own
    skipped += size == 1 ? 1 : 0;
    return false;
  }

  private boolean keeps(int at, int size) {
    int len = Character.toChars(codePoints[at], gram, 0);
    if (size == 2) {
      len += Character.toChars(codePoints[at + 1], gram, len);
    }
    return accept(gram, len);
  }

  private void writeGram(int at, int size) {
    int len = Character.toChars(codePoints[at], gram, 0);
    if (size == 2) {
      len += Character.toChars(codePoints[at + 1], gram, len);
    }
    clearAttributes();
    term.copyBuffer(gram, 0, len);
    offset.setOffset(starts[at], ends[at + size - 1]);
    if (size == 2) {
      type.setType(CJKBigramFilter.DOUBLE_TYPE);
      posInc.setPositionIncrement(skipped);
      posLen.setPositionLength(2);
    } else {
      type.setType(CJKBigramFilter.SINGLE_TYPE);
      posInc.setPositionIncrement(1 + skipped);
    }
    skipped = 0;
  }

  /** The same test as the lexicon term filter of the two-filter chain. */
  private boolean accept(char[] buf, int len) {
    if (len > 0
        && ((firstChars[buf[0] >>> 6] & 1L << buf[0]) == 0
            || (len > 1 && (secondChars[buf[1] >>> 6] & 1L << buf[1]) == 0))) {
      return false;
    }
    if (len > 1 && (shortPrefixes[buf[0] >>> 6] & 1L << buf[0]) == 0) {
      int bit = pairBit(buf[0], buf[1]);
      if ((pairs[bit >>> 6] & 1L << bit) == 0) {
        return false;
      }
    }
    if (keep.contains(buf, 0, len)) {
      return true;
    }
    for (char[] prefix : prefixes) {
      if (len >= prefix.length && Arrays.equals(buf, 0, prefix.length, prefix, 0, prefix.length)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void end() throws IOException {
    super.end();
    posInc.setPositionIncrement(posInc.getPositionIncrement() + skipped);
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    bufferLen = 0;
    index = 0;
    lastEndOffset = 0;
    bigramNext = false;
    skipped = 0;
    exhausted = false;
    held = null;
  }
}
