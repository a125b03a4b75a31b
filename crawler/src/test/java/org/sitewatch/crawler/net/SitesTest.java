package org.sitewatch.crawler.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SitesTest {

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
}
