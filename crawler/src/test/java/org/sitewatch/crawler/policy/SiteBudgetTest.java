package org.sitewatch.crawler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.RequestPolicy;
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
            new CrawlOverrides(
                null, null, null, null, null, true, " case 2026-114 ", "inspector li"));
    assertThat(b.ignoreRobots()).isTrue();
    assertThat(b.robotsOverrideNote()).isEqualTo("case 2026-114 (operator inspector li)");
    assertThat(
            SiteBudget.of(
                    settings,
                    new CrawlOverrides(null, null, null, null, null, true, "case 7", null))
                .robotsOverrideNote())
        .isEqualTo("case 7 (operator unknown)");
  }

  @Test
  void clampsEveryOverrideToTheWorkersCeilingsAndNotesIt() {
    SiteBudget b =
        SiteBudget.of(
            settings,
            new CrawlOverrides(
                5_000_000, 40_000, Long.MAX_VALUE, Long.MAX_VALUE, 0L, false, null, null));
    RequestPolicy p = settings.requests();
    assertThat(b.maxPages()).isEqualTo(p.maxOverridePages());
    assertThat(b.maxDepth()).isEqualTo(p.maxOverrideDepth());
    assertThat(b.maxBytes()).isEqualTo(p.maxOverrideBytes());
    assertThat(b.maxDurationMs()).isEqualTo(p.maxOverrideDurationMs());
    assertThat(b.politenessDelayMs()).isEqualTo(p.minOverridePolitenessMs());
    assertThat(b.clamped())
        .containsExactlyInAnyOrder(
            "maxPages 5000000 -> 1000 (crawler.override.max-pages)",
            "maxDepth 40000 -> 10 (crawler.override.max-depth)",
            "maxBytes " + Long.MAX_VALUE + " -> 536870912 (crawler.override.max-bytes)",
            "maxDurationMs " + Long.MAX_VALUE + " -> 14400000 (crawler.override.max-duration)",
            "politenessDelayMs 0 -> 250 (crawler.override.min-politeness-delay)");
  }

  @Test
  void theCeilingsComeFromTheWorkersRequestPolicy() {
    CrawlerSettings strict =
        settings.withRequests(new RequestPolicy(5, 100, 2, 1_000_000, 60_000, 2_000, ""));
    SiteBudget b =
        SiteBudget.of(
            strict,
            new CrawlOverrides(200, 3, 2_000_000L, 120_000L, 7_200_000L, false, null, null));
    assertThat(b.maxPages()).isEqualTo(100);
    assertThat(b.maxDepth()).isEqualTo(2);
    assertThat(b.maxBytes()).isEqualTo(1_000_000);
    assertThat(b.maxDurationMs()).isEqualTo(60_000);
    assertThat(b.politenessDelayMs()).isEqualTo(3_600_000); // never above an hour
    assertThat(b.clamped()).hasSize(5);
  }

  @Test
  void overridesWithinTheCeilingsAreNotNoted() {
    assertThat(
            SiteBudget.of(settings, new CrawlOverrides(200, 5, null, null, 500L, false, null, null))
                .clamped())
        .isEmpty();
  }

  @Test
  void boundsTheReasonAndOperatorEveryPageCarries() {
    String reason = "r".repeat(50_000);
    SiteBudget b =
        SiteBudget.of(
            settings,
            new CrawlOverrides(null, null, null, null, null, true, reason, "o".repeat(50_000)));
    assertThat(b.robotsOverrideNote().length()).isLessThan(2 * SiteBudget.MAX_NOTE_PART + 100);
  }

  @Test
  void eventsRefuseARobotsOverrideWithoutAReason() {
    assertThatThrownBy(() -> new CrawlOverrides(null, null, null, null, null, true, " ", "x"))
        .hasMessageContaining("reason");
  }
}
