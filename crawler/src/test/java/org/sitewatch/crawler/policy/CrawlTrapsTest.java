package org.sitewatch.crawler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.crawler.SiteLimits;

class CrawlTrapsTest {
  private final CrawlTraps traps =
      new CrawlTraps(new SiteLimits(10_000, 1024, 1000, 64, 4, 2, 3, 3));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "http://a.test/                                   | -",
        "http://a.test/a/b/c/d                            | -",
        "http://a.test/a/b/c/d/e                          | PATH_SEGMENTS",
        "http://a.test/a/a/b                              | -",
        "http://a.test/a/b/a/b/a                          | REPEATED_SEGMENT",
        "http://a.test/x/x/x                              | REPEATED_SEGMENT",
        "http://a.test/p?a=1&b=2&c=3                      | -",
        "http://a.test/p?a=1&b=2&c=3&d=4                  | QUERY_PARAMS",
        "http://a.test/p?a=1;b=2;c=3;d=4                  | QUERY_PARAMS",
        "http://a.test/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | URL_LENGTH",
        "http://a.test/a b                                | UNPARSABLE",
      })
  void appliesTheStatelessRules(String url, CrawlTraps.Rule expected) {
    assertThat(traps.check(url).orElse(null)).isEqualTo(expected);
  }

  @Test
  void cutsNewQueryStringsOfAPathOnceItHadTheLimit() {
    List<Boolean> admitted = new ArrayList<>();
    for (String q : List.of("d=1", "d=2", "d=1", "d=3", "d=4", "d=5")) {
      admitted.add(traps.admit("http://a.test/calendar?" + q).isEmpty());
    }
    assertThat(admitted).containsExactly(true, true, true, true, false, false);
    assertThat(traps.admit("http://a.test/calendar?d=2")).as("already admitted").isEmpty();
    assertThat(traps.admit("http://a.test/calendar?d=9")).contains(CrawlTraps.Rule.QUERY_VARIANTS);
    assertThat(traps.admit("http://a.test/other?d=9")).as("another path").isEmpty();
    assertThat(traps.admit("http://b.test/calendar?d=9")).as("another host").isEmpty();
  }
}
