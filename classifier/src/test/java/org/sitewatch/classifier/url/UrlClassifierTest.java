package org.sitewatch.classifier.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.Scoring;
import org.sitewatch.events.SignalHit;

/** The token rules on their own; the learned model on top of them: {@link UrlModelTest}. */
class UrlClassifierTest {
  private static UrlClassifier classifier;

  @BeforeAll
  static void load() {
    classifier = UrlClassifier.rulesOnly(ClassifierSettings.defaults());
  }

  private static String explain(UrlScore s) {
    return s.score()
        + " "
        + s.signals().stream()
            .map(h -> h.id() + "=" + h.weight() + " '" + h.snippet() + "'")
            .collect(Collectors.joining(", "));
  }

  @ParameterizedTest(name = "{0} -> flagged={1}")
  @CsvSource({
    // English adult tokens, glued words segmented
    "freeporntube.example,                   true",
    "https://www.xxx-videos.example/,        true",
    "hot-adult-videos.example,               true",
    "bigsex.example,                         true",
    "kimosex.example,                        true",
    "hentai-world.example,                   true",
    "milfclips.example,                      true",
    "livecams-girls.example,                 true",
    "gaytube.example,                        true",
    "hotntubes.example,                      true",
    "p-o-r-n.example,                        true",
    "https://files.example/videos/porn/index.html, true",
    // TLD priors
    "example.xxx,                            true",
    "example.porn,                           true",
    // Chinese pinyin and number patterns
    "seqingwang.example,                     true",
    "se-qing.example,                        true",
    "huangse.example,                        true",
    "xiaoshuo-se.example,                    true",
    "yazhou-se.example,                      true",
    "huarenav.example,                       true",
    "91porn.example,                         true",
    "luanlun-xiaoshuo.example,               true",
    // tricky benign: the signal word is inside an ordinary word or a place name
    "essex.ac.uk,                            false",
    "www.sussex.example,                     false",
    "middlesex.example,                      false",
    "analytics.example.com,                  false",
    "cockpit-tools.example,                  false",
    "therapist-finder.example,               false",
    "scunthorpe-united.example,              false",
    "expertsexchange.example,                false",
    "shopping-mall.example,                  false",
    "cameroon-news.example,                  false",
    "javascript-tips.example,                false",
    "avenue-hotel.example,                   false",
    "youtube.example,                        false",
    "tuberculosis-research.example,          false",
    "https://www.accuweather.example/index?nav=home, false",
    // sex education and health: the negative words outweigh 'sex'
    "sexeducation.example,                   false",
    "sexualhealth.example,                   false",
    "sex-education-clinic.example,           false",
    // short or weak tokens alone are not enough
    "se.example,                             false",
    "girls-school.example,                   false",
    "5201314.example,                        false",
    "lingerie-boutique.example,              false",
    "sexy-lingerie.example,                  false",
    // a news report about the crackdown, found by its path
    "https://news.example/2024/police-crackdown-on-porn-sites, false",
    // ordinary sites
    "www.example.com,                        false",
    "https://bank.example.co.uk/login,       false",
    "baidu.example.cn,                       false",
  })
  void flagsAddressesFromTheirTokens(String item, boolean flagged) {
    UrlScore score = classifier.classify(item);
    assertThat(score.flagged()).as(explain(score)).isEqualTo(flagged);
  }

  @Test
  void reportsEachSignalWithTheMatchedTokenAndTheInput() {
    UrlScore score = classifier.classify("freeporntube.example");
    assertThat(score.input()).isEqualTo("freeporntube.example");
    assertThat(score.signals()).extracting(SignalHit::id).contains("url.porn", "url.tube");
    SignalHit tube =
        score.signals().stream().filter(h -> h.id().equals("url.tube")).findFirst().orElseThrow();
    // a substring rule reports the whole chunk it was found in
    assertThat(tube.snippet()).isEqualTo("freeporntube");
    assertThat(tube.url()).isEqualTo("freeporntube.example");
    assertThat(tube.category()).isEqualTo("live-video");
    // strongest first
    assertThat(score.signals().get(0).id()).isEqualTo("url.porn");
  }

