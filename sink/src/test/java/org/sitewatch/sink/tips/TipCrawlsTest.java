package org.sitewatch.sink.tips;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.Outcome;

class TipCrawlsTest {
  private static final Instant AT = Instant.parse("2026-12-07T08:00:00.123456789Z");

  @ParameterizedTest(name = "{0} {1} result={2} details={3} \"{4}\" -> {5}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // stage  | kind         | typed result | details result | reason
        //            | end
        "CRAWLER  | SITE_CRAWLED | OK           | ok             | crawled                                      | OK",
        "CRAWLER  | SITE_CRAWLED | -            | ok             | crawled                                      | OK",
        "CRAWLER  | SITE_CRAWLED | UNREACHABLE  | -              | no page could be fetched                     | UNREACHABLE",
        "CRAWLER  | SITE_CRAWLED | -            | unreachable    | no page could be fetched                     | UNREACHABLE",
        "CRAWLER  | SITE_CRAWLED | REFUSED      | refused        | refused: 10.0.0.8 is a private address       | REFUSED",
        "CRAWLER  | SITE_CRAWLED | OTHER        | -              | a newer writer's result                      | -",
        "CRAWLER  | SITE_CRAWLED | -            | -              | a writer that says nothing                   | -",
        "CRAWLER  | SKIPPED      | -            | -              | site was crawled by this worker at 2026-12-07 | CRAWLED_RECENTLY",
        "CRAWLER  | SKIPPED      | -            | -              | site is being crawled by this worker right now | -",
        "CRAWLER  | SKIPPED      | -            | -              | crawl-trap limit depth cut                   | -",
        "CRAWLER  | FETCH_FAILED | -            | -              | HTTP 404                                     | -",
        "CRAWLER  | REFUSED      | -            | -              | robots.txt                                   | -",
        "SINK     | SITE_CRAWLED | OK           | ok             | crawled                                      | -",
      })
  void aSiteLevelOutcomeSaysHowTheReportedSitesCrawlEnded(
      Outcome.Stage stage,
      Outcome.Kind kind,
      CrawlResult typed,
      String details,
      String reason,
      TipCrawls.End end) {
    Outcome o =
        new Outcome(
            Outcome.VERSION,
            "vip-videos.example",
            null,
            stage,
            kind,
            reason,
            AT,
            details == null ? Map.of() : Map.of(CrawlResult.DETAILS_KEY, details),
            typed,
            null);

    Optional<TipCrawls.SiteCrawl> crawl = TipCrawls.of(o);

    assertThat(crawl.map(TipCrawls.SiteCrawl::end)).isEqualTo(Optional.ofNullable(end));
    crawl.ifPresent(
        c -> assertThat(c.at()).isEqualTo(Instant.parse("2026-12-07T08:00:00.123456Z")));
  }
}
