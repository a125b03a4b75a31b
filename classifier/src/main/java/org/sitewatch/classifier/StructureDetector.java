package org.sitewatch.classifier;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Signals from the page's structure rather than its words: self-labels (the RTA label, {@code
 * rating} meta values, schema.org {@code isFamilyFriendly=false}), age gates, and prices per
 * period (subscriptions). Weights live here as constants; they are few and reviewed with the
 * code.
 */
final class StructureDetector implements SignalDetector {
  static final String RTA_LABEL = "RTA-5042-1996-1400-1577-RTA";

  static final double RTA_WEIGHT = 3.5;
  static final double RATING_WEIGHT = 2.5;
  static final double FAMILY_UNFRIENDLY_WEIGHT = 2.0;
  static final double AGE_GATE_WEIGHT = 1.5;
  static final double PRICE_WEIGHT = 0.8;

  private static final Pattern ADULT_RATING =
      Pattern.compile("(?i)\\b(adult|mature|restricted|rta|18\\+|xxx)\\b");

  private static final Pattern AGE_GATE = Pattern.compile(
      "(?i)(已满|年满|未满|超过|不满)\\s*18\\s*(周岁|岁)"
          + "|18\\s*(周岁|岁)以下"
          + "|i\\s*(am|['’]m)\\s*(over\\s*)?(18|eighteen)\\b"
          + "|\\b(18|eighteen)\\s*(years?\\s*(old|of\\s*age)\\s*)?or\\s*older"
          + "|enter\\s*(only\\s*)?if\\s*you\\s*are\\s*(over\\s*)?18"
          + "|you\\s*must\\s*be\\s*(at\\s*least\\s*)?18");

  private static final Pattern PRICE_PER_PERIOD = Pattern.compile(
      "(?i)(?:[¥$€£]\\s?\\d{1,5}(?:[.,]\\d{1,2})?|\\d{1,5}(?:\\.\\d{1,2})?\\s?(?:元|块|rmb|usd|美元))"
          + "\\s?(?:/|每|per\\s|a\\s)\\s?(?:个)?(?:月|年|季|周|天|日|month|mo\\b|year|yr\\b|week|day)");

  private static final Pattern FAMILY_UNFRIENDLY_JSON =
      Pattern.compile("(?i)\"isFamilyFriendly\"\\s*:\\s*\"?false");

  @Override
  public void detect(PageText page, List<RawHit> hits) {
    page.document().ifPresent(doc -> detectSelfLabels(doc, hits));
    header(page.headers(), "rating").ifPresent(value -> rating("header rating: " + value, value, hits));
    String text = page.text();
    patternHit("structure.age-gate", Category.EXPLICIT, AGE_GATE_WEIGHT, AGE_GATE, text, hits);
    patternHit("structure.price-per-period", Category.PROFIT, PRICE_WEIGHT, PRICE_PER_PERIOD, text,
        hits);
  }

  private static void detectSelfLabels(Document doc, List<RawHit> hits) {
    for (Element meta : doc.select("meta[name], meta[http-equiv]")) {
      String name = meta.hasAttr("name") ? meta.attr("name") : meta.attr("http-equiv");
      if (name.equalsIgnoreCase("rating")) {
        String content = meta.attr("content");
        rating(clip(meta.outerHtml()), content, hits);
      }
    }
    Element familyFriendly = doc.selectFirst("[itemprop=isFamilyFriendly]");
    if (familyFriendly != null) {
      String value = familyFriendly.hasAttr("content") ? familyFriendly.attr("content")
          : familyFriendly.text();
      if (value.strip().equalsIgnoreCase("false")) {
        hits.add(new RawHit("meta.family-unfriendly", Category.EXPLICIT, FAMILY_UNFRIENDLY_WEIGHT,
            1, clip(familyFriendly.outerHtml())));
      }
    }
    for (Element script : doc.select("script[type=application/ld+json]")) {
      Matcher m = FAMILY_UNFRIENDLY_JSON.matcher(script.data());
      if (m.find()) {
        hits.add(new RawHit("meta.family-unfriendly", Category.EXPLICIT, FAMILY_UNFRIENDLY_WEIGHT,
            1, m.group()));
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

  private static void patternHit(String id, Category category, double weight, Pattern pattern,
      String text, List<RawHit> hits) {
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
      hits.add(new RawHit(id, category, weight, count,
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
    String collapsed = s.replaceAll("\\s+", " ").strip();
    return collapsed.length() <= 200 ? collapsed : collapsed.substring(0, 200) + "…";
  }
}
