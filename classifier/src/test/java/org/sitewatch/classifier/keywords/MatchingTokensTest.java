package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The page side of the analysis in one loop gives exactly the tokens of the filter chain it
 * replaces: lower-casing, Latin disguises, CJKBigramFilter, then a filter keeping lexicon terms.
 */
class MatchingTokensTest {
  private static final Set<String> KEEP =
      Set.of(
          "色情", "成人", "视频", "人视", "禁", "18", "vip", "会员", "福利", "qq", "联系", "porn", "xxx", "ア",
          "アダ", "성인", "인", "𠀀𠀁", "𠀁", "情");
  private static final List<String> PREFIXES = List.of("porn", "adul");
  private static final Analyzer REFERENCE =
      new Analyzer() {
        @Override
        protected Reader initReader(String fieldName, Reader reader) {
          return new EvasionCharFilter(reader);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
          Tokenizer source = new StandardTokenizer();
          TokenStream stream = new LatinEvasionFilter(new LowerCaseFilter(source));
          stream =
              new CJKBigramFilter(
                  stream,
                  CJKBigramFilter.HAN
                      | CJKBigramFilter.HIRAGANA
                      | CJKBigramFilter.KATAKANA
                      | CJKBigramFilter.HANGUL,
                  true);
          return new TokenStreamComponents(source, new KeepFilter(stream));
        }
      };
  private static final MatchingTokens FUSED =
      new MatchingTokens(KEEP.toArray(String[]::new), PREFIXES);

  /** The term filter of the chain the loop replaces. */
  private static final class KeepFilter extends FilteringTokenFilter {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final CharArraySet keep = new CharArraySet(KEEP, false);

    KeepFilter(TokenStream in) {
      super(in);
    }

    @Override
    protected boolean accept() {
      String t = term.toString();
      return keep.contains(t) || PREFIXES.stream().anyMatch(t::startsWith);
    }
  }

  private static final String[] PIECES = {
    "色",
    "情",
    "成",
    "人",
    "视",
    "频",
    "禁",
    "18",
    "VIP",
    "会员",
    "福利",
    "QQ",
    "联系",
    "porn",
    "pornhub",
    "adult",
    "xxx",
    "p0rn",
    "pooorn",
    " ",
    "  ",
    "\n",
    "，",
    "。",
    "*",
    ".",
    "色*情",
    "色 . 情",
    "色 情",
    "色色色",
    "ア",
    "アダルト",
    "あい",
    "성인",
    "한국어",
    "𠀀",
    "𠀁",
    "𠀀𠀁",
    "abc",
    "x86",
    "２",
    "ＶＩＰ",
    "色\u200b情",
    "成人视频",
    "e",
    "1",
    "色情片",
    "\uFF10"
  };

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "成人视频",
        "18禁游戏",
        "联系QQ 12345",
        "色*情 视频",
        "色 情",
        "アダルト 成人",
        "성인 인",
        "𠀀𠀁 情",
        "a 成 b 人",
        "VIP会员福利",
        "pornhub porno adult"
      })
  void givesTheTokensOfTheTwoFilterChain(String text) {
    assertThat(fused(text)).isEqualTo(tokens(REFERENCE, text));
  }

  @Test
  void givesTheTokensOfTheTwoFilterChainOnMixedText() {
    Random random = new Random(7);
    for (int n = 0; n < 3_000; n++) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(60);
      for (int k = 0; k < pieces; k++) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      String s = text.toString();
      assertThat(fused(s)).as(s).isEqualTo(tokens(REFERENCE, s));
    }
  }

  /** Term, position increment and offsets of every token the loop keeps, as a page is read. */
  private static List<String> fused(String text) {
    List<String> out = new ArrayList<>();
    try {
      FUSED.read(
          NormalizedText.of(text).reader(),
          (term, length, id, increment, start, end) ->
              out.add(new String(term, 0, length) + "+" + increment + "@" + start + "-" + end));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Term, position increment and offsets of every token. */
  private static List<String> tokens(Analyzer analyzer, String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(TextAnalysis.FIELD, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(
            term
                + "+"
                + inc.getPositionIncrement()
                + "@"
                + offset.startOffset()
                + "-"
                + offset.endOffset());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void keepsTheTokensCountedInTheTwoFilterChainOnALongPage() {
    StringBuilder text = new StringBuilder();
    Random random = new Random(11);
    while (text.length() < 50_000) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    List<String> fused = fused(text.toString());
    assertThat(fused).hasSizeGreaterThan(100).isEqualTo(tokens(REFERENCE, text.toString()));
  }
}