  @Test
  void scoreIsTheLogisticOfBiasPlusTheReportedWeights() {
    UrlScore score = classifier.classify("https://sexeducation.example/hot-girls");
    double logit =
        UrlClassifier.BIAS + score.signals().stream().mapToDouble(SignalHit::weight).sum();
    assertThat(score.score())
        .isCloseTo(Scoring.logistic(logit), org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void anAddressWithoutSignalsScoresTheBias() {
    UrlScore score = classifier.classify("https://www.example.org/about");
    assertThat(score.signals()).isEmpty();
    assertThat(score.score()).isEqualTo(Scoring.logistic(UrlClassifier.BIAS));
  }

  @Test
  void negativeContextTakesAwayAtMostItsCap() {
    UrlScore score =
        classifier.classify("porn.example/news/health/education/university/hospital/museum");
    double negative =
        score.signals().stream().mapToDouble(SignalHit::weight).filter(w -> w < 0).sum();
    assertThat(negative)
        .isCloseTo(UrlClassifier.NEGATIVE_CAP, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void minorsWordsCountOnlyNextToAnExplicitSignal() {
    assertThat(classifier.classify("teens-book-club.example").signals())
        .extracting(SignalHit::category)
        .doesNotContain("minors");
    assertThat(classifier.classify("teens-porn.example").signals())
        .extracting(SignalHit::category)
        .contains("minors", "explicit");
  }

  @Test
  void aStrongRuleRepeatedCountsWithTheCountFactor() {
    UrlScore score = classifier.classify("porn.example/porn/porn/porn");
    SignalHit porn = score.signals().get(0);
    assertThat(porn.id()).isEqualTo("url.porn");
    assertThat(porn.count()).isEqualTo(4);
    assertThat(porn.weight()).isEqualTo(4.0 * Scoring.countFactor(4));
  }

  @Test
  void aLongerChunkPatternShadowsAShorterOneInTheSameChunk() {
    // "erotic" is *eroti*, not also ero*
    assertThat(classifier.classify("erotic.example").signals())
        .extracting(SignalHit::id)
        .contains("url.eroti")
        .doesNotContain("url.ero");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "://",
        "http://",
        "https://[::1]:8080/x",
        "10.0.0.1",
        "http://user:pw@host.example:99/a?b=c#d",
        "%zz%",
        "xn--invalid--.example",
        "....",
        "http://例え.テスト/パス"
      })
  void oddInputIsScoredWithoutFailing(String item) {
    UrlScore score = classifier.classify(item);
    assertThat(score.score()).isBetween(0.0, 1.0);
  }

  @Test
  void aHugeInputIsCutToItsFirstCharacters() {
    UrlScore score = classifier.classify("porn" + "a".repeat(1_000_000) + ".example");
    assertThat(score.flagged()).isTrue();
    // the matched chunk is what was kept of the input: cut at MAX_INPUT, suffix and all
    assertThat(score.signals())
        .isNotEmpty()
        .allSatisfy(h -> assertThat(h.snippet()).hasSizeLessThanOrEqualTo(UrlTokens.MAX_INPUT));
    UrlTokens tokens =
        UrlTokens.parse(
            "porn" + "a".repeat(1_000_000) + ".example",
            UrlTokens.Dictionary.of(java.util.Set.of("porn")));
    assertThat(tokens.suffix()).isEmpty();
    assertThat(tokens.chunks())
        .extracting(c -> c.text().length())
        .containsExactly(UrlTokens.MAX_INPUT);
  }

  @Test
  void aSignalBeyondTheCutIsNotSeen() {
    String padding = "/" + "a".repeat(UrlTokens.MAX_INPUT);
    assertThat(classifier.classify("www.example.org/porn").signals())
        .extracting(SignalHit::id)
        .contains("url.porn");
    UrlScore cut = classifier.classify("www.example.org" + padding + "/porn");
    assertThat(cut.signals()).isEmpty();
    assertThat(cut.score()).isEqualTo(Scoring.logistic(UrlClassifier.BIAS));
  }

  @Test
  void segmenterPrefersFewerWordsWhenEverythingIsCovered() {
    UrlTokens.Dictionary dict =
        UrlTokens.Dictionary.of(
            java.util.Set.of(
                "expert", "experts", "sex", "change", "exchange", "free", "porn", "tube"));
    assertThat(UrlTokens.segment("expertsexchange", dict).segments())
        .extracting(UrlTokens.Segment::text)
        .containsExactly("experts", "exchange");
    assertThat(UrlTokens.segment("freeporntube", dict).segments())
        .extracting(UrlTokens.Segment::text)
        .containsExactly("free", "porn", "tube");
    UrlTokens.Chunk partly = UrlTokens.segment("kimosex", dict);
    assertThat(partly.covered()).isFalse();
    assertThat(partly.segments())
        .extracting(UrlTokens.Segment::text, UrlTokens.Segment::known)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("kimo", false),
            org.assertj.core.groups.Tuple.tuple("sex", true));
  }

  @Test
  void addressIsCutIntoSuffixNameAndChunks() {
    UrlTokens t =
        UrlTokens.parse(
            "https://WWW.Se-Qing91.example.co.uk:8080/a/b%20c?q=1",
            UrlTokens.Dictionary.of(java.util.Set.of("se", "qing")));
    assertThat(t.suffix()).containsExactly("co", "uk");
    assertThat(t.name()).isEqualTo("example");
    assertThat(t.chunks())
        .extracting(UrlTokens.Chunk::text)
        .containsExactly("se", "qing", "91", "example", "a", "b", "c", "q", "1");
    assertThat(t.chunks())
        .extracting(UrlTokens.Chunk::host)
        .containsExactly(true, true, true, true, false, false, false, false, false);
    assertThat(t.joinedLabels()).containsExactly("seqing91");
  }

  @Test
  void builtInLexiconHasNoRuleThatIsAWholeDomainName() {
    for (UrlRule rule : UrlLexicon.builtIn().rules()) {
      for (UrlRule.Part part : rule.parts()) {
        assertThat(part.text()).as(rule.origin()).doesNotContain(".");
      }
    }
    assertThat(classifier.lexiconVersion()).matches("url-builtin-[0-9a-f]{12}");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a\texplicit\t1\tporn\tx|expected 4 TAB-separated fields",
        "A\texplicit\t1\tporn|rule id 'A'",
        "a\tnonsense\t1\tporn|unknown category 'nonsense'",
        "a\texplicit\tmuch\tporn|weight 'much' is not a number",
        "a\texplicit\t-1\tporn|needs a positive weight",
        "a\tnegative-context\t1\tnews|needs a negative weight",
        "a\tneutral\t1\tword|a neutral rule has weight 0",
        "a\tneutral\t0\t*word*|a neutral rule is one plain word",
        "a\texplicit\t1\tPorn|must be lower-case",
        "a\tprior\t1\t#colour|unknown feature '#colour'",
        "a\texplicit\t11\tporn|weight must be within [-10, 10]",
      })
  void malformedLinesAreRejectedWithTheirPlace(String line, String message) {
    String text = line.replace("\\t", "\t");
    assertThatThrownBy(() -> UrlLexicon.parse("test.txt", "# header\n" + text + "\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.txt:2")
        .hasMessageContaining(message);
  }

  @Test
  void duplicateIdsAreRejected() {
    assertThatThrownBy(
            () -> UrlLexicon.parse("t.txt", "a\texplicit\t1\tporn\na\texplicit\t1\txxx\n"))
        .hasMessageContaining("t.txt:2")
        .hasMessageContaining("duplicate rule id 'a'");
  }

  @Test
  void patternFormsAreParsed() {
    List<UrlRule> rules =
        UrlLexicon.parse(
            "t.txt",
            String.join(
                "\n",
                "a\texplicit\t1\tword",
                "b\texplicit\t1\t*sub*",
                "c\texplicit\t1\t*end",
                "d\texplicit\t1\tstart*",
                "e\texplicit\t1\t=whole",
                "f\tprior\t1\t.xxx",
                "g\tprior\t1\t#digit-host",
                "h\texplicit\t1\tone + *two*",
                "i\tneutral\t0\tplain"));
    assertThat(rules)
        .extracting(r -> r.parts().get(0).kind())
        .containsExactly(
            UrlRule.Kind.WORD,
            UrlRule.Kind.SUBSTRING,
            UrlRule.Kind.CHUNK_END,
            UrlRule.Kind.CHUNK_START,
            UrlRule.Kind.CHUNK,
            UrlRule.Kind.PUBLIC_SUFFIX,
            UrlRule.Kind.FEATURE,
            UrlRule.Kind.WORD,
            UrlRule.Kind.WORD);
    assertThat(rules.get(7).parts()).extracting(UrlRule.Part::text).containsExactly("one", "two");
  }

  @ParameterizedTest
  @CsvSource({
    "128100, true",
    "16885858, true",
    "lu2100, true",
    "cfund108, false",
    "58, false",
    "abc, false"
  })
  void digitHeavyNames(String name, boolean heavy) {
    assertThat(UrlClassifier.digitHeavy(name)).isEqualTo(heavy);
  }
}
