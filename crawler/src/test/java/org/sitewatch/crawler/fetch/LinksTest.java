package org.sitewatch.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** Markup where the tree differs from the source order, or where attributes decide. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "<table><tr><td>x</td></tr><a href='/fostered'>f</a></table><a href='/after'>a</a>",
        "<iframe href='/href-wins' src='/src'></iframe><frame src='/frame'><a src='/no'>n</a>",
        "<A HREF='/upper'>u</A><AREA HREF='/area'><IFRAME SRC='/if'></IFRAME>",
        "<b><a href='/one'><i>x</b>y</a></i><a href='/two'>2</a>",
        "<body><meta http-equiv='Refresh' content='5;URL=\"/late\"'><a href='/first'>a</a></body>",
        "<meta http-equiv='content-type' content='text/html'><meta http-equiv='refresh' content='0'><a href='/x'>x</a>",
        "<base href='http://elsewhere.test/d/'><a href=' rel '>r</a><a href=''>e</a><a href='#x'>h</a>",
        "<svg><a href='/svg-link'>s</a></svg><math><a href='/math'>m</a></math>",
        "<template><a href='/in-template'>t</a></template><noscript><a href='/ns'>n</a></noscript>",
        "<a href='/a'><a href='/nested'>n</a></a><form><a href='/form'>f</a></form>",
      })
  void takesTheLinksTheSelectorQueryTook(String body) {
    String html = "<html><head><title>t</title></head><body>" + body + "</body></html>";
    assertThat(Links.extract(html, "http://www.shop.test/p/"))
        .isNotEmpty()
        .containsExactlyElementsOf(bySelectorQuery(html, "http://www.shop.test/p/"));
  }

  @Test
  void stopsAtTheCapBeforeTheMetaRefresh() {
    StringBuilder html =
        new StringBuilder("<html><head><meta http-equiv='refresh' content='0;url=/r'></head>");
    for (int i = 0; i < Links.MAX_LINKS + 5; i++) {
      html.append("<a href='/p").append(i).append("'>p</a>");
    }
    List<String> links = Links.extract(html.toString(), "http://www.shop.test/");
    assertThat(links)
        .hasSize(Links.MAX_LINKS)
        .doesNotContain("http://www.shop.test/r")
        .containsExactlyElementsOf(bySelectorQuery(html.toString(), "http://www.shop.test/"));
  }

  /** The extraction as it was written with jsoup's selector queries, as the reference. */
  private static List<String> bySelectorQuery(String html, String pageUrl) {
    Pattern refresh = Pattern.compile("url\\s*=\\s*['\"]?([^'\"]+)", Pattern.CASE_INSENSITIVE);
    Document doc = Jsoup.parse(html, pageUrl);
    Set<String> links = new LinkedHashSet<>();
    for (Element e : doc.select("a[href], area[href], frame[src], iframe[src]")) {
      addHttp(links, e.hasAttr("href") ? e.absUrl("href") : e.absUrl("src"));
      if (links.size() >= Links.MAX_LINKS) {
        return new ArrayList<>(links);
      }
    }
    for (Element meta : doc.select("meta[http-equiv]")) {
      if (meta.attr("http-equiv").equalsIgnoreCase("refresh")) {
        Matcher m = refresh.matcher(meta.attr("content"));
        if (m.find()) {
          Element probe = doc.createElement("a").attr("href", m.group(1).strip());
          probe.setBaseUri(doc.baseUri());
          addHttp(links, probe.absUrl("href"));
        }
      }
    }
    return new ArrayList<>(links);
  }

  private static void addHttp(Set<String> links, String url) {
    if (url == null || url.isEmpty() || links.size() >= Links.MAX_LINKS) {
      return;
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      int hash = url.indexOf('#');
      links.add(hash >= 0 ? url.substring(0, hash) : url);
    }
  }
}
