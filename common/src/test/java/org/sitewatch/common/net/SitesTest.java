package org.sitewatch.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SitesTest {

  // from crawler SitesTest
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://www.a.b.example.com.cn:8080/x,        example.com.cn",
    "https://example.com,                          example.com",
    "HTTPS://WWW.Example.COM/Path?q=1,             example.com",
    "http://news.example.co.uk/a,                  example.co.uk",
    "http://a.b.c.pku.edu.cn/,                     pku.edu.cn",
    "http://someone.blogspot.com/post,             someone.blogspot.com",
    "http://user:pw@shop.example.net:81/,          example.net",
    "http://www.example.com./,                     example.com",
    "http://127.0.0.1:8080/,                       127.0.0.1",
    "http://[::1]:8080/x,                          0:0:0:0:0:0:0:1",
    "http://localhost:8080/,                       localhost",
    "http://www.alpha-shop.test:8080/,             alpha-shop.test",
    "http://beta-news.test/,                       beta-news.test",
    "http://com.cn/,                               com.cn",
    "http://www.例子.中国/,                          xn--fsqu00a.xn--fiqs8s",
  })
  void mapsUrlToRegisteredDomain(String url, String site) {
    assertThat(Sites.siteOf(url)).isEqualTo(site);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/file",
        "mailto:someone@example.com",
        "javascript:alert(1)",
        "/relative/path",
        "http://",
        "http:///nohost",
        "http://exa mple.com/",
        "not a url at all"
      })
  void rejectsUrlsThatAreNotHttpWithAHost(String url) {
    assertThatThrownBy(() -> Sites.siteOf(url)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://example.com/file", "mailto:someone@example.com"})
  void explainsWhyANonHttpUrlIsRejected(String url) {
    assertThatThrownBy(() -> Sites.siteOf(url)).hasMessageContaining("not an http(s) URL");
  }

  // the classifier's Hosts: a page's links, cut by string, never an exception
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://Shop.Example.com/a,              shop.example.com",
    "HTTPS://user@www.Example.com:8443/?q,   www.example.com",
    "//cdn.example.net/x.js,                 cdn.example.net",
    "' http://trailing.example.com./ ',      trailing.example.com",
    "http://[::1]:8080/,                     '[::1]'",
    "http://a.example.com\\evil,             a.example.com",
    "http://a.example.com#frag,              a.example.com",
    "http://例子.中国/,                        例子.中国",
  })
  void findsTheHostOfALink(String href, String host) {
    assertThat(Sites.linkHost(href)).contains(host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/relative",
        "page.html",
        "mailto:x@example.com",
        "javascript:void(0)",
        "http://",
        "http:///path",
        "ftp://example.com/",
        "#top"
      })
  void aLinkWithoutAnHttpHostHasNone(String href) {
    assertThat(Sites.linkHost(href)).isEmpty();
  }

  @Test
  void aLinkHostGivesTheSameSiteAsTheUrlKeyedByTheCrawler() {
    for (String url :
        new String[] {
          "http://www.例子.中国/",
          "http://[::1]:8080/x",
          "http://someone.blogspot.com/post",
          "http://www.alpha-shop.test:8080/"
        }) {
      assertThat(Sites.siteOfHostIfValid(Sites.linkHost(url).orElseThrow()))
          .contains(Sites.siteOf(url));
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // differences to the classifier's former Hosts.siteOf, decided for the crawler's rule
    "www.test,        www.test",
    "www.com.cn,      www.com.cn",
    "[::1],           0:0:0:0:0:0:0:1",
    "例子.中国,         xn--fsqu00a.xn--fiqs8s",
    "WWW.Shop.Test.,  shop.test",
    "10.0.0.1,        10.0.0.1",
    "printer,         printer",
  })
  void mapsHostToSite(String host, String site) {
    assertThat(Sites.siteOfHost(host)).isEqualTo(site);
  }

  // review r10 1.7: what the classifier's link hosts become (both stages compute the same)
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "www.com.cn,                  www.com.cn",
    "www.test,                    www.test",
    "bücher.example.com,          example.com",
    "例子.中国,                     xn--fsqu00a.xn--fiqs8s",
    "'[::1]',                     0:0:0:0:0:0:0:1",
    "'[2001:DB8::1]',             2001:db8:0:0:0:0:0:1",
    "127.0.0.1,                   127.0.0.1",
    // not IP literals, but numeric: their own sites, not the last two labels (0.1)
    "010.0.0.1,                   010.0.0.1",
    "011.0.0.1,                   011.0.0.1",
    "256.1.1.1,                   256.1.1.1",
    "1.2.3,                       1.2.3",
    "0x7F.0.0.1,                  0x7f.0.0.1",
    "shop.123,                    shop.123",
    // a numeric label elsewhere is an ordinary name
    "123.example.com,             example.com",
    "www.0x7f.test,               0x7f.test",
  })
  void mapsLinkHostsToSites(String host, String site) {
    assertThat(Sites.siteOfHostIfValid(host)).contains(site);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a..b.com", ".", "[]"})
  void aLinkHostThatIsNoValidNameIsPassedOver(String host) {
    assertThat(Sites.siteOfHostIfValid(host)).isEmpty();
  }

  @Test
  void anInvalidHostHasNoSite() {
    assertThat(Sites.siteOfHostIfValid("")).isEmpty();
    assertThat(Sites.siteOfHostIfValid(null)).isEmpty();
    assertThat(Sites.siteOfHostIfValid("a".repeat(64) + ".example.com")).isEmpty();
    assertThatThrownBy(() -> Sites.siteOfHost("...")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void normalizesHosts() {
    assertThat(Sites.normalizeHost(" [2001:DB8::1] ")).isEqualTo("2001:db8::1");
    assertThat(Sites.normalizeHost("Example.COM..")).isEqualTo("example.com");
    assertThat(Sites.normalizeHost("bücher.example")).isEqualTo("xn--bcher-kva.example");
    assertThat(Sites.hostOf("http://user:pw@[::1]:80/")).isEqualTo("::1");
    assertThat(Sites.hostOf("http://www.例子.中国:8080/")).isEqualTo("www.xn--fsqu00a.xn--fiqs8s");
  }
}
