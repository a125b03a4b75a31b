package org.sitewatch.infra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Outcome;

class OutcomeTallyTest {
  private static final Instant AT = Instant.parse("2026-12-07T08:00:00Z");

  private static Outcome siteCrawled(String site, String crawlId, Instant at) {
    return new Outcome(
        Outcome.VERSION,
        site,
        "http://www." + site + "/",
        Outcome.Stage.CRAWLER,
        Outcome.Kind.SITE_CRAWLED,
        "crawled",
        at,
        crawlId == null ? Map.of() : Map.of(Outcome.CRAWL_ID, crawlId));
  }

  @Test
  void aSecondSiteCrawledOfOneCrawlIsARepeatNotASecondCrawl() {
    OutcomeTally tally = new OutcomeTally();

    assertThat(tally.add(siteCrawled("a.test", "crawl-requests:0:7:1", AT))).isTrue();
    assertThat(tally.add(siteCrawled("a.test", "crawl-requests:0:7:1", AT.plusSeconds(30))))
        .as("the same crawl, published again after its partition moved")
        .isFalse();
    assertThat(tally.add(siteCrawled("a.test", "crawl-requests:0:9:2", AT.plusSeconds(60))))
        .as("another request's crawl of the site")
        .isTrue();

    assertThat(tally.counts()).containsExactlyEntriesOf(Map.of(Outcome.Kind.SITE_CRAWLED, 2));
    assertThat(tally.repeatedCrawls()).isEqualTo(1);
    assertThat(tally.crawledSites()).containsExactly("a.test");
  }

  @Test
  void outcomesWithoutACrawlIdAndOtherKindsAreEachCounted() {
    OutcomeTally tally = new OutcomeTally();

    tally.add(siteCrawled("a.test", null, AT));
    tally.add(siteCrawled("a.test", null, AT.plusSeconds(1)));
    tally.add(
        Outcome.of(
            "b.test",
            "http://www.b.test/",
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SKIPPED,
            "site was crawled by this worker at " + AT,
            AT));
    tally.add(
        Outcome.of(
            "c.test", null, Outcome.Stage.CLASSIFIER, Outcome.Kind.BAD_RECORD, "not JSON", AT));

    assertThat(tally.counts())
        .containsEntry(Outcome.Kind.SITE_CRAWLED, 2)
        .containsEntry(Outcome.Kind.SKIPPED, 1)
        .containsEntry(Outcome.Kind.BAD_RECORD, 1);
    assertThat(tally.crawledSites()).containsExactlyInAnyOrder("a.test", "b.test");
    assertThat(tally.repeatedCrawls()).isZero();
  }
}
