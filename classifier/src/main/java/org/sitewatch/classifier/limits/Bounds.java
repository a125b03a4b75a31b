package org.sitewatch.classifier.limits;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.SignalHit;

/**
 * Size limits on everything the classifier writes to a topic or to its state store, applied where a
 * page's results are produced (see docs/classifier-limits.md). Every text is also cleaned of
 * control characters ({@link ControlChars}). A URL longer than {@link #MAX_URL_CHARS} keeps its
 * beginning and ends in a marker with its full length and a digest, so that two long URLs stay
 * apart and an analyst still recognises the page: {@code …[45012 chars, sha256:0a1b2c3d4e5f]}.
 */
public final class Bounds {
  public static final int MAX_URL_CHARS = org.sitewatch.events.CrawlRequest.MAX_URL_LENGTH;
  static final int MAX_SNIPPET_CHARS = 300;
  static final int MAX_VALUE_CHARS = 200;
  static final int MAX_LABEL_CHARS = 100;
  public static final int MAX_DETAIL_CHARS = 500;
  static final int MAX_ATTRIBUTES = 8;
  static final int MAX_CATEGORIES = 20;
  static final int MAX_FINDINGS_PER_PAGE = 20;

  /** A registered domain has at most 253 characters; a longer key is not a site. */
  public static final int MAX_SITE_CHARS = 253;

  private Bounds() {}

  /** {@code url} cleaned and, if too long, cut with a marker naming its length and digest. */
  public static String url(String url) {
    String clean = ControlChars.toSpaces(url);
    if (clean.length() <= MAX_URL_CHARS) {
      return clean;
    }
    String marker = "…[" + clean.length() + " chars, sha256:" + digest(clean) + "]";
    return cut(clean, MAX_URL_CHARS - marker.length()) + marker;
  }

  /** {@code text} cleaned and cut to {@code max} characters, ending in "…" when cut. */
  public static String text(String text, int max) {
    String clean = ControlChars.toSpaces(text);
    return clean.length() <= max ? clean : cut(clean, max - 1) + "…";
  }

  /** A label (signal id, category, kind, type): never blank when the input was not. */
  public static String label(String label) {
    return text(label, MAX_LABEL_CHARS);
  }

  public static SignalHit signal(SignalHit s) {
    return new SignalHit(
        label(s.id()),
        label(s.category()),
        s.weight(),
        s.count(),
        text(s.snippet(), MAX_SNIPPET_CHARS),
        url(s.url()));
  }

  static Identifier identifier(Identifier i) {
    Map<String, String> attributes = new LinkedHashMap<>();
    i.attributes().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .limit(MAX_ATTRIBUTES)
        .forEach(e -> attributes.put(label(e.getKey()), text(e.getValue(), MAX_VALUE_CHARS)));
    return new Identifier(
        label(i.type()),
        text(i.value(), MAX_VALUE_CHARS),
        text(i.snippet(), MAX_SNIPPET_CHARS),
        url(i.url()),
        attributes);
  }

  static Finding finding(Finding f) {
    return new Finding(
        label(f.kind()),
        text(f.detail(), MAX_DETAIL_CHARS),
        text(f.snippet(), MAX_SNIPPET_CHARS),
        url(f.url()));
  }

  public static List<SignalHit> signals(List<SignalHit> signals, int max) {
    return signals.stream().limit(max).map(Bounds::signal).toList();
  }

  public static List<Identifier> identifiers(List<Identifier> identifiers, int max) {
    return identifiers.stream().limit(max).map(Bounds::identifier).toList();
  }

  public static List<Finding> findings(List<Finding> findings) {
    return findings.stream().limit(MAX_FINDINGS_PER_PAGE).map(Bounds::finding).toList();
  }

  /** A page gives at most this many conduct reasons (a few per conduct). */
  public static final int MAX_CONDUCT_REASONS_PER_PAGE = 16;

  /** Snippets of conduct reasons are kept shorter than signal snippets: a few per conduct. */
  public static final int MAX_REASON_SNIPPET_CHARS = 160;

  /** A conduct reason with every field cleaned and cut. */
  public static ConductReason conductReason(ConductReason r) {
    return new ConductReason(
        label(r.conduct()),
        label(r.signal()),
        text(r.snippet(), MAX_REASON_SNIPPET_CHARS),
        url(r.url()));
  }

  /** At most {@link #MAX_CONDUCT_REASONS_PER_PAGE} reasons, each bounded. */
  public static List<ConductReason> conductReasons(List<ConductReason> reasons) {
    return reasons.stream().limit(MAX_CONDUCT_REASONS_PER_PAGE).map(Bounds::conductReason).toList();
  }

  public static List<String> labels(List<String> labels) {
    List<String> out = new ArrayList<>();
    for (String label : labels) {
      if (out.size() >= MAX_CATEGORIES) {
        break;
      }
      out.add(label(label));
    }
    return out;
  }

  /** The first {@code max} characters of {@code s}, not splitting a surrogate pair. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Math.max(0, max);
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** The first 12 hex digits of the SHA-256 of {@code s} in UTF-8. */
  public static String digest(String s) {
    return Sha256.shortHex(s, 12);
  }
}
