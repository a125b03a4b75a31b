package org.sitewatch.classifier.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HidingTest {
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "display: none|display:none",
        "DISPLAY:NONE !important|display:none",
        "visibility:hidden|visibility:hidden",
        "font-size:0|font-size:0",
        "font-size: 0px; color: red|font-size:0",
        "opacity:0|opacity:0",
        "position:absolute; left:-9999px|off-screen position",
        "text-indent:-10000px|off-screen position",
        "width:1px;height:1px;overflow:hidden|0-1 pixel box",
        "color:#fff; background-color:#FFFFFF|text colour of the background",
        "color:white;background:#fff url(bg.png)|text colour of the background",
      })
  void recognisesInlineConcealment(String style, String technique) {
    assertThat(Hiding.inlineTechnique(Hiding.compact(style), null)).isEqualTo(technique);
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "display:block",
        "font-size:10px",
        "opacity:0.5",
        "left:-10px;position:absolute",
        "width:100px;overflow:hidden",
        "color:#fff;background:#000",
        "margin-left:-100px",
      })
  void leavesVisibleStylesAlone(String style) {
    assertThat(Hiding.inlineTechnique(Hiding.compact(style), null)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        ".a{display:none}|a|",
        "div.b, #c { visibility: hidden }|b|c",
        "@media (max-width:600px){.m{display:none}} .n{font-size:0}|n|",
        "/* .x{display:none} */ .y{color:red}||",
      })
  void readsSimpleHidingRulesOutsideMediaBlocks(String css, String cls, String id) {
    Set<String> classes = new HashSet<>();
    Set<String> ids = new HashSet<>();
    Hiding.parseRules(css, classes, ids);
    assertThat(classes).containsExactlyInAnyOrderElementsOf(cls == null ? Set.of() : Set.of(cls));
    assertThat(ids).containsExactlyInAnyOrderElementsOf(id == null ? Set.of() : Set.of(id));
  }

  @org.junit.jupiter.api.Test
  void findsTopMostHiddenElementsAndFontColourOfThePageBackground() {
    Document doc =
        Jsoup.parse(
            "<body bgcolor=\"#FFFFFF\"><div hidden><p style=\"display:none\">a</p></div>"
                + "<font color=\"#ffffff\">b</font><p>c</p></body>");
    assertThat(Hiding.of(doc).roots(10))
        .extracting(Hiding.Hidden::technique)
        .containsExactly("hidden attribute", "font colour of the page background");
  }
}
