package org.sitewatch.classifier.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sitewatch.classifier.page.Fixtures.classifyFixture;
import static org.sitewatch.classifier.page.Fixtures.classifyHtml;
import static org.sitewatch.classifier.page.Fixtures.explain;
import static org.sitewatch.classifier.page.Fixtures.signal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.signals.StructureDetector;
import org.sitewatch.events.SignalHit;

class PageClassifierTest {
  private static final PageClassifier classifier = Fixtures.classifier();

  @ParameterizedTest(name = "{0} flagged={1}")
  @CsvSource({
    // Chinese adult-looking pages
    "zh-adult-rta.html,        true",
    "zh-adult-vip.html,        true",
    "zh-adult-agegate.html,    true",
    "zh-adult-evasion.html,    true",
    // English adult-looking pages
    "en-adult-cams.html,       true",
    "en-adult-nsfw.html,       true",
    // hard negatives: same words, other context
    "zh-news-crackdown.html,   false",
    "zh-sex-education.html,    false",
    "zh-lingerie-shop.html,    false",
    "en-lingerie-shop.html,    false",
    "en-news-crackdown.html,   false",
    "zh-video-portal.html,     false",
    // ordinary pages
    "zh-ordinary-recipe.html,  false",
    "en-ordinary-blog.html,    false",
  })
  void flagsAdultPagesAndSparesHardNegatives(String fixture, boolean flagged) {
    PageScore score = classifyFixture(fixture);
    assertThat(score.flagged()).as(explain(score)).isEqualTo(flagged);
    assertThat(score.score() >= 0.5).isEqualTo(flagged);
  }

  @ParameterizedTest(name = "{0} well below threshold")
  @CsvSource({
    "zh-news-crackdown.html",
    "zh-sex-education.html",
    "en-news-crackdown.html",
    "zh-ordinary-recipe.html",
    "en-ordinary-blog.html"
  })
  void keepsNewsEducationAndOrdinaryPagesWellBelowThreshold(String fixture) {
    PageScore score = classifyFixture(fixture);
    assertThat(score.score()).as(explain(score)).isLessThan(0.2);
  }

  @ParameterizedTest(name = "{0} fires {1}")
  @CsvSource({
    "zh-adult-rta.html,      meta.rta",
    "zh-adult-agegate.html,  structure.age-gate",
    "zh-adult-vip.html,      structure.price-per-period",
    "zh-adult-vip.html,      kw.zh.zhifubao-huiyuan",
    "en-adult-cams.html,     structure.age-gate",
    "en-adult-cams.html,     structure.price-per-period",
    "en-adult-nsfw.html,     meta.rating-adult",
    "zh-news-crackdown.html, neg.zh.saohuang-dafei",
    "zh-news-crackdown.html, neg.zh.yifa-chachu",
    "en-news-crackdown.html, neg.en.crackdown",
  })
  void reportsTheSignalThatFired(String fixture, String signalId) {
    assertThat(signal(classifyFixture(fixture), signalId).url())
        .isEqualTo("https://site.test/" + fixture);
  }

  @Test
  void snippetShowsTheMatchedWordInItsContext() {
    PageScore score = classifyFixture("zh-adult-vip.html");
    SignalHit hit = signal(score, "kw.zh.chengren-dianying");
    assertThat(hit.snippet()).contains("海量成人电影").contains("开通会员");
    assertThat(hit.category()).isEqualTo("explicit");
    assertThat(score.categories()).contains("explicit", "profit");
  }

  @Test
  void snippetIsCutFromTheOriginalTextAroundTheMatch() {
    String filler = "这是一段很长的普通文字。".repeat(20);
    PageScore score = classifyHtml("<p>" + filler + "这里提到色情一词" + filler + "</p>");
    String snippet = signal(score, "kw.zh.seqing").snippet();
    assertThat(snippet).contains("这里提到色情一词").startsWith("…").endsWith("…");
    assertThat(snippet.length()).isLessThan(80);
  }

