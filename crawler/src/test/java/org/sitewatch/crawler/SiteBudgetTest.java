package org.sitewatch.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.CrawlOverrides;

class SiteBudgetTest {
  private final CrawlerSettings settings = CrawlerSettings.defaults(Path.of("work"));

  @Test
  void usesTheWorkerSettingsWithoutOverrides() {
    SiteBudget b = SiteBudget.of(settings, null);
    assertThat(b.maxPages()).isEqualTo(settings.maxPagesPerSite());
    assertThat(b.maxDepth()).isEqualTo(settings.maxDepth());
    assertThat(b.maxBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(b.maxDurationMs()).isEqualTo(30 * 60_000L);
    assertThat(b.politenessDelayMs()).isEqualTo(1000);
    assertThat(b.ignoreRobots()).isFalse();
    assertThat(b.robotsOverrideNote()).isNull();
  }

  @Test
  void overridesOnlyTheFieldsTheSeedSets() {
    SiteBudget b =
        SiteBudget.of(
            settings, new CrawlOverrides(200, null, 1_000_000L, null, 250L, false, null, null));
    assertThat(b.maxPages()).isEqualTo(200);
    assertThat(b.maxDepth()).isEqualTo(settings.maxDepth());
    assertThat(b.maxBytes()).isEqualTo(1_000_000L);
    assertThat(b.maxDurationMs()).isEqualTo(30 * 60_000L);
    assertThat(b.politenessDelayMs()).isEqualTo(250);
  }

  @Test
  void recordsTheReasonAndOperatorOfARobotsOverride() {
    SiteBudget b =
        SiteBudget.of(
            settings,
            new CrawlOverrides(null, null, null, null, null, true, " case 2026-114 ", "inspector li"));
    assertThat(b.ignoreRobots()).isTrue();
    assertThat(b.robotsOverrideNote()).isEqualTo("case 2026-114 (operator inspector li)");
    assertThat(
            SiteBudget.of(
                    settings, new CrawlOverrides(null, null, null, null, null, true, "case 7", null))
                .robotsOverrideNote())
        .isEqualTo("case 7 (operator unknown)");
  }

  @Test
  void refusesOverridesBeyondWhatAWorkerAccepts() {
    assertThatThrownBy(
            () ->
                SiteBudget.of(
                    settings,
                    new CrawlOverrides(null, 40_000, null, null, null, false, null, null)))
        .hasMessageContaining("maxDepth");
    assertThatThrownBy(
            () ->
                SiteBudget.of(
                    settings,
                    new CrawlOverrides(null, null, null, null, 7_200_000L, false, null, null)))
        .hasMessageContaining("politenessDelayMs");
  }

  @Test
  void eventsRefuseARobotsOverrideWithoutAReason() {
    assertThatThrownBy(() -> new CrawlOverrides(null, null, null, null, null, true, " ", "x"))
        .hasMessageContaining("reason");
  }
}
