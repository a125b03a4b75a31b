package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;

/**
 * What the evasion-proof analysis sees through, and that snippets still show the page as written.
 */
class KeywordNormalisationTest {
  private static KeywordDetector detector;

  @BeforeAll
  static void load() {
    detector = new KeywordDetector(Lexicon.load(Optional.empty()));
  }

  static List<RawHit> hits(String text) {
    List<RawHit> hits = new ArrayList<>();
    detector.detect(new PageText(text, Optional.empty(), Map.of()), hits);
    return hits;
  }

  static Optional<RawHit> hit(String text, String id) {
    return hits(text).stream().filter(h -> h.id().equals(id)).findFirst();
  }

  /** Java escapes in the table ({@code \u200B}) are written as {@code <200B>} to stay readable. */
  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '<' && i + 6 <= s.length() && s.charAt(i + 5) == '>') {
        out.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 5), 16));
        i += 6;
      } else {
        out.append(s.charAt(i++));
      }
    }
    return out.toString();
  }

  @ParameterizedTest(name = "{0}: {2} fires on {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // name                 | page text                      | rule                         | as
        // written
        "full-width letters      | 最新 ｐｏｒｎ 合集              | kw.en.porn                   | ｐｏｒｎ",
        "mathematical letters    | 最新 𝐩𝐨𝐫𝐧 合集                | kw.en.porn                   | 𝐩𝐨𝐫𝐧",
        "circled digits          | 标签：①⑧禁 动漫                | kw.zh.18jin                  | ①⑧禁",
        "full-width digits       | 标签：１８禁 动漫              | kw.zh.18jin                  | １８禁",
        "Cyrillic look-alike     | free <0440>orn here            | kw.en.porn                   | <0440>orn",
        "Greek look-alike        | free p<03BF>rn here            | kw.en.porn                   | p<03BF>rn",
        "all look-alikes         | best <0445><0445><0445> site   | kw.en.xxx                    | <0445><0445><0445>",
        "accented letters        | free pörn here                 | kw.en.porn                   | pörn",
        "combining accent        | free po<0308>rn here           | kw.en.porn                   | po<0308>rn",
        "leet digits             | free p0rn here                 | kw.en.porn                   | p0rn",
        "repeated letters        | free pooooorn here             | kw.en.porn                   | pooooorn",
        "repeated inside a word  | so sexxxy                      | kw.en.sexy                   | sexxxy",
        "zero-width in Latin     | free p<200B>orn here           | kw.en.porn                   | p<200B>orn",
        "Traditional characters  | 最新成人視頻每日更新            | kw.zh.chengren-shipin        | 成人視頻",
        "Traditional two chars   | 免費看黃片                     | kw.zh.huangpian              | 黃片",
        "Traditional and width   | ＡＶ女優 合集                  | kw.zh.av-nvyou               | ＡＶ女優",
        "noise: star             | 最新 色*情 资源                | kw.zh.seqing                 | 色*情",
        "noise: spaced dot       | 最新 色 . 情 资源              | kw.zh.seqing                 | 色 . 情",
        "noise: underscore       | 最新 色_情 资源                | kw.zh.seqing                 | 色_情",
        "noise: zero-width space | 最新 色<200B>情 资源            | kw.zh.seqing                 | 色<200B>情",
        "noise: full-width star  | 最新 色＊情 资源               | kw.zh.seqing                 | 色＊情",
        "noise: spaced letters   | 最新 成 人 视 频               | kw.zh.chengren-shipin        | 成 人 视 频",
        "repeated Chinese        | 色色色情情 资源                | kw.zh.seqing                 | 色色色情",
        "pinyin word             | zuixin seqing ziyuan           | kw.zh.py.seqing              | seqing",
        "pinyin syllables        | zuixin se qing ziyuan          | kw.zh.py.se-qing             | se qing",
        "pinyin phrase           | mianfei chengren shipin        | kw.zh.py.chengren-shipin     | chengren shipin",
        "initials near a term    | sq av 合集                     | kw.zh.py.sq-av               | sq av",
        "Chinese then Latin      | 联系QQ：12345678               | kw.zh.lianxi-qq              | 联系QQ",
        "prefix rule             | top pornstars today            | kw.en.pornstar               | pornstars",
        "proximity rule          | nude beach photos              | kw.en.nude-photos            | nude beach photos",
      })
  void seesThroughTheDisguiseAndKeepsTheOriginalInTheSnippet(
      String name, String text, String rule, String asWritten) {
    String page = unescape(text);
    RawHit found =
        hit(page, rule)
            .orElseThrow(() -> new AssertionError(name + ": no " + rule + " in " + hits(page)));
    assertThat(found.snippet()).as(name).contains(unescape(asWritten));
  }

  @ParameterizedTest(name = "{0}: {2} does not fire on {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bigram across two words  | 这件衣服的颜色情况不错          | kw.zh.seqing",
        "bigram across, Traditional | 這件衣服的顏色情況不錯        | kw.zh.seqing",
        "across: 个性 / 爱好       | 我的个性爱好是读书              | kw.zh.xingai",
        "across: 成熟 / 女性       | 成熟女性的穿搭建议              | kw.zh.shunv",
        "across: 出口 / 交易       | 今年出口交易额增长              | kw.zh.koujiao",
        "across: 个性 / 交友       | 个性交友签名大全                | kw.zh.xingjiao",
        "across: 年幼 / 女孩       | 照顾年幼女孩的方法              | kw.zh.younv",
        "across: 感情 / 色彩       | 这首诗的感情色彩很浓            | kw.zh.qingse",
        "across: 打包 / 夜宵       | 下班后打包夜宵回家              | kw.zh.baoye",
        "Russian text untouched   | нет порно здесь                | kw.en.porno",
        "word, not a prefix       | pornography laws               | kw.en.porn",
        "initials alone           | sq is a command                | kw.zh.py.sq-av",
        "initials far apart       | sq one two three four five av  | kw.zh.py.sq-av",
        "proximity too far        | nude one two three four five six photos | kw.en.nude-photos",
        "short prefix only        | porn star                      | kw.en.pornstar",
        "digits that are no leet  | mp3 x86 h264 files             | kw.en.sexy",
      })
  void leavesOrdinaryTextAlone(String name, String text, String rule) {
    assertThat(hit(text, rule)).as(name + " " + hits(text)).isEmpty();
  }

  @Test
  void keepsABigramThatIsAWordOrInsideALongerWord() {
    assertThat(hit("这是色情网站", "kw.zh.seqing")).isPresent();
    // read as the object of 举报, so listed as discounted: the word check kept it all the same
    assertThat(hit("举报色情", "ctx.kw.zh.seqing")).isPresent();
    assertThat(hit("色情片在线", "kw.zh.seqing")).isPresent();
  }

  @Test
  void countsOnlyTheMatchesThatAreWords() {
    RawHit hit = hit("颜色情况 色情 色情网站", "kw.zh.seqing").orElseThrow();
    assertThat(hit.count()).isEqualTo(2);
  }

  @Test
  void leavesWordsOfOnlyRepeatedLettersAsTheyAre() {
    assertThat(hit("best xxx site", "kw.en.xxx")).isPresent();
    assertThat(hit("best xxxx site", "kw.en.xxx")).isEmpty();
  }

  @Test
  void snippetOfAProximityRuleCoversBothParts() {
    RawHit hit = hit("Look: nude beach photos, summer 2024.", "kw.en.nude-photos").orElseThrow();
    assertThat(hit.snippet()).contains("nude beach photos");
    assertThat(hit.count()).isEqualTo(1);
  }
}
