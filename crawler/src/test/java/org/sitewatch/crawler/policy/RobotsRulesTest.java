package org.sitewatch.crawler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RobotsRulesTest {
  private static final String URL = "http://shop.test/robots.txt";

  @ParameterizedTest(name = "HTTP {0}, {1} -> {2} allowed={3} delay={4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // status | robots.txt (\n as \\n)                                  | url path  | allowed |
        // crawl delay
        "200 | User-agent: *\\nDisallow: /private                            | /private/x | false | 0",
        "200 | User-agent: *\\nDisallow: /private                            | /public    | true  | 0",
        "200 | User-agent: sitewatch\\nDisallow: /\\n\\nUser-agent: *\\nAllow: / | /a     | false | 0",
        "200 | User-agent: otherbot\\nDisallow: /                             | /a         | true  | 0",
        "200 | User-agent: *\\nDisallow: /p\\nAllow: /p/open                   | /p/open/1  | true  | 0",
        "200 | User-agent: *\\nCrawl-delay: 2                                | /a         | true  | 2000",
        "200 | User-agent: *\\nCrawl-delay: 0.5                              | /a         | true  | 500",
        // a long Crawl-delay is capped (here at 3 s), not turned into "disallow all"
        "200 | User-agent: *\\nCrawl-delay: 3600                             | /a         | true  | 3000",
        "200 | (empty)                                                      | /a         | true  | 0",
        "404 | (ignored)                                                    | /private   | true  | 0",
        "401 | (ignored)                                                    | /private   | true  | 0",
        "403 | (ignored)                                                    | /private   | true  | 0",
        "500 | (ignored)                                                    | /a         | false | 0",
        "503 | (ignored)                                                    | /a         | false | 0",
      })
  void interpretsAnAnswerLikeRfc9309(
      int status, String text, String path, boolean allowed, long delay) {
    byte[] body =
        text.startsWith("(")
            ? new byte[0]
            : text.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
    RobotsRules.HostRules rules =
        RobotsRules.interpret(URL, status, body, "text/plain", "sitewatch", 3000);
    assertThat(rules.allows("http://shop.test" + path)).isEqualTo(allowed);
    assertThat(rules.crawlDelayMs()).isEqualTo(delay);
    assertThat(rules.unavailable()).isEqualTo(status >= 500);
  }

  @Test
  void treatsATimeoutAsUnavailableAndDisallowsEverything() throws Exception {
    RobotsRules robots =
        new RobotsRules(
            url -> {
              throw new SocketTimeoutException("Read timed out");
            },
            "sitewatch",
            10_000);
    RobotsRules.HostRules rules = robots.forUrl("http://shop.test/");
    assertThat(rules.unavailable()).isTrue();
    assertThat(rules.allows("http://shop.test/")).isFalse();
    assertThat(rules.state()).contains("SocketTimeoutException");
  }

  @Test
  void followsRedirectsAndCachesPerOriginAndKnowsTheCrawlDelayOfAHost() throws Exception {
    List<String> asked = new ArrayList<>();
    Map<String, RobotsRules.Response> answers =
        Map.of(
            "http://shop.test:8080/robots.txt",
            new RobotsRules.Response(301, new byte[0], null, "/real-robots.txt"),
            "http://shop.test:8080/real-robots.txt",
            new RobotsRules.Response(
                200,
                "User-agent: *\nCrawl-delay: 4\nDisallow: /x".getBytes(StandardCharsets.UTF_8),
                "text/plain",
                null));
    RobotsRules robots =
        new RobotsRules(
            url -> {
              asked.add(url);
              return answers.get(url);
            },
            "sitewatch",
            10_000);
    assertThat(robots.forUrl("http://shop.test:8080/x/1").allows("http://shop.test:8080/x/1"))
        .isFalse();
    assertThat(robots.forUrl("http://shop.test:8080/y").allows("http://shop.test:8080/y")).isTrue();
    assertThat(asked)
        .containsExactly(
            "http://shop.test:8080/robots.txt", "http://shop.test:8080/real-robots.txt");
    assertThat(robots.crawlDelayMs("shop.test")).isEqualTo(4000);
    assertThat(robots.crawlDelayMs("other.test")).isZero();
  }

  @Test
  void leavesAHostThatCannotBeConnectedToForItsPageFetchesToReport() throws Exception {
    RobotsRules robots =
        new RobotsRules(
            url -> {
              throw new java.io.IOException(
                  "connect failed", new java.net.ConnectException("Connection refused"));
            },
            "sitewatch",
            10_000);
    RobotsRules.HostRules rules = robots.forUrl("http://down.test/");
    assertThat(rules.unavailable()).isFalse();
    assertThat(rules.allows("http://down.test/")).isTrue();
    assertThat(rules.state()).startsWith("not reached");
  }

  @Test
  void aRobotsTxtRedirectedToAHostThatCannotBeConnectedToIsUnavailable() throws Exception {
    RobotsRules robots =
        new RobotsRules(
            url -> {
              if (url.startsWith("http://up.test/")) {
                return new RobotsRules.Response(
                    301, new byte[0], null, "http://metadata.test/robots.txt");
              }
              throw new java.net.UnknownHostException("refused: metadata.test resolves to ...");
            },
            "sitewatch",
            10_000);
    RobotsRules.HostRules rules = robots.forUrl("http://up.test/");
    assertThat(rules.unavailable()).isTrue();
    assertThat(rules.allows("http://up.test/")).isFalse();
    assertThat(rules.state()).startsWith("unavailable (").contains("metadata.test");
  }

  @Test
  void allowsEverythingAfterTooManyRedirects() throws Exception {
    RobotsRules robots =
        new RobotsRules(
            url -> new RobotsRules.Response(302, new byte[0], null, url + "x"), "sitewatch", 0);
    RobotsRules.HostRules rules = robots.forUrl("http://loop.test/");
    assertThat(rules.allows("http://loop.test/anything")).isTrue();
    assertThat(rules.state()).contains("redirects");
  }

  @Test
  void unreachableRulesNameTheCause() throws IOException {
    assertThat(RobotsRules.unreachable("HTTP 503").state()).isEqualTo("unavailable (HTTP 503)");
  }
}
