package org.sitewatch.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinksTest {
  @Test
  void resolvesFollowableLinksAndDropsOthers() {
    String html =
        "<html><head><meta http-equiv='refresh' content='0; url=/landing'></head><body>"
            + "<a href='/about#team'>about</a> <a href='about'>dup</a>"
            + "<a href='http://Other.test/x'>other</a> <a href='mailto:a@b.c'>mail</a>"
            + "<a href='javascript:void(0)'>js</a> <iframe src='//cdn.test/frame'></iframe>"
            + "<area href='/map'></body></html>";
    assertThat(Links.extract(html, "http://www.shop.test:8080/"))
        .containsExactly(
            "http://www.shop.test:8080/about",
            "http://Other.test/x",
            "http://cdn.test/frame",
            "http://www.shop.test:8080/map",
            "http://www.shop.test:8080/landing");
  }

  @Test
  void honoursTheBaseElement() {
    String html =
        "<html><head><base href='http://mirror.test/dir/'></head>"
            + "<body><a href='page'>p</a></body></html>";
    assertThat(Links.extract(html, "http://www.shop.test/"))
        .containsExactly("http://mirror.test/dir/page");
  }
}