  @Test
  void capsARepeatedWordSoThatItCannotFlagAPageAlone() {
    PageScore once = classifyHtml("<p>色情</p>");
    PageScore many = classifyHtml("<p>" + "色情 ".repeat(50) + "</p>");
    SignalHit hit = signal(many, "kw.zh.seqing");
    assertThat(hit.count()).isEqualTo(50);
    assertThat(hit.weight()).isEqualTo(signal(once, "kw.zh.seqing").weight() * 2);
    assertThat(many.flagged()).as(explain(many)).isFalse();
  }

  @Test
  void matchesFullWidthLettersAsHalfWidth() {
    PageScore score = classifyHtml("<p>最新 ｐｏｒｎ 合集</p>");
    assertThat(signal(score, "kw.en.porn").snippet()).contains("ｐｏｒｎ");
  }

  @Test
  void seesThroughNoiseBetweenChineseCharactersAndKeepsTheOriginalInTheSnippet() {
    PageScore score = classifyHtml("<p>最新 色*情 资源 成-人-视-频</p>");
    assertThat(signal(score, "kw.zh.seqing").snippet()).contains("色*情");
    assertThat(signal(score, "kw.zh.chengren-shipin").snippet()).contains("成-人-视-频");
  }

  @Test
  void keepsSpacedWordsApartButJoinsSpacedOutSingleCharacters() {
    PageScore tags = classifyHtml("<p>标签：色情 色情 色情</p>");
    assertThat(tags.signals()).extracting(SignalHit::id).containsExactly("kw.zh.seqing");
    PageScore spaced = classifyHtml("<p>最新 成 人 视 频</p>");
    assertThat(signal(spaced, "kw.zh.chengren-shipin").snippet()).contains("成 人 视 频");
  }

  @Test
  void countsCoOccurrenceOnlyWhenEveryPartIsPresent() {
    assertThat(classifyHtml("<p>支持支付宝付款</p>").signals())
        .extracting(SignalHit::id)
        .doesNotContain("kw.zh.zhifubao-huiyuan");
    SignalHit hit = signal(classifyHtml("<p>支持支付宝付款。</p><p>开通会员</p>"), "kw.zh.zhifubao-huiyuan");
    assertThat(hit.snippet()).contains("支付宝").contains("会员");
  }

  @Test
  void countsMinorsSignalsOnlyTogetherWithExplicitSignals() {
    assertThat(classifyHtml("<p>萝莉塔风格连衣裙</p>").signals())
        .extracting(SignalHit::id)
        .doesNotContain("kw.zh.luoli");
    assertThat(classifyHtml("<p>萝莉 成人视频</p>").signals())
        .extracting(SignalHit::id)
        .contains("kw.zh.luoli");
  }

  @Test
  void aMinorsTermNextToABlockCueStaysAMinorsSignalOnAnAdultPage() {
    // the lead's priority reads the "minors" category of the page's signals
    PageScore score = classifyHtml("<p>成人视频 每日更新</p><p>本站不拦截萝莉内容</p>");
    assertThat(score.signals())
        .filteredOn(s -> s.id().equals("kw.zh.luoli"))
        .singleElement()
        .extracting(SignalHit::category)
        .isEqualTo("minors");
    assertThat(score.categories()).contains("minors");
    // without an explicit term that counts, the minors term still adds nothing
    assertThat(classifyHtml("<p>本软件自动拦截萝莉和色情内容</p>").signals())
        .extracting(SignalHit::category)
        .doesNotContain("minors");
  }

