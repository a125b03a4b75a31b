package org.sitewatch.classifier.keywords;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.sitewatch.classifier.limits.ControlChars;

/**
 * The one analysis chain shared by page text and lexicon phrases, so that both sides agree.
 *
 * <p>Char filters (they keep offsets mapped to the original text, which is what snippets are cut
 * from): {@link EvasionCharFilter} (compatibility forms and look-alikes to plain letters and
 * digits, zero-width characters dropped, Traditional to Simplified, runs of one Chinese character
 * read once, noise between two Chinese characters removed: {@code 色*情}, {@code 色 . 情}, {@code 色 情}
 * read as {@code 色情}). Tokens: {@link StandardTokenizer} (one token per Chinese character, words
 * otherwise), lower-cased, Latin disguises undone by {@link LatinEvasionFilter} ({@code pooorn},
 * {@code p0rn}), Chinese characters joined into bigrams by {@link CJKBigramFilter}.
 *
 * <p>Unigrams are kept, stacked under the bigrams; a lexicon phrase is analysed the same way and
 * keeps its bigrams plus the characters no bigram covers, so that {@code 18禁} (the tokens {@code
 * 18} and {@code 禁}) matches {@code 18禁游戏} while {@code 色情} stays the single bigram it must be, and
 * positions agree where Chinese is followed by Latin ({@code 联系QQ}).
 *
 * <p>Pages are read by {@link MatchingTokens}: the same chain in one loop over the tokenizer,
 * keeping only the tokens a lexicon can match.
 */
public final class TextAnalysis {
  /** The one field the visible text is indexed in. */
  static final String FIELD = "text";

  private static final int SCRIPTS =
      CJKBigramFilter.HAN
          | CJKBigramFilter.HIRAGANA
          | CJKBigramFilter.KATAKANA
          | CJKBigramFilter.HANGUL;

  private TextAnalysis() {}

  /** The analyzer for page text and lexicon phrases. Thread-safe; one per classifier. */
  static Analyzer forPages() {
    return new ChainAnalyzer();
  }

  /**
   * Chinese words as smartcn segments them, after the same character normalisation as {@link
   * #forPages()} (so offsets point into the original text). Used to check a bigram match against
   * word boundaries; far too slow to run over whole pages.
   */
  static Analyzer forSegmentation() {
    return new Analyzer() {
      @Override
      protected Reader initReader(String fieldName, Reader reader) {
        return undisguise(reader);
      }

      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        return new TokenStreamComponents(new HMMChineseTokenizer());
      }
    };
  }

  /**
   * {@code reader} normalised, unless it is a page's text normalised already ({@link
   * NormalizedText}).
   */
  private static Reader undisguise(Reader reader) {
    return reader instanceof EvasionCharFilter normalised
        ? normalised
        : new EvasionCharFilter(reader);
  }

  private static final class ChainAnalyzer extends Analyzer {
    @Override
    protected Reader initReader(String fieldName, Reader reader) {
      return undisguise(reader);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream stream = new LowerCaseFilter(source);
      stream = new LatinEvasionFilter(stream);
      stream = new CJKBigramFilter(stream, SCRIPTS, true);
      return new TokenStreamComponents(source, stream);
    }
  }

  /**
   * The text around {@code [start, end)} (about {@code context} characters each side), whitespace
   * collapsed, with an ellipsis where it was cut.
   */
  public static String snippet(String text, int start, int end, int context) {
    int from = Math.max(0, start - context);
    int to = Math.min(text.length(), Math.max(end, start) + context);
    if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
      from--;
    }
    if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
      to++;
    }
    String core = collapse(text.substring(from, to));
    return (from > 0 ? "…" : "") + core + (to < text.length() ? "…" : "");
  }

  private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

  /** {@code s} without control characters, its white-space runs as one space, stripped. */
  public static String collapse(String s) {
    return WHITESPACE.matcher(ControlChars.toSpaces(s)).replaceAll(" ").strip();
  }
}
