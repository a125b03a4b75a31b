package org.sitewatch.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
    assertThat(SeedLimits.refusal("http://www.example-shop.test/index.html?id=3", limits)).isEmpty();
  }
}
