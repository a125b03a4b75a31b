package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.keywords.KeywordDetector;
import org.sitewatch.classifier.keywords.TextAnalysis;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.DomScan;
import org.sitewatch.classifier.page.DomText;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.classifier.page.SignalDetector;

/**
 * Signals from the page's structure rather than its words: self-labels (the RTA label in any meta
 * value or the {@code rating} header, adult {@code rating} meta values, schema.org {@code
 * isFamilyFriendly=false} as microdata, RDFa or JSON-LD), age gates (the wording, and a dialog with
 * an enter and a leave control), 18 U.S.C. 2257 record-keeping statements, and prices per period
 * (subscriptions). Weights live here as constants; they are few and reviewed with the code.
 */
public final class StructureDetector implements SignalDetector {
  public static final String RTA_LABEL = "RTA-5042-1996-1400-1577-RTA";

  static final double RTA_WEIGHT = 3.5;
  static final double RATING_WEIGHT = 2.5;
  static final double FAMILY_UNFRIENDLY_WEIGHT = 2.0;
  static final double AGE_GATE_WEIGHT = 1.5;
  static final double PRICE_WEIGHT = 0.8;
  static final double AGE_GATE_DIALOG_WEIGHT = 1.0;
  static final double STATEMENT_2257_WEIGHT = 2.0;

  static final Pattern ADULT_RATING =
      Pattern.compile("(?i)\\b(adult|mature|restricted|rta|18\\+|xxx)\\b");

  static final Pattern AGE_GATE =
      Pattern.compile(
          "(?i)(已满|年满|未满|超过|不满)\\s*+18\\s*+(周岁|岁)"
              + "|18\\s*+(周岁|岁)以下"
              + "|i\\s*+(am|['’]m)\\s*+(over\\s*+)?(18|eighteen)\\b"
              + "|\\b(18|eighteen)\\s*+(years?\\s*+(old|of\\s*+age)\\s*+)?or\\s*+older"
              + "|enter\\s*+(only\\s*+)?if\\s*+you\\s*+are\\s*+(over\\s*+)?18"
              + "|you\\s*+must\\s*+be\\s*+(at\\s*+least\\s*+)?18");

  static final Pattern PRICE_PER_PERIOD =
      Pattern.compile(
          "(?i)(?:[¥￥$€£]\\s?\\d{1,5}(?:[.,]\\d{1,2})?|\\d{1,5}(?:\\.\\d{1,2})?\\s?(?:元|块|rmb|usd|美元))"
              + "\\s?(?:/|每|per\\s|a\\s)\\s?(?:个)?(?:月|年|季|周|天|日|month|mo\\b|year|yr\\b|week|day)");

  static final Pattern FAMILY_UNFRIENDLY_JSON =
      Pattern.compile(
          "(?i)\"(?:schema:|https?://schema\\.org/)?isFamilyFriendly\"\\s*+:\\s*+"
              + "(?:\\[\\s*+)?(?:\\{\\s*+\"@id\"\\s*+:\\s*+)?\"?(?:(?:https?://)?schema\\.org/|schema:)?false\\b");

  /** 18 U.S.C. 2257 record-keeping statements, as US adult sites must publish them. */
  static final Pattern STATEMENT_2257 =
      Pattern.compile(
          "(?i)18\\s*+u\\.?\\s*+s\\.?\\s*+c\\.?\\s*+(?:§++|sec(?:tion|\\.)?)?\\s*+§?\\s*+2257"
              + "|(?<!\\d)2257\\s++(?:statement|compliance|notice|exemption|record[- ]?keeping)"
              + "|record[- ]?keeping\\s++requirements\\s++compliance\\s++statement");

  /** Words of a control that lets an adult in, and of one that sends a minor away. */
  static final Pattern ENTER_CONTROL =
      Pattern.compile(
          "(?i)^\\W*(?:enter|i\\s*(?:am|['’]m)\\s*(?:over\\s*)?(?:18|eighteen)|yes|i\\s*agree|agree"
              + "|(?:我)?(?:已满|年满)\\s*18|进入|确认|同意|继续|是的?|over\\s*18|18\\+)");

  static final Pattern LEAVE_CONTROL =
      Pattern.compile(
          "(?i)^\\W*(?:leave|exit|no\\b|take\\s*me\\s*out|i\\s*(?:am|['’]m)\\s*under|under\\s*18"
              + "|离开|退出|不是|否|未满|我未满|取消)");
  static final Pattern ADULTS_ONLY =
      Pattern.compile("(?i)18\\s*(?:\\+|岁|周岁|years|yrs)|eighteen|成年|adults?\\s+only|legal\\s*age");
  private static final int MAX_CONTROLS = 200;

