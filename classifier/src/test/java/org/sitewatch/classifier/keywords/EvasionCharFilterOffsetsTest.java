package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;

/**
 * Offsets through the evasion filter stay inside the original text and never run backwards, also
 * where one character becomes several ({@code …} to {@code ...}): smartcn refuses a token whose end
 * lies before its start, and the page then failed to score.
 */
class EvasionCharFilterOffsetsTest {
  /** The filter skips the property lookup below this character: the skip must not change a test. */
  @org.junit.jupiter.api.Test
  void noCharacterBelowTheFirstIdeographIsIdeographic() {
    for (char c = 0; c < EvasionCharFilter.FIRST_IDEOGRAPH; c++) {
      assertThat(Character.isIdeographic(c)).as("U+%04X", (int) c).isFalse();
    }
    assertThat(Character.isIdeographic(EvasionCharFilter.FIRST_IDEOGRAPH)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"第一章 …", "…", "成人小说 第一章 ……（情色内容，18禁）", "重 ㎏ 与 ﬁ 字", "a…b…c"})
  void everyOutputOffsetMapsIntoTheInputAndNeverBackwards(String text) throws IOException {
    EvasionCharFilter filter = new EvasionCharFilter(new StringReader(text));
    char[] buf = new char[256];
    int outLen = 0;
    int n;
    while ((n = filter.read(buf, outLen, buf.length - outLen)) > 0) {
      outLen += n;
    }
    int previous = 0;
    for (int off = 0; off <= outLen; off++) {
      int mapped = filter.correctOffset(off);
      assertThat(mapped).as("output offset %d of %s", off, text).isBetween(previous, text.length());
      previous = mapped;
    }
  }

  @ParameterizedTest
  @CsvSource({"成人小说 第一章 ……（情色内容，18禁）,情色", "色情……,色情", "…色情…,色情"})
  void aChineseMatchNextToAnEllipsisIsSegmentedWithoutFailing(String text, String bigram) {
    KeywordDetector detector = new KeywordDetector(Lexicon.load(Optional.empty()));
    List<RawHit> hits = new ArrayList<>();
    detector.detect(new PageText(text, Optional.empty(), Map.of()), hits);
    int at = text.indexOf(bigram);
    assertThat(new WordBoundaryCheck().standsAlone(text, at, at + 2)).isTrue();
  }
}
