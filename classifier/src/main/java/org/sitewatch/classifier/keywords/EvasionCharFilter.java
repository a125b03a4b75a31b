package org.sitewatch.classifier.keywords;

import com.ibm.icu.text.Normalizer2;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import org.apache.lucene.analysis.charfilter.BaseCharFilter;

/**
 * Undoes the character-level disguises of keyword evasion before tokenising, and records offset
 * corrections so that every token still points into the original text (snippets are cut from it):
 *
 * <ul>
 *   <li>compatibility forms to their plain letters and digits (Unicode NFKC with case folding):
 *       full-width {@code ｐｏｒｎ}, decorated {@code 𝐩𝐨𝐫𝐧}, circled {@code ①⑧}, half-width
 *       katakana; default-ignorable characters such as zero-width spaces ({@code 色\u200B情})
 *       disappear;
 *   <li>Traditional Chinese characters to Simplified ({@code 色情網站} reads as {@code 色情网站}), one
 *       character at a time from ICU's {@code Traditional-Simplified} transliterator (prepared as
 *       {@link SimplifiedTable}), so that bigrams still form and offsets stay one to one;
 *   <li>Cyrillic and Greek letters that look like Latin ones ({@code рorn} with a Cyrillic {@code
 *       р}), only inside a word that also has Latin letters or consists of look-alikes only, so
 *       Russian and Greek text elsewhere is left alone;
 *   <li>accents on Latin letters ({@code pörn}) dropped;
 *   <li>a run of three or more identical Chinese characters ({@code 色色色情}) read as one; runs of two
 *       are ordinary Chinese ({@code 看看}) and stay;
 *   <li>noise between two Chinese characters dropped ({@code 色*情}, {@code 色 . 情}, {@code 色_情},
 *       {@code 成 人 视 频}), see {@link #noiseEnd}.
 * </ul>
 *
 * The whole input is read on the first {@code read} (page text is capped well before this matters),
 * which keeps the look-ahead for runs and words simple.
 */
final class EvasionCharFilter extends BaseCharFilter {
  private static final Normalizer2 NFKC_CF = Normalizer2.getNFKCCasefoldInstance();
  private static final Normalizer2 NFD = Normalizer2.getNFDInstance();

  /** No character below this one is ideographic ({@code EvasionCharFilterOffsetsTest} checks). */
  static final char FIRST_IDEOGRAPH = '\u3006';

  private char[] out;
  private int outLen;
  private int pos;

  /**
   * Offset corrections, as {@link BaseCharFilter} keeps them (output offsets, strictly increasing,
   * and the cumulative difference from there on), but looked up from where the last lookup ended:
   * the tokenizer asks in text order, and a Chinese page has thousands of entries.
   */
  private int[] offsets = new int[16];

  private int[] diffs = new int[16];
  private int corrections;
  private int cursor = -1;

  EvasionCharFilter(Reader in) {
    super(in);
  }

  /**
   * {@code in} normalised at once, without a reader round trip; read it again through {@link
   * #replay()} (see {@link NormalizedText}).
   */
  static EvasionCharFilter of(String in) {
    EvasionCharFilter filter = new EvasionCharFilter(Reader.nullReader());
    filter.transform(in);
    return filter;
  }

  /**
   * A filter over the same normalised text and offset corrections, read from the start with its own
   * lookup cursor; {@link TextAnalysis} takes it as already normalised. This filter must have read
   * its input.
   */
  EvasionCharFilter replay() {
    if (out == null) {
      throw new IllegalStateException("not normalised yet");
    }
    EvasionCharFilter copy = new EvasionCharFilter(Reader.nullReader());
    copy.out = out;
    copy.outLen = outLen;
    copy.offsets = offsets;
    copy.diffs = diffs;
    copy.corrections = corrections;
    return copy;
  }

  /** The normalised text; this filter must have read its input. */
  String output() {
    return new String(out, 0, outLen);
  }