  /** A control's label longer than this is a sentence, not a button. */
  private static final int MAX_LABEL = 24;

  @Override
  public void detect(PageText page, List<RawHit> hits) {
    page.document()
        .ifPresent(
            doc -> {
              Parts parts = Parts.of(page.dom());
              detectSelfLabels(parts, hits);
              detectAgeGateDialog(parts.controls(), hits);
            });
    header(page.headers(), "rating")
        .ifPresent(value -> rating("header rating: " + value, value, hits));
    String text = page.text();
    int[][] at = page.anchors(PageAnchors.STRUCTURE);
    nearHit(
        "structure.age-gate",
        Category.EXPLICIT,
        AGE_GATE_WEIGHT,
        AGE_GATE,
        text,
        at[0],
        60,
        40,
        hits);
    nearHit(
        "structure.price-per-period",
        Category.PROFIT,
        PRICE_WEIGHT,
        PRICE_PER_PERIOD,
        text,
        at[1],
        12,
        30,
        hits);
    nearHit(
        "structure.2257",
        Category.EXPLICIT,
        STATEMENT_2257_WEIGHT,
        STATEMENT_2257,
        text,
        at[2],
        40,
        60,
        hits);
  }

  /** Words that the age-gate, price and 2257 patterns cannot match without. */
  static final String[][] ANCHOR_GROUPS = {
    {"18", "eighteen", "Eighteen", "EIGHTEEN"},
    {"¥", "￥", "$", "€", "£", "元", "块", "rmb", "RMB", "usd", "USD", "美元"},
    {"2257"}
  };

  /** Like {@link #patternHit}, but only near anchor positions (see {@link TextScan}). */
  static void nearHit(
      String id,
      Category category,
      double weight,
      Pattern pattern,
      String text,
      int[] positions,
      int before,
      int after,
      List<RawHit> hits) {
    TextScan.Found found = TextScan.near(pattern, text, positions, before, after, 100);
    if (found.count() > 0) {
      hits.add(
          new RawHit(
              id,
              category,
              weight,
              found.count(),
              TextAnalysis.snippet(
                  text, found.start(), found.end(), KeywordDetector.SNIPPET_CONTEXT)));
    }
  }

  /**
   * An age-gate dialog: an enter control (link, button or submit) and a leave control in one small
   * container whose text speaks of adults or 18. Checked separately from the wording, since a gate
   * may be all buttons and images.
   */
  private static void detectAgeGateDialog(List<Element> controls, List<RawHit> hits) {
    for (Element control : controls) {
      if (!control.tagName().equals("input") && DomText.surelyLongerThan(control, MAX_LABEL)) {
        continue; // its label is longer than a button's: no need to build it
      }
      String label = label(control);
      if (label.length() > MAX_LABEL || !ENTER_CONTROL.matcher(label).find()) {
        continue;
      }
      Element container = control.parent();
      for (int up = 0; up < 4 && container != null; up++, container = container.parent()) {
        if (DomText.surelyLongerThan(container, 1000)) {
          break; // bounded before building the text: the container may be the whole body
        }
        String text = container.text();
        if (text.length() > 1000) {
          break;
        }
        if (ADULTS_ONLY.matcher(text).find() && hasLeaveControl(container, control)) {
          hits.add(
              new RawHit(
                  "structure.age-gate-dialog",
                  Category.EXPLICIT,
                  AGE_GATE_DIALOG_WEIGHT,
                  1,
                  clip(text)));
          return;
        }
      }
    }
  }

  private static boolean hasLeaveControl(Element container, Element enter) {
    for (Element other : container.select("a, button, input[type=submit], input[type=button]")) {
      String label = label(other);
      if (other != enter && label.length() <= MAX_LABEL && LEAVE_CONTROL.matcher(label).find()) {
        return true;
      }
    }
    return false;
  }

  private static String label(Element control) {
    return control.tagName().equals("input") ? control.attr("value") : control.text();
  }

