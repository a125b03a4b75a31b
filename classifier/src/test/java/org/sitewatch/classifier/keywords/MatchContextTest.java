package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;

/** An adult term counts when offered, and is discounted as the object of a context cue. */
class MatchContextTest {
  private static KeywordDetector detector;

  @BeforeAll
  static void load() {
    detector = new KeywordDetector(Lexicon.load(Optional.empty()));
  }

  private static List<RawHit> hits(String text) {
    List<RawHit> hits = new ArrayList<>();
    detector.detect(new PageText(text, Optional.empty(), Map.of()), hits);
    return hits;
  }

  private static Optional<RawHit> hit(String text, String id) {
    return hits(text).stream().filter(h -> h.id().equals(id)).findFirst();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          blocking verb before             | 自动拦截色情网站和赌博页面               | kw.zh.seqing        | 拦截
          list after the verb              | 一键屏蔽18禁网页、黄网与成人论坛          | kw.zh.chengren-luntan | 屏蔽
          noun-verb after the term         | 色情网站拦截服务                        | kw.zh.seqing        | 拦截
          reporting reasons                | 举报理由：色情低俗 / 裸聊诈骗            | kw.zh.luoliao       | 举报理由
          dictionary apparatus after       | 色情 拼音：sè qíng                     | kw.zh.seqing        | 拼音
          English blocking verb            | KidShield blocks porn on every device  | kw.en.porn          | blocks
          English object after the term    | the best porn blocker for Chrome       | kw.en.porn          | blocker
          protect your kids from           | Protect your kids from adult videos    | kw.en.adult-videos  | kids from
          medical                          | syphilis is transmitted by sex without a condom | kw.en.sex | transmitted
          """)
  void aTermNextToACueIsDiscountedAndNamesTheCue(
      String name, String text, String rule, String cue) {
    assertThat(hit(text, rule)).as(name + " " + hits(text)).isEmpty();
    RawHit discounted = hit(text, KeywordDetector.DISCOUNTED_PREFIX + rule).orElseThrow();
    assertThat(discounted.category()).isEqualTo(Category.DISCOUNTED);
    assertThat(discounted.weight()).isZero();
    assertThat(discounted.snippet()).startsWith("object of ").contains("'" + cue + "'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          no cue at all                    | 海量成人视频 每日更新                    | kw.zh.chengren-shipin
          evading the filter (cancel)      | 防屏蔽色情网站最新地址                   | kw.zh.seqing
          bypassing the filter (cancel)    | bypass any content filter and see porn | kw.en.porn
          cue in another sentence          | 本站拒绝广告。成人视频每日更新             | kw.zh.chengren-shipin
          cue across a nav separator       | 举报中心 ｜ 成人视频                      | kw.zh.chengren-shipin
          offer closer than the cue        | block ads and watch porn in HD         | kw.en.porn
          offer closer than the cue (zh)   | 拒绝广告 免费成人视频                   | kw.zh.chengren-shipin
          cue too far before               | 举报 一二三四五六七八九十一二三四 色情视频 | kw.zh.seqing
          profit is never discounted       | 拦截 开通VIP会员                       | kw.zh.kaitong-vip
          """)
  void aTermOfferedToTheVisitorCounts(String name, String text, String rule) {
    assertThat(hit(text, rule)).as(name + " " + hits(text)).isPresent();
    assertThat(hit(text, KeywordDetector.DISCOUNTED_PREFIX + rule)).isEmpty();
  }

  @Test
  void countedAndDiscountedMatchesOfOneRuleAreCountedApart() {
    List<RawHit> found = hits("成人视频在线观看，每日更新。本软件自动过滤成人视频。成人视频会员专区");
    assertThat(found)
        .filteredOn(h -> h.id().equals("kw.zh.chengren-shipin"))
        .singleElement()
        .extracting(RawHit::count)
        .isEqualTo(2);
    assertThat(found)
        .filteredOn(h -> h.id().equals("ctx.kw.zh.chengren-shipin"))
        .singleElement()
        .extracting(RawHit::count)
        .isEqualTo(1);
  }

