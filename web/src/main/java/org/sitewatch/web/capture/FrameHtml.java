package org.sitewatch.web.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;

/**
 * The captured HTML as the sandboxed frame serves it: parsed and written out again as UTF-8 (the
 * frame's Content-Type says so, and the header wins over any {@code <meta charset>}), with what
 * could act or reach the network taken out. The frame's sandbox and Content-Security-Policy are
 * what guarantee that nothing runs or loads; this removes what they do not cover (a link the
 * analyst clicks navigates the frame, {@code <link rel=dns-prefetch>} and {@code preconnect} are
 * outside CSP in some browsers, a {@code <meta http-equiv=refresh>} navigates the frame) and what
 * would only make the browser try (scripts, remote sources).
 */
final class FrameHtml {
  private static final String REMOVED =
      "script, noscript, base, link, meta[http-equiv], meta[charset], iframe, frame, frameset,"
          + " object, embed, applet, portal, template";
  private static final List<String> URL_ATTRIBUTES =
      List.of(
          "href",
          "src",
          "srcset",
          "action",
          "formaction",
          "poster",
          "background",
          "ping",
          "data",
          "codebase",
          "longdesc",
          "lowsrc",
          "dynsrc",
          "xlink:href",
          "manifest",
          "cite");

  private FrameHtml() {}

  /** The page to serve in the frame, for an HTML body. */
  static String html(String captured) {
    Document doc = Jsoup.parse(captured);
    doc.select(REMOVED).remove();
    for (Element e : doc.getAllElements()) {
      List<String> drop = new ArrayList<>();
      for (Attribute a : e.attributes()) {
        String name = a.getKey().toLowerCase(Locale.ROOT);
        if (name.startsWith("on")
            || (URL_ATTRIBUTES.contains(name) && !a.getValue().strip().startsWith("data:image/"))) {
          drop.add(a.getKey());
        }
      }
      drop.forEach(e::removeAttr);
    }
    doc.head().prependElement("meta").attr("charset", "utf-8");
    doc.outputSettings().charset("UTF-8").prettyPrint(false);
    return doc.outerHtml();
  }

  /** The page to serve in the frame for a text body that is not HTML: the text, escaped. */
  static String text(String captured) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><pre>"
        + Entities.escape(captured)
        + "</pre></body></html>";
  }
}
