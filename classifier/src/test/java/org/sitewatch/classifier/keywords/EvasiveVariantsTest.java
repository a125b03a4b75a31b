package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.Transliterator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.Fixtures;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;

/**
 * Every adult fixture stays flagged when its visible text is disguised the way evasive sites do it;
 * the hard negatives stay unflagged under the same disguises (the normalisation must not make
 * ordinary text look adult).
 */
class EvasiveVariantsTest {
  private static PageClassifier classifier;
  private static final Pattern TEXT = Pattern.compile(">([^<]+)<");
  private static final Transliterator TO_TRADITIONAL =
      Transliterator.getInstance("Simplified-Traditional");

  @BeforeAll
  static void load() {
    classifier = PageClassifier.load(ClassifierSettings.defaults());
  }

  enum Disguise {
    TRADITIONAL(TO_TRADITIONAL::transliterate),
    ZERO_WIDTH(s -> s.replaceAll("(?<=\\p{IsHan})(?=\\p{IsHan})", "\u200B")),
    NOISE(s -> s.replaceAll("(?<=\\p{IsHan})(?=\\p{IsHan})", "*")),
    FULL_WIDTH_LETTERS(
        s ->
            map(
                s,
                c ->
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                        ? (char) (c - 'A' + '\uFF21')
                        : c)),
    LOOK_ALIKES(
        s ->
            map(
                s,
                c ->
                    switch (c) {
                      case 'a' -> 'а';
                      case 'e' -> 'е';
                      case 'o' -> 'о';
                      case 'p' -> 'р';
                      case 'c' -> 'с';
                      case 'x' -> 'х';
                      default -> c;
                    })),
    REPEATED(
        s ->
            s.replaceAll("(?<=\\p{IsHan})(\\p{IsHan})(?=\\p{IsHan})", "$1$1$1")
                .replaceAll("o", "ooo")),
    ALL_AT_ONCE(s -> ZERO_WIDTH.apply(TRADITIONAL.apply(LOOK_ALIKES.apply(s))));

    private final UnaryOperator<String> disguise;

    Disguise(UnaryOperator<String> disguise) {
      this.disguise = disguise;
    }

    String apply(String text) {
      return disguise.apply(text);
    }

    private static String map(String s, java.util.function.IntUnaryOperator f) {
      return s.chars().map(f).mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
    }
  }

  /** Disguises the text between tags only, as a page author would. */
  static String disguise(String html, Disguise disguise) {
    Matcher m = TEXT.matcher(html);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(">" + disguise.apply(m.group(1)) + "<"));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static PageScore classify(String fixture, Disguise disguise) {
    String html = disguise(Fixtures.page(fixture), disguise);
    return classifier.classify(
        new PageInput("https://site.test/" + fixture, html, "text/html", Map.of()));
  }

  private static String explain(PageScore score) {
    return score.score()
        + " "
        + score.signals().stream()
            .map(s -> s.id() + "=" + s.weight())
            .collect(Collectors.joining(", "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "zh-adult-rta.html",
    "zh-adult-vip.html",
    "zh-adult-agegate.html",
    "zh-adult-evasion.html",
    "en-adult-cams.html",
    "en-adult-nsfw.html"
  })
  void flagsEveryAdultFixtureUnderEveryDisguise(String fixture) {
    for (Disguise disguise : Disguise.values()) {
      PageScore score = classify(fixture, disguise);
      assertThat(score.flagged()).as(disguise + " " + explain(score)).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "zh-news-crackdown.html", "zh-sex-education.html", "zh-lingerie-shop.html",
    "en-lingerie-shop.html", "en-news-crackdown.html", "zh-video-portal.html",
    "zh-ordinary-recipe.html", "en-ordinary-blog.html"
  })
  void leavesHardNegativesUnflaggedUnderEveryDisguise(String fixture) {
    for (Disguise disguise : Disguise.values()) {
      PageScore score = classify(fixture, disguise);
      assertThat(score.flagged()).as(disguise + " " + explain(score)).isFalse();
    }
  }
}