  /**
   * {@link #correctOffset} without the lookup cursor (a binary search): safe from several threads
   * once the input is read, and the same result.
   */
  int originalOffset(int currentOff) {
    int lo = 0;
    int hi = corrections - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (offsets[mid] <= currentOff) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? currentOff : currentOff + diffs[found];
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (out == null) {
      transform(slurp());
    }
    if (pos >= outLen) {
      return -1;
    }
    int n = Math.min(len, outLen - pos);
    System.arraycopy(out, pos, cbuf, off, n);
    pos += n;
    return n;
  }

  private String slurp() throws IOException {
    char[] buf = new char[8192];
    int len = 0;
    int n;
    while ((n = input.read(buf, len, buf.length - len)) != -1) {
      len += n;
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
    }
    return new String(buf, 0, len);
  }

  private void transform(String in) {
    int n = in.length();
    out = new char[n + 16];
    outLen = 0;
    int diff = 0;
    int wordEnd = -1;
    boolean latinWord = false;
    int i = 0;
    while (i < n) {
      char c = in.charAt(i);
      // the cheap tests on c first: most characters are neither space nor noise
      if ((isSpace(c) || isNoise(c)) && i > 0 && ideographic(in.charAt(i - 1))) {
        int j = noiseEnd(in, i);
        if (j > i) {
          int d = j - outLen;
          if (d != diff) {
            addCorrection(outLen, d);
            diff = d;
          }
          i = j;
          continue;
        }
      }
      if (c < 0x80) {
        append(c);
        i++;
        // the ASCII that follows is copied as it is at once: after an ASCII character no noise
        // rule applies, and ASCII takes no offset correction
        int run = i;
        while (run < n && in.charAt(run) < 0x80) {
          run++;
        }
        if (run > i) {
          if (outLen + (run - i) > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + (run - i)));
          }
          in.getChars(i, run, out, outLen);
          outLen += run - i;
          i = run;
        }
        continue;
      }
      int cp = in.codePointAt(i);
      int k = Character.charCount(cp);
      int next = i + k;
      int startOut = outLen;
      if (Character.isIdeographic(cp) && cp < 0x10000) {
        int mapped = Tables.simplified(cp);
        int j = next;
        int run = 1;
        while (j < n && Tables.simplified(in.charAt(j)) == mapped) {
          run++;
          j++;
        }
        append((char) mapped);
        if (run >= 3) {
          next = j;
        }
      } else if (Confusables.latin(cp) != 0) {
        if (i >= wordEnd) {
          wordEnd = wordEnd(in, i);
          latinWord = latinContext(in, wordStart(in, i), wordEnd);
        }
        if (latinWord) {
          append(Confusables.latin(cp));
        } else {
          appendCodePoint(cp);
        }
      } else if (NFKC_CF.isInert(cp)) {
        appendCodePoint(cp);
      } else {
        appendNormalized(cp);
      }
      // an expansion ("…" to "...", "㎏" to "kg"): the output characters past the input's length
      // all point at the end of the input character, so no token ends before it starts
      for (int p = startOut + (next - i) + 1; p < outLen; p++) {
        int dp = next - p;
        if (dp != diff) {
          addCorrection(p, dp);
          diff = dp;
        }
      }
      int d = next - outLen;
      if (d != diff) {
        addCorrection(outLen, d);
        diff = d;
      }
      i = next;
    }
  }

  /**
   * {@link Character#isIdeographic} of {@code c}, without the property lookup for the characters
   * below U+3006, the first ideograph (asked after every space and punctuation of Latin text).
   */
  private static boolean ideographic(char c) {
    return c >= FIRST_IDEOGRAPH && Character.isIdeographic(c);
  }

  private void addCorrection(int off, int cumulativeDiff) {
    if (corrections > 0 && offsets[corrections - 1] == off) {
      diffs[corrections - 1] = cumulativeDiff;
      return;
    }
    if (corrections == offsets.length) {
      offsets = Arrays.copyOf(offsets, corrections * 2);
      diffs = Arrays.copyOf(diffs, corrections * 2);
    }
    offsets[corrections] = off;
    diffs[corrections++] = cumulativeDiff;
  }

  /** The difference recorded at the last offset at or before {@code currentOff}, else none. */
  @Override
  protected int correct(int currentOff) {
    int c = cursor;
    while (c + 1 < corrections && offsets[c + 1] <= currentOff) {
      c++;
    }
    while (c >= 0 && offsets[c] > currentOff) {
      c--;
    }
    cursor = c;
    return c < 0 ? currentOff : currentOff + diffs[c];
  }

  private void append(char c) {
    if (outLen == out.length) {
      out = Arrays.copyOf(out, out.length * 2);
    }
    out[outLen++] = c;
  }

  private void appendCodePoint(int cp) {
    if (cp < 0x10000) {
      append((char) cp);
    } else {
      append(Character.highSurrogate(cp));
      append(Character.lowSurrogate(cp));
    }
  }

  private void append(String s) {
    for (int k = 0; k < s.length(); k++) {
      append(s.charAt(k));
    }
  }

  /**
   * Where the noise that starts at {@code i}, right after a Chinese character, ends ({@code i} when
   * there is none): up to two spaces, one to three symbols, up to two spaces, then a Chinese
   * character ({@code 色*情}, {@code 色 . 情}, {@code 色＊＊情}); or a single space between two otherwise
   * isolated characters ({@code 成 人 视 频}). A plain space between words ({@code 色情 图集}) is kept, so
   * that words in a tag list do not join into bigrams that were never written.
   */
  private static int noiseEnd(String in, int i) {
    int n = in.length();
    int j = i;
    int spaces = 0;
    while (j < n && spaces < 2 && isSpace(in.charAt(j))) {
      j++;
      spaces++;
    }
    int marks = 0;
    while (j < n && marks < 3 && isNoise(in.charAt(j))) {
      j++;
      marks++;
    }
    if (marks > 0) {
      for (int k = 0; k < 2 && j < n && isSpace(in.charAt(j)); k++) {
        j++;
      }
      return j < n && Character.isIdeographic(in.charAt(j)) ? j : i;
    }
    boolean isolated =
        spaces == 1
            && (i < 2 || !Character.isIdeographic(in.charAt(i - 2)))
            && i + 1 < n
            && Character.isIdeographic(in.charAt(i + 1))
            && (i + 2 >= n || !Character.isIdeographic(in.charAt(i + 2)));
    return isolated ? i + 1 : i;
  }

  private static boolean isSpace(char c) {
    return c == ' '
        || c == '\t'
        || c == '\n'
        || c == '\r'
        || c == '\f'
        || c == '\u000B'
        || c == '\u3000'
        || c == '\u00A0';
  }

  /** Symbols used as noise, in ASCII or full width. */
  private static boolean isNoise(char c) {
    char a = c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c;
    return a < 0x80 ? ASCII_NOISE[a] : a == '\u00B7' || a == '\u2022';
  }

  private static final String NOISE = "*.\u00B7\u2022_-~|/\\+#@^=,'\"`";

  /** The ASCII characters of {@link #NOISE}, as a table: this runs on every character. */
  private static final boolean[] ASCII_NOISE = new boolean[0x80];

  static {
    for (char c : NOISE.toCharArray()) {
      if (c < 0x80) {
        ASCII_NOISE[c] = true;
      }
    }
  }

  /** NFKC with case folding, then Latin letters without their accents. */
  private void appendNormalized(int cp) {
    if (Character.getType(cp) == Character.NON_SPACING_MARK) {
      int last = outLen - 1;
      if (last >= 0 && out[last] < 0x80 && Character.isLetter(out[last])) {
        return; // an accent added to a plain letter: p\u0308orn
      }
    }
    append(cp < 0x10000 ? Folded.of((char) cp) : normalized(cp));
  }

  private static String normalized(int cp) {
    String folded = NFKC_CF.normalize(new String(Character.toChars(cp)));
    if (folded.length() == 1 && folded.charAt(0) >= 0x80 && Character.isLetter(folded.charAt(0))) {
      String decomposed = NFD.getDecomposition(folded.charAt(0));
      if (decomposed != null
          && decomposed.charAt(0) < 0x80
          && Character.isLetter(decomposed.charAt(0))) {
        return String.valueOf(decomposed.charAt(0));
      }
    }
    return folded;
  }

  /**
   * {@link #normalized} of every BMP character that NFKC changes, computed once per JVM: Chinese
   * pages are full of full-width punctuation ({@code ，：（）}), and normalising each one anew was a
   * tenth of the analysis time.
   */
  private static final class Folded {
    private static final String[] TABLE = build();

    static String of(char c) {
      String s = TABLE[c];
      return s != null ? s : normalized(c);
    }

    private static String[] build() {
      String[] table = new String[0x10000];
      for (int c = 0; c < 0x10000; c++) {
        if (!Character.isSurrogate((char) c) && !NFKC_CF.isInert(c)) {
          table[c] = normalized(c);
        }
      }
      return table;
    }
  }

  private static boolean isWordChar(int cp) {
    return Character.isLetter(cp) && !Character.isIdeographic(cp);
  }

  private static int wordStart(String in, int i) {
    int s = i;
    while (s > 0) {
      int cp = in.codePointBefore(s);
      if (!isWordChar(cp)) {
        break;
      }
      s -= Character.charCount(cp);
    }
    return s;
  }

  private static int wordEnd(String in, int i) {
    int e = i;
    while (e < in.length()) {
      int cp = in.codePointAt(e);
      if (!isWordChar(cp)) {
        break;
      }
      e += Character.charCount(cp);
    }
    return e;
  }

  /** A word with a Latin letter in it, or made of look-alikes only ({@code хххх}). */
  private static boolean latinContext(String in, int start, int end) {
    boolean allConfusable = true;
    for (int i = start; i < end; ) {
      int cp = in.codePointAt(i);
      if (cp < 0x80
          || Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN
          || (cp >= 0x1D400 && cp <= 0x1D7FF)) {
        return true;
      }
      if (Confusables.latin(cp) == 0) {
        allConfusable = false;
      }
      i += Character.charCount(cp);
    }
    return allConfusable;
  }

  /** Read once per JVM on first use, from the prepared {@link SimplifiedTable}. */
  private static final class Tables {
    private static final char[] SIMPLIFIED = SimplifiedTable.builtIn();

    static int simplified(int cp) {
      if (cp >= SIMPLIFIED.length) {
        return cp;
      }
      char s = SIMPLIFIED[cp];
      return s == 0 ? cp : s;
    }
  }

  /** Cyrillic and Greek letters that are drawn like a Latin letter (lower case result). */
  private static final class Confusables {
    private static final char[] LATIN = new char[0x530];

    static {
      String pairs =
          // Cyrillic lower and upper case
          "аaвbеeёeкkмmнhоoрpсcтtуyхxіiїiјjѕsԁdԛqԝwһhӏl"
              + "АaВbЕeЁeКkМmНhОoРpСcТtУyХxІiЇiЈjЅsԀdԚqԜwҺhӀl"
              // Greek lower and upper case
              + "αaοoρpνvκkιiτtυuχxεe"
              + "ΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧx";
      for (int i = 0; i < pairs.length(); i += 2) {
        LATIN[pairs.charAt(i)] = pairs.charAt(i + 1);
      }
    }

    static char latin(int cp) {
      return cp < LATIN.length ? LATIN[cp] : 0;
    }
  }
}
