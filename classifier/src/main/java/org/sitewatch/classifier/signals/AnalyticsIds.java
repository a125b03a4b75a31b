package org.sitewatch.classifier.signals;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sitewatch.classifier.signals.IdentifierExtractor.Collector;
import org.sitewatch.events.Identifier;

/** Analytics and tag IDs in a page's scripts: Google (UA-, G-, GTM-), Baidu Tongji and CNZZ. */
final class AnalyticsIds {
  static final Pattern GA_UA = Pattern.compile("(?<![A-Za-z0-9])UA-(\\d{4,10})-(\\d{1,4})(?!\\d)");
  static final Pattern GA4 = Pattern.compile("(?<![A-Za-z0-9-])G-[A-Z0-9]{6,12}(?![A-Za-z0-9])");
  static final Pattern GTM = Pattern.compile("(?<![A-Za-z0-9-])GTM-[A-Z0-9]{4,9}(?![A-Za-z0-9])");
  static final Pattern BAIDU =
      Pattern.compile(
          "hm\\.baidu\\.com/hm\\.js\\?([0-9a-f]{32})(?![0-9a-f])"
              + "|_setAccount['\"]\\s*+,\\s*+['\"]([0-9a-f]{32})['\"]");
  static final Pattern CNZZ =
      Pattern.compile(
          "cnzz\\.com/[^\"'\\s<>]{0,100}?[?&](?:web_)?id=(\\d{4,12})(?!\\d)"
              + "|cnzz_stat_icon_(\\d{4,12})(?!\\d)|CNZZDATA(\\d{4,12})(?!\\d)");

  private AnalyticsIds() {}

  /** The analytics IDs in one script, or the source of an image, frame or the CNZZ icon. */
  static void find(String source, Collector out) {
    if (source.contains("UA-")) {
      Matcher m = GA_UA.matcher(source);
      while (m.find()) {
        out.add("google-analytics", m.group(), IdentifierExtractor.snip(source, m), Map.of());
      }
    }
    String lower = source.toLowerCase(Locale.ROOT);
    // a bare "G-XXXXXXX" is too common a shape; only inside Google's tag code is it an ID
    if (source.contains("G-")
        && (lower.contains("gtag")
            || lower.contains("googletagmanager")
            || lower.contains("google-analytics"))) {
      Matcher m = GA4.matcher(source);
      while (m.find()) {
        out.add("google-analytics", m.group(), IdentifierExtractor.snip(source, m), Map.of());
      }
    }
    if (source.contains("GTM-")) {
      Matcher m = GTM.matcher(source);
      while (m.find()) {
        out.add("google-tag-manager", m.group(), IdentifierExtractor.snip(source, m), Map.of());
      }
    }
    if (lower.contains("hm.baidu.com") || source.contains("_setAccount")) {
      Matcher m = BAIDU.matcher(source);
      while (m.find()) {
        out.add(
            "baidu-tongji",
            m.group(1) != null ? m.group(1) : m.group(2),
            IdentifierExtractor.snip(source, m),
            Map.of());
      }
    }
    if (lower.contains("cnzz")) {
      Matcher m = CNZZ.matcher(source);
      while (m.find()) {
        String id = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        out.add("cnzz", id, IdentifierExtractor.snip(source, m), Map.of());
      }
    }
  }

  /** For tests: the analytics IDs in one script or attribute value. */
  static List<Identifier> of(String source) {
    Collector out = new Collector("");
    find(source, out);
    return out.identifiers();
  }
}
