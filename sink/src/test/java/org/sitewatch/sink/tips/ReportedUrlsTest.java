package org.sitewatch.sink.tips;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.sink.tips.ReportedUrls.Problem;
import org.sitewatch.sink.tips.ReportedUrls.Rejected;
import org.sitewatch.sink.tips.ReportedUrls.Result;
import org.sitewatch.sink.tips.ReportedUrls.Url;

class ReportedUrlsTest {

  private static Result check(String... inputs) {
    return ReportedUrls.check(Arrays.asList(inputs), false);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://shop.example.cn/vip?id=1#top | http://shop.example.cn/vip?id=1 | example.cn",
        "HTTPS://Shop.Example.CN             | https://shop.example.cn/        | example.cn",
        "shop.example.cn/a b                 | http://shop.example.cn/a%20b    | example.cn",
        "shop.example.cn:8080/x              | http://shop.example.cn:8080/x   | example.cn",
        "https://shop.example.com:443/       | https://shop.example.com:443/   | example.com",
        "www.example.com.cn?q=1              | http://www.example.com.cn/?q=1  | example.com.cn",
        "http://93.184.216.34/x              | http://93.184.216.34/x          | 93.184.216.34",
        "http://[2606:4700::1111]:8443/      | http://[2606:4700::1111]:8443/  | 2606:4700:0:0:0:0:0:1111",
        "http://shop.example.cn/%E8%A7%86    | http://shop.example.cn/%E8%A7%86 | example.cn",
        "http://shop.example.cn/视频           | http://shop.example.cn/%E8%A7%86%E9%A2%91 | example.cn",
      })
  void aGoodUrlIsTakenAsTheAsciiUrlToCrawlWithItsSite(String input, String url, String site) {
    Result r = check(input);
    assertThat(r.problems()).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(r.urls()).extracting(Url::url).containsExactly(url);
    assertThat(r.urls()).extracting(Url::site).containsExactly(site);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // not http(s)
        "ftp://files.example.cn/         | SCHEME",
        "javascript:alert(1)             | SCHEME",
        "file:///etc/passwd              | SCHEME",
        "mailto:someone@example.cn       | SCHEME",
        "data:text/html,hello            | SCHEME",
        // a disguised host
        "http://www.example.cn@evil.example.com/ | USER_INFO",
        "http://user:pw@shop.example.cn/ | USER_INFO",
        // not a URL
        "http://                         | MALFORMED",
        "http:///path                    | MALFORMED",
        "http://[::1/                    | MALFORMED",
        "http://shop.example.cn:99999/   | MALFORMED",
        "http://shop.example.cn:0/       | MALFORMED",
        "http://shop.example.cn:8o/      | MALFORMED",
        // not a public name
        "http://localhost/               | HOST",
        "http://intranet/                | HOST",
        "http://-bad-.example.cn/        | HOST",
        "http://shop..example.cn/        | HOST",
        "http://sh_op.example.cn/        | HOST",
        // not a public address, in every spelling
        "http://127.0.0.1/               | ADDRESS",
        "http://10.1.2.3:8080/           | ADDRESS",
        "http://192.168.1.1/             | ADDRESS",
        "http://169.254.169.254/latest/  | ADDRESS",
        "http://100.64.0.1/              | ADDRESS",
        "http://0.0.0.0/                 | ADDRESS",
        "http://224.0.0.1/               | ADDRESS",
        "http://[::1]/                   | ADDRESS",
        "http://[::ffff:127.0.0.1]/      | ADDRESS",
        "http://[::ffff:7f00:1]/         | ADDRESS",
        "http://[fe80::1]/               | ADDRESS",
        "http://[fd00:ec2::254]/         | ADDRESS",
        "http://[64:ff9b::a9fe:a9fe]/    | ADDRESS",
        "http://127.1/                   | ADDRESS",
        "http://0x7f.0.0.1/              | ADDRESS",
        "http://0177.0.0.1/              | ADDRESS",
        "http://2130706433/              | ADDRESS",
        "http://017700000001/            | ADDRESS",
        "http://0x7f000001/              | ADDRESS",
        "http://1.2.3.4.5/               | ADDRESS",
      })
  void aBadUrlIsRefusedWithItsProblemAndTheInputItWasFoundIn(String input, Problem problem) {
    Result r = check("http://fine.example.cn/", input);
    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).containsExactly(new Rejected(problem, input, 1));
  }

  @Test
  void controlAndInvisibleFormattingCharactersAreRefusedAndShownReplaced() {
    for (String input :
        List.of(
            "http://shop.example.cn/\u0000",
            "http://shop.example.cn/a\nb",
            "http://shop.example.cn/\u202egnp.exe",
            "http://shop.\u200bexample.cn/",
            "http://shop.example.cn/\u0085",
            "http://shop.example.cn/a\u2028b")) {
      Result r = check(input);
      assertThat(r.problems())
          .extracting(Rejected::problem)
          .containsExactly(Problem.CONTROL_CHARACTERS);
      assertThat(r.problems().get(0).input()).contains("\uFFFD").doesNotContain("\u0000", "\n");
    }
  }

  @Test
  void aUrlLongerThanTheCrawlersLimitIsRefused() {
    String longest = "http://shop.example.cn/" + "a".repeat(CrawlRequest.MAX_URL_LENGTH - 23);
    assertThat(check(longest).ok()).isTrue();
    assertThat(check(longest + "a").problems())
        .extracting(Rejected::problem)
        .containsExactly(Problem.TOO_LONG);
    // percent-encoding can make a short input too long
    String encoded = "http://shop.example.cn/" + "视".repeat(CrawlRequest.MAX_URL_LENGTH / 9 + 1);
    assertThat(check(encoded).problems())
        .extracting(Rejected::problem)
        .containsExactly(Problem.TOO_LONG);
    assertThat(check(longest + "a").problems().get(0).input()).hasSize(200);
  }

  @Test
  void noUrlAtAllIsOneProblemAndBlankInputsArePassedOver() {
    assertThat(check().problems()).containsExactly(new Rejected(Problem.NONE, "", -1));
    assertThat(check("", "  ", null).problems())
        .containsExactly(new Rejected(Problem.NONE, "", -1));
    Result r = check("", "  shop.example.cn  ", "");
    assertThat(r.ok()).isTrue();
    assertThat(r.urls()).extracting(Url::url).containsExactly("http://shop.example.cn/");
  }

  @Test
  void moreThanTheMostDistinctUrlsIsTooManyButDuplicatesCountOnce() {
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < ReportedUrls.MAX_URLS; i++) {
      inputs.add("http://shop.example.cn/" + i);
      inputs.add("SHOP.example.cn/" + i + "#again");
    }
    Result atMost = ReportedUrls.check(inputs, false);
    assertThat(atMost.ok()).isTrue();
    assertThat(atMost.urls()).hasSize(ReportedUrls.MAX_URLS);

    inputs.add("http://shop.example.cn/one-more");
    assertThat(ReportedUrls.check(inputs, false).problems())
        .containsExactly(new Rejected(Problem.TOO_MANY, "", -1));
  }

  @Test
  void theSameUrlTwiceIsMergedAndUrlsAreGroupedBySiteInTheOrderGiven() {
    Result r =
        check(
            "http://b.example.com/",
            "http://www.a.example.cn/x",
            "HTTP://www.A.example.cn/x#frag",
            "a.example.cn/y",
            "https://b.example.com/");
    assertThat(r.urls())
        .extracting(Url::url)
        .containsExactly(
            "http://b.example.com/",
            "http://www.a.example.cn/x",
            "http://a.example.cn/y",
            "https://b.example.com/");
    assertThat(r.bySite().keySet()).containsExactly("example.com", "example.cn");
    assertThat(r.bySite().get("example.cn")).hasSize(2);
  }

  @Test
  void anInternationalisedNameIsCrawledInPunycodeAndShownInBothForms() {
    Result r = check("http://商店.例子.中国/视频?页=1", "xn--fiqs8s.example.cn");
    assertThat(r.problems()).isEmpty();
    Url idn = r.urls().get(0);
    assertThat(idn.asciiHost()).isEqualTo("xn--czrs0t.xn--fsqu00a.xn--fiqs8s");
    assertThat(idn.unicodeHost()).isEqualTo("商店.例子.中国");
    assertThat(idn.internationalised()).isTrue();
    assertThat(idn.url())
        .isEqualTo("http://xn--czrs0t.xn--fsqu00a.xn--fiqs8s/%E8%A7%86%E9%A2%91?%E9%A1%B5=1");
    assertThat(idn.site()).isEqualTo("xn--fsqu00a.xn--fiqs8s");
    Url punycode = r.urls().get(1);
    assertThat(punycode.unicodeHost()).isEqualTo("中国.example.cn");
    assertThat(punycode.internationalised()).isTrue();
    assertThat(check("http://shop.example.cn/").urls().get(0).internationalised()).isFalse();
  }

  @ParameterizedTest(name = "{0}: taken only with private targets allowed: {1}")
  @CsvSource({
    "http://127.0.0.1:8080/, true",
    "http://localhost:8080/, true",
    "http://10.0.0.5/, true",
    "http://[::1]:8080/, true",
    "http://[fd12:3456::1]/, true",
    "http://169.254.169.254/, false",
    "http://[fd00:ec2::254]/, false",
    "http://100.64.0.1/, false",
    "http://0.0.0.0/, false",
  })
  void allowingPrivateTargetsOpensLoopbackAndPrivateRangesOnlyAsTheCrawlersGuardDoes(
      String input, boolean taken) {
    assertThat(ReportedUrls.check(List.of(input), false).ok()).isFalse();
    assertThat(ReportedUrls.check(List.of(input), true).ok()).isEqualTo(taken);
  }
}
