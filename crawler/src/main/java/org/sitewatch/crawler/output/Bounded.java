package org.sitewatch.crawler.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Size bounds of what the crawler writes to a topic. Every string a site controls (URLs, header
 * values, reasons quoting them, notes) is cut to a bound with a marker saying how long it was, and
 * lists and maps are cut to a number of entries, so no record a site shapes can grow past what the
 * consumers' state stores and the broker accept.
 */
public final class Bounded {
  /** Longest URL quoted in an outcome or a referrer (crawl-trap URLs are never fetched anyway). */
  public static final int URL = org.sitewatch.events.CrawlRequest.MAX_URL_LENGTH;

  /** Longest reason, detail value, header value or note. */
  public static final int TEXT = 2048;

  /** Most entries of a details, headers or notes map. */
  static final int ENTRIES = 64;

  /** Most characters of all outlinks of one page together (1,000 links of 256 characters). */
  static final int LINK_CHARS = 256 * 1024;

  private Bounded() {}

  /** {@code text} cut to {@code max} characters plus a marker, or as it is when short enough. */
  public static String text(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int cut = max;
    if (Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--; // never split a surrogate pair
    }
    return text.substring(0, cut) + "...[" + text.length() + " chars]";
  }

  /** A map with at most {@link #ENTRIES} entries, keys and values cut. */
  static Map<String, String> map(Map<String, String> map) {
    if (map.size() <= ENTRIES && !anyLong(map)) {
      return map;
    }
    Map<String, String> bounded = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (bounded.size() == ENTRIES) {
        bounded.put("truncated", (map.size() - ENTRIES) + " more entries dropped");
        break;
      }
      bounded.put(text(e.getKey(), 128), text(e.getValue(), TEXT));
    }
    return bounded;
  }

  /**
   * The links no longer than {@code maxUrlLength}, at most {@code maxLinks} of them and {@link
   * #LINK_CHARS} characters in all.
   */
  static List<String> links(List<String> links, int maxUrlLength, int maxLinks) {
    List<String> kept = new ArrayList<>();
    long chars = 0;
    for (String link : links) {
      if (kept.size() == maxLinks || chars + link.length() > LINK_CHARS) {
        break; // in document order: the first links of a page are kept
      }
      if (link.length() <= maxUrlLength) {
        kept.add(link);
        chars += link.length();
      }
    }
    return kept.size() == links.size() ? links : kept;
  }

  private static boolean anyLong(Map<String, String> map) {
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey().length() > 128 || (e.getValue() != null && e.getValue().length() > TEXT)) {
        return true;
      }
    }
    return false;
  }
}
