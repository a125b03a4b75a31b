package org.sitewatch.classifier.conduct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnchorScannerTest {
  private static final List<String> WORDS =
      List.of("text", "tel", "hotel", "$", "元", "下载", "aa", "kik", "vip", "会员");

  /** What the scanner replaces: each word looked for with indexOf in the lower-cased text. */
  private static int[][] reference(String text, int[] caps) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.length() != text.length()) {
      lower = text;
    }
    int[][] out = new int[WORDS.size()][];
    for (int w = 0; w < WORDS.size(); w++) {
      String word = WORDS.get(w);
      List<Integer> at = new ArrayList<>();
      int i = lower.indexOf(word);
      while (i >= 0 && at.size() < caps[w]) {
        at.add(i);
        i = lower.indexOf(word, i + word.length());
      }
      out[w] = at.stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  private static int[] caps(int cap) {
    int[] caps = new int[WORDS.size()];
    Arrays.fill(caps, cap);
    return caps;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Call or TEXT me at the HOTEL: $80, 会员 100元, 下载下载",
        "aaaaa AAA aa", // a word that overlaps itself: occurrences do not overlap
        "\u212Aik and KIK", // the Kelvin sign lower-cases to k
        "\u0130 text TEXT", // a dotted capital I lengthens the lower case: text as written
        "hotel", // a word inside another word is found for both
        "te", // a word cut off at the end
        ""
      })
  void findsWhatIndexOfFindsInTheLowerCasedText(String text) {
    int[] caps = caps(100);
    assertThat(new AnchorScanner(WORDS, caps).find(text)).isDeepEqualTo(reference(text, caps));
  }

  @Test
  void findsWhatIndexOfFindsInRandomTexts() {
    Random random = new Random(15);
    String alphabet = "aAtTeExXlLhHoO$元下载会员vVpPiIkK\u212A \u0130";
    int[] caps = caps(3);
    AnchorScanner scanner = new AnchorScanner(WORDS, caps);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        // the dotted capital I is rare, so that most texts are matched ignoring case
        if (c == '\u0130' && random.nextInt(8) != 0) {
          c = ' ';
        }
        text.append(c);
      }
      String t = text.toString();
      assertThat(scanner.find(t)).as(t).isDeepEqualTo(reference(t, caps));
    }
  }

  @Test
  void keepsAtMostTheCapOfEachWord() {
    int[] caps = caps(2);
    int[][] found = new AnchorScanner(WORDS, caps).find("$1 $2 $3 $4 text");
    assertThat(found[WORDS.indexOf("$")]).containsExactly(0, 3);
    assertThat(found[WORDS.indexOf("text")]).containsExactly(12);
  }

  @Test
  void refusesWordsItCouldMiss() {
    assertThatThrownBy(() -> new AnchorScanner(List.of("Text"), new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AnchorScanner(List.of("ä"), new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AnchorScanner(List.of("vip", "vip"), new int[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
