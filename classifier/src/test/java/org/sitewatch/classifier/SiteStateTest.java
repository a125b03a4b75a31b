package org.sitewatch.classifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.SignalHit;

class SiteStateTest {
  private static final double PAGE_THRESHOLD = 0.5;
  private static final double SITE_THRESHOLD = 0.6;
  private static final Instant AT = Instant.parse("2026-11-02T08:00:00Z");

  private static TrackedPage page(String path, double score) {
    return new TrackedPage("https://site.test" + path, score, score >= PAGE_THRESHOLD,
        "0".repeat(64), AT, score >= PAGE_THRESHOLD ? List.of("explicit") : List.of(),
        List.of(new SignalHit("kw.test", "explicit", score, 1, "…" + path + "…",
            "https://site.test" + path)));
  }

  private static SiteState site(String scores) {
    SiteState state = SiteState.empty();
    int i = 0;
    for (String s : scores.split(" ")) {
      state = state.with(page("/p" + i++, Double.parseDouble(s)), 10);
    }
    return state;
  }

  @ParameterizedTest(name = "pages {0} -> flagged {1}")
  @CsvSource({
    // one stray mildly suspicious page among ordinary ones
    "0.55 0.02 0.02 0.02 0.02 0.02,  false",
    // three pages that are suspicious but below the page threshold
    "0.45 0.45 0.45 0.02,            false",
    // innocuous home page, two explicit sub-pages
    "0.02 0.70 0.80,                 true",
    // one clearly explicit page
    "0.95 0.02 0.02,                 true",
    // two flagged pages just above the page threshold
    "0.52 0.55 0.02,                 true",
    // nothing at all
    "0.02 0.02 0.02 0.02,            false",
  })
  void decidesTheSiteByItsBestPages(String scores, boolean flagged) {
    SiteState state = site(scores);
    assertThat(state.siteScore() >= SITE_THRESHOLD).as("site score %s", state.siteScore())
        .isEqualTo(flagged);
  }

  @Test
  void siteScoreIsTheNoisyOrOfTheTopThreeDiscountedPages() {
    SiteState state = site("0.9 0.4 0.8 0.7");
    assertThat(state.siteScore()).isCloseTo(1 - 0.1 * 0.2 * 0.3, within(1e-9));
    assertThat(site("0.4").siteScore()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void tracksABoundedNumberOfPagesBestFirstButCountsAll() {
    SiteState state = SiteState.empty();
    for (int i = 0; i < 50; i++) {
      state = state.with(page("/p" + i, i / 100.0), 5);
    }
    assertThat(state.pages()).hasSize(5).extracting(TrackedPage::score)
        .containsExactly(0.49, 0.48, 0.47, 0.46, 0.45);
    assertThat(state.pagesScored()).isEqualTo(50);
    assertThat(state.revision()).isEqualTo(50);
  }

  @Test
  void keepsTheBestScoreOfAUrl() {
    SiteState state = SiteState.empty().with(page("/a", 0.9), 5).with(page("/a", 0.1), 5);
    assertThat(state.pages()).singleElement().extracting(TrackedPage::score).isEqualTo(0.9);
  }

  @Test
  void takesCategoriesFromFlaggedPagesOnlyAndSignalsStrongestFirst() {
    SiteState state = site("0.3 0.8 0.6");
    assertThat(state.categories()).containsExactly("explicit");
    assertThat(state.strongestSignals(2)).extracting(SignalHit::weight).containsExactly(0.8, 0.6);
    assertThat(state.pageRefs(1)).singleElement()
        .satisfies(ref -> assertThat(ref.url()).isEqualTo("https://site.test/p1"));
  }
}
