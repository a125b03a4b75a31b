package org.sitewatch.sink.recrawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SeedResult;

class CheckJudgeTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # case                      | result      | status | sha | error                                          | pages | interrupted | baseline | state   | reason
          same page                   | ok          | 200    | A   | -                                              | 3     | -           | A        | ONLINE  | HTTP 200
          page changed                | ok          | 200    | B   | -                                              | 3     | -           | A        | CHANGED | HTTP 200
          no baseline yet             | ok          | 200    | B   | -                                              | 1     | -           | -        | ONLINE  | HTTP 200
          not found                   | unreachable | 404    | -   | HTTP 404 Not Found                             | 0     | -           | A        | GONE    | HTTP 404
          server error                | unreachable | 503    | -   | HTTP 503                                       | 0     | -           | A        | GONE    | HTTP 503
          DNS failure                 | unreachable | -      | -   | DNS lookup failed for vip.test: no such host   | 0     | -           | A        | GONE    | DNS lookup failed
          connection refused          | unreachable | -      | -   | connection failed: ConnectException: refused   | 0     | -           | A        | GONE    | connection failed
          slow server                 | unreachable | -      | -   | timed out: SocketTimeoutException: Read timed out | 0  | -           | A        | GONE    | timed out
          robots refusal              | refused     | -      | -   | refused: robots.txt of vip.test disallows /     | 0     | -           | A        | UNKNOWN | refused by policy
          worker closing              | unreachable | -      | -   | -                                              | 0     | true        | A        | UNKNOWN | check interrupted
          pages but no seed facts     | ok          | -      | -   | -                                              | 4     | -           | A        | ONLINE  | 4 page(s) fetched
          """)
  void judgesARecrawlOutcome(
      String name,
      String result,
      String status,
      String sha,
      String error,
      int pages,
      String interrupted,
      String baseline,
      CheckState state,
      String reason) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("source", "RECRAWL");
    details.put("result", result);
    details.put("pages", Integer.toString(pages));
    if (status != null) {
      details.put("seedStatus", status);
    }
    if (sha != null) {
      details.put("seedSha256", sha.equals("A") ? A : B);
    }
    if (error != null) {
      details.put("seedError", error);
    }
    if (interrupted != null) {
      details.put("interrupted", interrupted);
    }
    Outcome outcome =
        new Outcome(
            Outcome.VERSION,
            "vip.test",
            "http://vip.test/",
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            "summary",
            Instant.EPOCH,
            details);

    CheckJudge.Judgement j = CheckJudge.judge(outcome, baseline == null ? null : A);

    assertThat(j.state()).isEqualTo(state);
    assertThat(j.reason()).isEqualTo(reason);
    assertThat(j.pages()).isEqualTo(pages);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # case                      | result      | status | sha | error                                          | pages | interrupted | baseline | state   | reason
          same page                   | ok          | 200    | A   | -                                              | 3     | -           | A        | ONLINE  | HTTP 200
          page changed                | ok          | 200    | B   | -                                              | 3     | -           | A        | CHANGED | HTTP 200
          no baseline yet             | ok          | 200    | B   | -                                              | 1     | -           | -        | ONLINE  | HTTP 200
          not found                   | unreachable | 404    | -   | HTTP 404 Not Found                             | 0     | -           | A        | GONE    | HTTP 404
          server error                | unreachable | 503    | -   | HTTP 503                                       | 0     | -           | A        | GONE    | HTTP 503
          DNS failure                 | unreachable | -      | -   | DNS lookup failed for vip.test: no such host   | 0     | -           | A        | GONE    | DNS lookup failed
          connection refused          | unreachable | -      | -   | connection failed: ConnectException: refused   | 0     | -           | A        | GONE    | connection failed
          slow server                 | unreachable | -      | -   | timed out: SocketTimeoutException: Read timed out | 0  | -           | A        | GONE    | timed out
          robots refusal              | refused     | -      | -   | refused: robots.txt of vip.test disallows /     | 0     | -           | A        | UNKNOWN | refused by policy
          worker closing              | unreachable | -      | -   | -                                              | 0     | true        | A        | UNKNOWN | check interrupted
          pages but no seed facts     | ok          | -      | -   | -                                              | 4     | -           | A        | ONLINE  | 4 page(s) fetched
          """)
  void judgesAVersionTwoOutcomeByItsTypedSeedResult(
      String name,
      String result,
      String status,
      String sha,
      String error,
      int pages,
      String interrupted,
      String baseline,
      CheckState state,
      String reason) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("source", "RECRAWL");
    details.put("pages", Integer.toString(pages));
    if (interrupted != null) {
      details.put("interrupted", interrupted);
    }
    Integer http = status == null ? null : Integer.valueOf(status);
    SeedResult seed =
        error != null
            ? SeedResult.failed(error, http)
            : http != null
                ? SeedResult.fetched(
                    http, sha == null ? null : sha.equals("A") ? A : B, "http://vip.test/")
                : null;
    // no seed* or result entries: only the typed fields say what happened
    Outcome outcome =
        new Outcome(
            Outcome.VERSION,
            "vip.test",
            "http://vip.test/",
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            "summary",
            Instant.EPOCH,
            details,
            CrawlResult.fromDetailsValue(result).orElseThrow(),
            seed);

    CheckJudge.Judgement j = CheckJudge.judge(outcome, baseline == null ? null : A);

    assertThat(j.state()).isEqualTo(state);
    assertThat(j.reason()).isEqualTo(reason);
    assertThat(j.pages()).isEqualTo(pages);
    assertThat(CheckJudge.seedUrl(outcome))
        .isEqualTo(seed == null || seed.url() == null ? "" : seed.url());
  }

  @Test
  void onlyCrawlerSiteCrawledOutcomesOfRecrawlRequestsAreChecks() {
    Outcome recrawl =
        new Outcome(
            Outcome.VERSION,
            "vip.test",
            null,
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            "",
            Instant.EPOCH,
            Map.of("source", "RECRAWL"));
    Outcome seed =
        new Outcome(
            Outcome.VERSION,
            "vip.test",
            null,
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            "",
            Instant.EPOCH,
            Map.of("source", "SEED"));
    Outcome failure =
        new Outcome(
            Outcome.VERSION,
            "vip.test",
            null,
            Outcome.Stage.CRAWLER,
            Outcome.Kind.FETCH_FAILED,
            "",
            Instant.EPOCH,
            Map.of("source", "RECRAWL"));

    assertThat(CheckJudge.isRecrawl(recrawl)).isTrue();
    assertThat(CheckJudge.isRecrawl(seed)).isFalse();
    assertThat(CheckJudge.isRecrawl(failure)).isFalse();
  }
}
