package org.sitewatch.infra.cli.stage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeedCommandTest {
  @Test
  void seedTurnsItsOptionsIntoPriorityAndPerSeedOverrides() {
    SeedCommand seed = new SeedCommand();
    new picocli.CommandLine(seed)
        .parseArgs(
            "--tip",
            "--max-pages",
            "200",
            "--max-depth",
            "5",
            "--max-bytes",
            "1000000",
            "--max-duration",
            "10m",
            "--politeness",
            "2s",
            "--ignore-robots",
            "--reason",
            "case 2026-114",
            "--operator",
            "inspector li",
            "http://www.a-shop.test/");
    org.sitewatch.events.CrawlRequest r =
        seed.requestFor("http://www.a-shop.test/", java.time.Instant.parse("2026-11-02T08:00:00Z"));
    assertThat(r.source()).isEqualTo(org.sitewatch.events.CrawlRequest.Source.TIP);
    assertThat(r.priority()).isEqualTo(org.sitewatch.events.CrawlRequest.TIP_PRIORITY);
    assertThat(r.site()).isEqualTo("a-shop.test");
    assertThat(r.overrides())
        .isEqualTo(
            new org.sitewatch.events.CrawlOverrides(
                200, 5, 1_000_000L, 600_000L, 2000L, true, "case 2026-114", "inspector li"));

    SeedCommand plain = new SeedCommand();
    new picocli.CommandLine(plain)
        .parseArgs("--priority", "9", "--politeness", "250", "http://b-news.test/");
    org.sitewatch.events.CrawlRequest p =
        plain.requestFor("http://b-news.test/", java.time.Instant.parse("2026-11-02T08:00:00Z"));
    assertThat(p.priority()).isEqualTo(9);
    assertThat(p.source()).isEqualTo(org.sitewatch.events.CrawlRequest.Source.SEED);
    assertThat(p.overrides().politenessDelayMs()).isEqualTo(250L);
    assertThat(p.overrides().ignoreRobots()).isFalse();

    SeedCommand none = new SeedCommand();
    new picocli.CommandLine(none).parseArgs("http://c.test/");
    assertThat(none.requestFor("http://c.test/", java.time.Instant.EPOCH).overrides()).isNull();
  }
}