  @Test
  void manyDiscountedMatchesFirstDoNotHideTheOfferedOnes() {
    // more than the 100 matches that count, all discounted, ahead of the page's real offer
    String blocked = "本软件拦截色情。".repeat(150);
    List<RawHit> found = hits(blocked + "色情视频每日更新");
    assertThat(found)
        .as("together rule")
        .filteredOn(h -> h.id().equals("kw.zh.seqing"))
        .singleElement()
        .extracting(RawHit::count)
        .isEqualTo(1);
    assertThat(found)
        .filteredOn(h -> h.id().equals("ctx.kw.zh.seqing"))
        .singleElement()
        .extracting(RawHit::count)
        .isEqualTo(100);
  }

  @Test
  void manyDiscountedMatchesFirstDoNotHideTheOfferedOnesOfAProximityRule() {
    String blocked = "We block nude photos. ".repeat(150);
    assertThat(hit(blocked + "Our gallery has many lovely nude photos", "kw.en.nude-photos"))
        .isPresent()
        .get()
        .extracting(RawHit::count)
        .isEqualTo(1);
  }

  @Test
  void aPageStuffedWithBlockCuesStillHonoursACancelCue() {
    // thousands of block cues read before the cancel cues in the cue file
    String stuffed = "过滤 阻断 阻止 封堵 拒绝 远离 抵制 杜绝。".repeat(1_000);
    assertThat(hit(stuffed + "防屏蔽色情网站最新地址", "kw.zh.seqing")).isPresent();
    assertThat(hit(stuffed + "防屏蔽色情网站最新地址", "ctx.kw.zh.seqing")).isEmpty();
  }

  @Test
  void minorsMatchesAreNeverDiscounted() {
    // a discounted minors match would lose its category, and with it the lead's MINORS flag
    String text = "Free porn videos updated daily. We never block schoolgirl scenes";
    assertThat(hit(text, "kw.en.schoolgirl"))
        .isPresent()
        .get()
        .extracting(RawHit::category)
        .isEqualTo(Category.MINORS);
    assertThat(hit(text, KeywordDetector.DISCOUNTED_PREFIX + "kw.en.schoolgirl")).isEmpty();
    assertThat(MatchContext.discountable(Category.MINORS)).isFalse();
  }

  @Test
  void aGenrePageReadsCuesInALongerWindow() {
    String far = "过滤 一二三四五六七八九十一二三四 色情视频";
    assertThat(hit(far, "kw.zh.seqing")).isPresent();
    RawHit onFilterPage = hit("家长控制 绿色上网 " + far, "ctx.kw.zh.seqing").orElseThrow();
    assertThat(onFilterPage.snippet()).contains("on a filter page");
  }

  @Test
  void aBadCueLineIsRefusedWithItsOrigin() {
    assertThatThrownBy(() -> MatchContext.parse("cues.txt", "block\t拦截\nhide\t隐藏\n"))
        .hasMessageContaining("cues.txt:2")
        .hasMessageContaining("unknown role 'hide'");
    assertThatThrownBy(() -> MatchContext.parse("cues.txt", "genre:shop\t购物车\n"))
        .hasMessageContaining("unknown genre 'shop'");
    assertThatThrownBy(() -> MatchContext.parse("cues.txt", "block 拦截\n"))
        .hasMessageContaining("expected 2 TAB-separated fields");
    assertThat(MatchContext.builtIn()).isNotEmpty();
  }

  @Test
  void noLexiconRuleMayNameTheDiscountedCategory() {
    assertThatThrownBy(() -> Lexicon.parseLine("x.txt:1", "kw.x\tdiscounted\t1.0\tsomething"))
        .hasMessageContaining("unknown category 'discounted'");
  }
}
