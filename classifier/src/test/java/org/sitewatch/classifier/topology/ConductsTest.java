package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConductsTest {
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "explicit profit|for-profit",
        "explicit|without-profit",
        "explicit live-video|without-profit showing-audio-video",
        "explicit profit live-video|for-profit showing-audio-video",
        "solicitation|solicitation",
        "explicit profit solicitation|for-profit solicitation",
        "profit|for-profit",
        "live-video|showing-audio-video",
        "explicit minors|without-profit",
        "negative-context|",
        "|",
      })
  void derivesConductsFromCategories(String categories, String conducts) {
    assertThat(Conducts.of(words(categories))).containsExactlyElementsOf(words(conducts));
  }

  private static List<String> words(String s) {
    return s == null ? List.of() : Arrays.asList(s.split(" "));
  }
}
