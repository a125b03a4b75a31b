package org.sitewatch.classifier.url;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The learned model's segmenter: the most probable cut of a glued name over word counts. */
class UrlWordsTest {
  /** A small word list with counts as training would find them (sites per word). */
  private static final UrlWords WORDS =
      UrlWords.of(
          Map.ofEntries(
              Map.entry("basket", 40),
              Map.entry("maker", 30),
              Map.entry("makers", 25),
              Map.entry("catalog", 50),
              Map.entry("cat", 60),
              Map.entry("scat", 3),
              Map.entry("petite", 12),
              Map.entry("free", 300),
              Map.entry("video", 200),
              Map.entry("videos", 150),
              Map.entry("and", 400),
              Map.entry("the", 500),
              Map.entry("thesaurus", 4),
              Map.entry("x", 900), // too short: never a word
              Map.entry("Upper", 90)), // not a-z: never a word
          100);

  private static String cut(UrlWords words, String text) {
    List<String> pieces = new ArrayList<>();
    words.segment(
        text, (t, start, end, known) -> pieces.add((known ? "" : "?") + t.substring(start, end)));
    return String.join("|", pieces);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // the frequent words win over a rare one hidden across them
    "basketmakerscatalog, basket|makers|catalog",
    // an unknown run stays one piece, however long, next to the known words
    "petitetina,          petite|?tina",
    "freevideosxyzzyplughquuxcorgegraultgarply, free|videos|?xyzzyplughquuxcorgegraultgarply",
    // a long rare word beats the frequent short words it could be cut into
    "thesaurus,           thesaurus",
    "qqqq,                ?qqqq",
  })
  void cutsAGluedNameIntoItsMostProbableWords(String text, String expected) {
    assertThat(cut(WORDS, text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"x", "upper", "basketmakerscatalogbasketmakerscatalogbasketmakers"})
  void wordsOutsideTheListAndOverlongChunksAreOneUnknownPiece(String text) {
    assertThat(cut(WORDS, text)).isEqualTo("?" + text);
    assertThat(cut(UrlWords.NONE, "basketmakers")).isEqualTo("?basketmakers");
  }

  @org.junit.jupiter.api.Test
  void keepsTheMostFrequentWordsFirstWithinItsLimit() {
    UrlWords two = UrlWords.of(Map.of("free", 3, "video", 9, "porn", 5, "ab", 99), 2);
    assertThat(two.words()).containsExactly("video", "porn");
    assertThat(two.count(0)).isEqualTo(9);
    assertThat(cut(two, "freevideo")).isEqualTo("?free|video");
  }
}
