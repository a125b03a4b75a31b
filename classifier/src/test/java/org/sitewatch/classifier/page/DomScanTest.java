package org.sitewatch.classifier.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The one element walk gives each detector what jsoup's own accessors give, element by element: the
 * same elements in the same order, the same attribute values, the same subtrees and tag lists.
 */
class DomScanTest {
  private static final String[] ATTRIBUTES = {
    "class",
    "id",
    "style",
    "href",
    "hidden",
    "itemprop",
    "property",
    "CLASS",
    "Id",
    "ıd",
    "claſs",
    "ſtyle",
    "hıdden",
    "data-id",
    "ids",
    "klass"
  };
  private static final String[] TAGS = {
    "div",
    "a",
    "img",
    "span",
    "p",
    "video",
    "iframe",
    "script",
    "style",
    "meta",
    "input",
    "button",
    "font",
    "noscript",
    "template",
    "br",
    "table",
    "td",
    "b"
  };

  @Test
  void everyFixturePageIsScannedAsJsoupReadsIt() throws IOException {
    List<Path> pages;
    try (Stream<Path> s = Files.walk(Path.of("src/test/resources"))) {
      pages = s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
    }
    assertThat(pages).hasSizeGreaterThan(100);
    for (Path page : pages) {
      assertSameAsJsoup(Jsoup.parse(new String(Files.readAllBytes(page), StandardCharsets.UTF_8)));
    }
  }

  @Test
  void attributeNamesAreMatchedAsJsoupMatchesThemIgnoringAsciiCaseOnly() {
    // jsoup compares attribute names with A-Z folded only: a dotless i or a long s makes no "id"
    // or "class"; a name set in upper case through the API still counts, the first one winning
    Document doc =
        Jsoup.parse(
            "<body><div ıd=\"dotless\" claſs=\"long-s\">x</div>"
                + "<p hıdden ſtyle=\"display:none\" itemprop=\"isFamilyFriendly\">y</p>"
                + "<a href=\"\">z</a><a>w</a></body>");
    Element div = doc.selectFirst("div");
    div.attributes().put("ID", "upper");
    div.attributes().put("Class", " upper-class ");
    div.attributes().put("class", "second");
    Element p = doc.selectFirst("p");
    p.attributes().put("STYLE", "color:red");
    p.attributes().put("HREF", "x");
    DomScan scan = DomScan.of(doc);
    int d = scan.bodyFrom() + 1;
    assertThat(scan.element(d)).isSameAs(div);
    assertThat(scan.id(d)).isEqualTo("upper").isEqualTo(div.id());
    assertThat(scan.className(d)).isEqualTo("upper-class").isEqualTo(div.className());
    assertThat(scan.hidden(d + 1)).isFalse();
    assertThat(scan.style(d + 1)).isEqualTo("color:red");
    assertThat(scan.href(d + 1)).isEqualTo("x");
    assertThat(scan.withProperty()).containsExactly(d + 1);
    assertThat(scan.href(d + 2)).isEmpty();
    assertThat(scan.href(d + 3)).isNull();
    assertSameAsJsoup(doc);
  }

  @Test
  void randomDocumentsAreScannedAsJsoupReadsThem() {
    Random random = new Random(15);
    for (int n = 0; n < 500; n++) {
      assertSameAsJsoup(Jsoup.parse(randomHtml(random)));
    }
  }

  @Test
  void aPageWithoutDocumentHasNoElements() {
    PageText text = new PageText("plain", java.util.Optional.empty(), java.util.Map.of());
    assertThat(text.dom().elements()).isEmpty();
    assertThat(text.dom().bodyFrom()).isEqualTo(-1);
    assertThat(text.dom().tagged("a")).isEmpty();
    assertThatThrownBy(() -> text.dom().tagged("section"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String randomHtml(Random random) {
    StringBuilder html = new StringBuilder();
    if (random.nextBoolean()) {
      html.append("<head><style>.x{display:none}</style><meta name=rating content=adult></head>");
    }
    int open = 0;
    for (int k = random.nextInt(60); k > 0; k--) {
      int pick = random.nextInt(10);
      if (pick < 2 && open > 0) {
        html.append("</").append(TAGS[random.nextInt(TAGS.length)]).append('>');
        open--;
      } else if (pick < 4) {
        html.append(random.nextBoolean() ? " some text " : "文字");
      } else {
        html.append('<').append(TAGS[random.nextInt(TAGS.length)]);
        for (int a = random.nextInt(4); a > 0; a--) {
          html.append(' ').append(ATTRIBUTES[random.nextInt(ATTRIBUTES.length)]);
          if (random.nextInt(4) > 0) {
            html.append("=\"").append(random.nextBoolean() ? " v " : "w").append('"');
          }
        }
        html.append('>');
        open++;
      }
    }
    return html.toString();
  }

  private static void assertSameAsJsoup(Document doc) {
    DomScan scan = DomScan.of(doc);
    List<Element> all = doc.getAllElements();
    assertThat(scan.elements()).containsExactlyElementsOf(all);
    Element body = doc.body();
    assertThat(scan.bodyFrom()).isEqualTo(body == null ? -1 : indexOf(all, body));
    List<Integer> withProperty = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Element e = all.get(i);
      assertThat(scan.className(i)).isEqualTo(e.className());
      assertThat(scan.id(i)).isEqualTo(e.id());
      assertThat(scan.hasClassOrId(i)).isEqualTo(e.hasAttr("class") || e.hasAttr("id"));
      assertThat(scan.style(i)).isEqualTo(e.attr("style"));
      assertThat(scan.href(i)).isEqualTo(e.hasAttr("href") ? e.attr("href") : null);
      assertThat(scan.hidden(i)).isEqualTo(e.hasAttr("hidden"));
      if (e.hasAttr("itemprop") || e.hasAttr("property")) {
        withProperty.add(i);
      }
      Element last = e;
      while (last.childrenSize() > 0) {
        last = last.lastElementChild();
      }
      assertThat(scan.subtreeEnd(i)).isEqualTo(indexOf(all, last) + 1);
    }
    assertThat(boxed(scan.withProperty())).containsExactlyElementsOf(withProperty);
    for (String tag : DomScan.TAGS) {
      List<Integer> named = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).normalName().equals(tag)) {
          named.add(i);
        }
      }
      assertThat(boxed(scan.tagged(tag))).containsExactlyElementsOf(named);
      assertThat(scan.elementsNamed(tag)).containsExactlyElementsOf(doc.getElementsByTag(tag));
    }
    int[] merged = scan.tagged("a", "button", "input");
    List<Integer> controls = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (List.of("a", "button", "input").contains(all.get(i).normalName())) {
        controls.add(i);
      }
    }
    assertThat(boxed(merged)).containsExactlyElementsOf(controls);
  }

  private static List<Integer> boxed(int[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }

  private static int indexOf(List<Element> all, Element e) {
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i) == e) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