  /** The elements this detector reads, collected in one walk over the document. */
  private record Parts(
      List<Element> metas,
      List<Element> familyFriendly,
      List<Element> ldJson,
      List<Element> controls) {
    static Parts of(DomScan dom) {
      Parts parts =
          new Parts(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (int i : dom.tagged("meta")) {
        Element e = dom.element(i);
        if (e.hasAttr("content")) {
          parts.metas().add(e);
        }
      }
      for (int i : dom.tagged("script")) {
        Element e = dom.element(i);
        if (e.attr("type").equalsIgnoreCase("application/ld+json")) {
          parts.ldJson().add(e);
        }
      }
      for (int i : dom.tagged("a", "button", "input")) {
        if (parts.controls().size() >= MAX_CONTROLS) {
          break;
        }
        Element e = dom.element(i);
        if (e.normalName().equals("input")) {
          String type = e.attr("type");
          if (!type.equalsIgnoreCase("submit") && !type.equalsIgnoreCase("button")) {
            continue;
          }
        }
        parts.controls().add(e);
      }
      // schema.org microdata and RDFa: any element with an itemprop or a property
      for (int i : dom.withProperty()) {
        Element e = dom.element(i);
        String prop = e.hasAttr("itemprop") ? e.attr("itemprop") : e.attr("property");
        if (!prop.isEmpty() && prop.toLowerCase(Locale.ROOT).endsWith("isfamilyfriendly")) {
          parts.familyFriendly().add(e);
        }
      }
      return parts;
    }
  }

  private static void detectSelfLabels(Parts parts, List<RawHit> hits) {
    for (Element meta : parts.metas()) {
      String name = meta.hasAttr("name") ? meta.attr("name") : meta.attr("http-equiv");
      String content = meta.attr("content");
      if (name.equalsIgnoreCase("rating")) {
        rating(clip(meta.outerHtml()), content, hits);
      } else if (content.toUpperCase(Locale.ROOT).contains(RTA_LABEL)) {
        // the label is sometimes published under another name (rtalabel, pics-label)
        addOnce(
            hits, new RawHit("meta.rta", Category.EXPLICIT, RTA_WEIGHT, 1, clip(meta.outerHtml())));
      }
    }
    for (Element e : parts.familyFriendly()) {
      String value =
          e.hasAttr("content") ? e.attr("content") : e.hasAttr("href") ? e.attr("href") : e.text();
      String v = value.strip().toLowerCase(Locale.ROOT);
      if (v.equals("false") || v.endsWith("schema.org/false") || v.equals("schema:false")) {
        addOnce(
            hits,
            new RawHit(
                "meta.family-unfriendly",
                Category.EXPLICIT,
                FAMILY_UNFRIENDLY_WEIGHT,
                1,
                clip(e.outerHtml())));
        break;
      }
    }
    for (Element script : parts.ldJson()) {
      Matcher m = FAMILY_UNFRIENDLY_JSON.matcher(script.data());
      if (m.find()) {
        addOnce(
            hits,
            new RawHit(
                "meta.family-unfriendly",
                Category.EXPLICIT,
                FAMILY_UNFRIENDLY_WEIGHT,
                1,
                m.group()));
        break;
      }
    }
  }

  /** The first hit of a kind wins, so a page with a label in both meta and header counts once. */
  private static void rating(String evidence, String value, List<RawHit> hits) {
    if (value.toUpperCase(Locale.ROOT).contains(RTA_LABEL)) {
      addOnce(hits, new RawHit("meta.rta", Category.EXPLICIT, RTA_WEIGHT, 1, evidence));
    } else if (ADULT_RATING.matcher(value).find()) {
      addOnce(hits, new RawHit("meta.rating-adult", Category.EXPLICIT, RATING_WEIGHT, 1, evidence));
    }
  }

  private static void addOnce(List<RawHit> hits, RawHit hit) {
    if (hits.stream().noneMatch(h -> h.id().equals(hit.id()))) {
      hits.add(hit);
    }
  }

  static void patternHit(
      String id,
      Category category,
      double weight,
      Pattern pattern,
      String text,
      List<RawHit> hits) {
    Matcher m = pattern.matcher(text);
    int count = 0;
    int start = -1;
    int end = -1;
    while (count < 100 && m.find()) {
      if (count == 0) {
        start = m.start();
        end = m.end();
      }
      count++;
    }
    if (count > 0) {
      hits.add(
          new RawHit(
              id,
              category,
              weight,
              count,
              TextAnalysis.snippet(text, start, end, KeywordDetector.SNIPPET_CONTEXT)));
    }
  }

  private static Optional<String> header(Map<String, String> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .filter(v -> v != null && !v.isBlank())
        .findFirst();
  }

  private static String clip(String s) {
    return IdentifierExtractor.clip(s);
  }
}
