package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Remembered answers are those of the window and the match's place in it, never of another. */
class WordBoundaryCheckTest {
  @Test
  void aRememberedWindowStillAnswersForWhereTheMatchLiesInIt() {
    WordBoundaryCheck check = new WordBoundaryCheck();
    String text = "颜色情况";
    // 颜色 / 情况: 色情 crosses two words, 颜色 is one of them; the window is the same text
    assertThat(check.standsAlone(text, 1, 3)).isFalse();
    assertThat(check.standsAlone(text, 0, 2)).isTrue();
    assertThat(check.standsAlone(text, 1, 3)).isFalse();
  }
}