  @Test
  void signalWeightsAddUpToTheLogit() {
    PageScore score = classifyFixture("zh-adult-vip.html");
    double logit = Scoring.BIAS + score.signals().stream().mapToDouble(SignalHit::weight).sum();
    assertThat(score.score())
        .isCloseTo(Scoring.logistic(logit), org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void readsTheRtaLabelFromTheRatingHeader() {
    PageScore score =
        classifier.classify(
            new PageInput(
                "https://site.test/h",
                "<p>adult videos</p>",
                "text/html",
                Map.of("Rating", StructureDetector.RTA_LABEL)));
    assertThat(signal(score, "meta.rta").snippet()).contains(StructureDetector.RTA_LABEL);
    assertThat(score.flagged()).as(explain(score)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty|",
        "blank|   \n\t ",
        "unclosed tags|<html><body><div><p>色情<b><i><table><tr><td>",
        "not html at all|{\"json\": true, \"items\": [1,2,3]}",
        "lone brackets|<<<<>>>></</<!--",
      })
  void scoresMalformedInputLowWithoutThrowing(String name, String content) {
    PageScore score = classifyHtml(content == null ? "" : content);
    assertThat(score.score()).as(name).isLessThan(0.5);
    assertThat(score.flagged()).isFalse();
  }

  @Test
  void scoresBinaryLookingInputAsEmpty() {
    StringBuilder binary = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      binary.append((char) (i % 32)).append("色情");
    }
    PageScore score = classifyHtml(binary.toString());
    assertThat(score.signals()).isEmpty();
    assertThat(score.score()).isLessThan(0.05);
  }

  @Test
  void scoresHugeInputWithoutThrowing() {
    String huge = "<p>" + "普通的文字 ordinary words ".repeat(200_000) + "</p>";
    PageScore score = classifyHtml(huge);
    assertThat(score.flagged()).isFalse();
  }

  @Test
  void scoresPlainTextAndIgnoresBinaryContentTypes() {
    assertThat(
            classifier
                .classify(
                    new PageInput("https://site.test/t", "成人视频 无码 18禁", "text/plain", Map.of()))
                .flagged())
        .isTrue();
    assertThat(
            classifier
                .classify(
                    new PageInput("https://site.test/i", "成人视频 无码 18禁", "image/png", Map.of()))
                .signals())
        .isEmpty();
  }

  @Test
  void versionsTheBuiltInLexicons() {
    assertThat(classifier.lexiconVersion()).matches("builtin-[0-9a-f]{12}");
    assertThat(classifier.keywordRuleCount()).isBetween(400, 1000);
  }

  @Test
  void extraLexiconFileAddsReplacesAndDisablesRules(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("extra.txt");
    Files.writeString(
        file,
        """
        # local additions
        kw.local.test\texplicit\t1.9\t测试专区
        kw.zh.seqing\texplicit\t0\t色情
        """,
        StandardCharsets.UTF_8);
    PageClassifier custom =
        PageClassifier.load(ClassifierSettings.defaults().withLexiconFile(file));
    PageScore score =
        custom.classify(
            new PageInput("https://site.test/x", "<p>测试专区 色情</p>", "text/html", Map.of()));
    assertThat(score.signals())
        .extracting(SignalHit::id)
        .contains("kw.local.test")
        .doesNotContain("kw.zh.seqing");
    assertThat(custom.lexiconVersion()).matches("custom-[0-9a-f]{12}");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a.b\texplicit\t1.0|expected 4 TAB-separated fields",
        "a.b\texplict\t1.0\tword|unknown category 'explict'",
        "a.b\texplicit\tlots\tword|weight 'lots' is not a number",
        "a.b\tnegative-context\t1.0\tnews|needs a negative weight",
        "A B\texplicit\t1.0\tword|rule id 'A B'",
        "a.b\texplicit\t1.0\t色|single Chinese character",
        "a.b\texplicit\t1.0\t***|no searchable words",
      })
  void refusesABadLexiconLineNamingFileAndLine(String line, String message, @TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "# header\n\n" + line + "\n", StandardCharsets.UTF_8);
    ClassifierSettings settings = ClassifierSettings.defaults().withLexiconFile(file);
    assertThatThrownBy(() -> PageClassifier.load(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + ":3")
        .hasMessageContaining(message);
  }

  @Test
  void refusesAMissingLexiconFile(@TempDir Path dir) {
    ClassifierSettings settings =
        ClassifierSettings.builder()
            .lexiconFile(Optional.of(dir.resolve("missing.txt")))
            .applicationId("app")
            .build();
    assertThatThrownBy(() -> PageClassifier.load(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing.txt");
  }
}
