package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A page is normalised once and read twice (the keyword matcher's tokenizer and the conduct
 * patterns): both readings give what a fresh {@link EvasionCharFilter} over the page gives.
 */
class NormalizedTextTest {
  private static final String[] TEXTS = {
    "色*情 網站 ｐｏｒｎ рorn 成 人 视 频 色色色情 …… ㎏ ﬁ 𝐩𝐨𝐫𝐧 p\u0308orn 1 小时 ¥300", "", "plain text"
  };

  private static String readAll(Reader reader) throws IOException {
    StringBuilder out = new StringBuilder();
    char[] buf = new char[7]; // small reads, as a tokenizer may ask
    int n;
    while ((n = reader.read(buf, 0, buf.length)) != -1) {
      out.append(buf, 0, n);
    }
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void aSecondReadingGivesTheSameTextAndOffsetsAsAFreshFilter(int which) throws IOException {
    String page = TEXTS[which];
    EvasionCharFilter fresh = new EvasionCharFilter(new StringReader(page));
    String expected = readAll(fresh);
    NormalizedText text = NormalizedText.of(page);
    // the tokenizer's reading, twice: each replay starts at the beginning
    for (int reading = 0; reading < 2; reading++) {
      EvasionCharFilter replay = text.reader();
      assertThat(readAll(replay)).isEqualTo(expected);
      for (int off = 0; off <= expected.length(); off++) {
        assertThat(replay.correctOffset(off))
            .as("offset %d", off)
            .isEqualTo(fresh.correctOffset(off));
      }
    }
    assertThat(text.text()).isEqualTo(expected);
    // the conduct patterns' reading: offsets asked in any order
    for (int off = expected.length(); off >= 0; off--) {
      assertThat(text.originalOffset(off))
          .as("offset %d", off)
          .isEqualTo(Math.min(page.length(), fresh.correctOffset(off)));
    }
  }
}
