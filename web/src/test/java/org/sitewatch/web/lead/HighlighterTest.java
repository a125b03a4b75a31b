package org.sitewatch.web.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.SignalHit;

class HighlighterTest {
  /** The segments as text with the marked ones in [brackets]. */
  private static String render(List<Highlighter.Segment> segments) {
    StringBuilder b = new StringBuilder();
    for (Highlighter.Segment s : segments) {
      b.append(s.marked() ? "[" + s.text() + "]" : s.text());
    }
    return b.toString();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "…今日更新 成人视频 合集…; 成人视频; …今日更新 [成人视频] 合集…",
        "成*人视频 合集; 成人视频; [成*人视频] 合集",
        "成 人 视 频; 成人视频; [成 人 视 频]",
        "成成人视频; 成人视频; [成成人视频]",
        "开通ＶＩＰ会员观看; VIP会员; 开通[ＶＩＰ会员]观看",
        "Only Adult Content here; adult content; Only [Adult Content] here",
        "adultcontent; adult content; adultcontent",
        "about pornography laws; porn; about pornography laws",
        "top pornstars list; pornstar*; top [pornstars] list",
        "alipay and member | vip; 支付宝|会员; alipay and member | vip",
        "用支付宝开通会员; 支付宝|会员; 用[支付宝]开通[会员]",
        "<b>成人视频</b>; 成人视频; <b>[成人视频]</b>",
        "no match at all; 成人视频; no match at all",
      })
  void marksEveryOccurrenceOfTheTermsAndNothingElse(String text, String terms, String expected) {
    assertThat(render(Highlighter.segments(text, Arrays.asList(terms.split("\\|")))))
        .isEqualTo(expected);
  }

  @Test
  void aKnownRuleIsHighlightedThroughItsLexiconPhrases() {
    Highlighter h = new Highlighter(Map.of("kw.zh.chengren-shipin", List.of("成人视频")));
    SignalHit hit =
        new SignalHit(
            "kw.zh.chengren-shipin", "explicit", 1.8, 2, "…免费 成人视频 在线…", "https://a.test/");
    assertThat(render(h.segments(hit))).isEqualTo("…免费 [成人视频] 在线…");
  }

  @Test
  void aSignalNoLexiconNamesIsHighlightedThroughTheWordsOfItsId() {
    Highlighter h = new Highlighter(Map.of());
    SignalHit hit =
        new SignalHit(
            "structure.age-gate", "explicit", 0.5, 1, "Confirm your age to enter", "https://a");
    assertThat(render(h.segments(hit))).isEqualTo("Confirm your [age] to enter");
  }

  @Test
  void theBuiltInLexiconsOfTheClassifierAreRead() {
    Highlighter h = Highlighter.builtIn();
    assertThat(h.terms("kw.zh.chengren-shipin")).containsExactly("成人视频");
    assertThat(h.terms("kw.en.adult-content")).containsExactly("adult content");
  }

  @Test
  void anEmptySnippetHasNoSegments() {
    assertThat(Highlighter.segments("", List.of("成人视频"))).isEmpty();
  }
}
