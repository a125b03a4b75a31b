package org.sitewatch.crawler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.SiteLimits;

class SeedLimitsTest {
  private final SiteLimits limits = SiteLimits.defaults();

  @Test
  void refusesA64KilobyteSeedWithItsLengthAndTheLimit() {
    String seed = "http://long-seed.test/" + "a".repeat(64 * 1024);
    assertThat(SeedLimits.refusal(seed, limits))
        .hasValue(
            "refused: the URL is "
                + seed.length()
                + " characters long, more than crawler.trap.max-url-length (2048)");
  }

  @Test
  void refusesASeedThatBreaksTheOtherTrapRules() {
    assertThat(SeedLimits.refusal("http://a.test/x/y/x/y/x/y/", limits))
        .hasValueSatisfying(r -> assertThat(r).contains("crawler.trap.max-segment-repeats"));
  }

  @Test
  void acceptsAnOrdinarySeed() {
    assertThat(SeedLimits.refusal("http://www.example-shop.test/index.html?id=3", limits))
        .isEmpty();
  }

  @Test
  void theUrlLimitCannotBeRaisedPastWhatTheOtherStagesCarry() {
    // the classifier cuts longer URLs, so a longer limit would make leads quote URLs that the
    // recrawl check cannot fetch (a lead recorded gone for nothing)
    assertThatThrownBy(() -> new SiteLimits(10_000, 1024, 1000, 2049, 16, 2, 12, 50))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxUrlLength must be between 32 and 2048");
  }
}
