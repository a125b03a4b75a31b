package org.sitewatch.web.capture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.sitewatch.events.SignalHit;

/**
 * The visible text of a captured page, cut into segments where the lead's signal snippets occur so
 * that the template marks them ({@code <mark>}) while escaping every character. The text is what
 * the classifier read (title, meta description and keywords, body text, one per line), so the
 * snippets it cut are found again.
 */
public final class CapturedText {
  /** The most characters of text shown. */
  static final int MAX_CHARS = 1_000_000;

  /** The most marks on a page; a snippet found more often is marked this many times. */
  static final int MAX_MARKS = 5_000;

  private static final int MAX_TERMS = 200;
  private static final int MIN_TERM_CHARS = 2;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern SNIPPET_PARTS = Pattern.compile(" \\| | \\+ ");

  /** A run of text, marked or not. */
  public record Segment(String text, boolean marked) {}

  private CapturedText() {}

  /** The visible text of a decoded body: HTML as the classifier reads it, other text as is. */
  static String visible(Capture.Read page) {
    if (!page.textual()) {
      return "";
    }
    String text;
    if (page.html()) {
      Document doc = Jsoup.parse(page.text());
      List<String> lines = new ArrayList<>();
      lines.add(doc.title());
      for (Element meta : doc.select("meta[name]")) {
        String name = meta.attr("name");
        if (name.equalsIgnoreCase("description") || name.equalsIgnoreCase("keywords")) {
          lines.add(meta.attr("content"));
        }
      }
      lines.add(doc.body() == null ? "" : doc.body().text());
      text =
          String.join("\n", lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
    } else {
      text = page.text();
    }
    if (text.length() > MAX_CHARS) {
      int end = MAX_CHARS;
      if (Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      text = text.substring(0, end);
    }
    return text;
  }

  /** The words to mark: each snippet's parts, without the ellipses that show where it was cut. */
  static List<String> terms(List<SignalHit> signals) {
    Set<String> terms = new LinkedHashSet<>();
    for (SignalHit s : signals) {
      for (String part : SNIPPET_PARTS.split(s.snippet())) {
        String t = WHITESPACE.matcher(part).replaceAll(" ").strip();
        while (t.startsWith("…")) {
          t = t.substring(1).strip();
        }
        while (t.endsWith("…")) {
          t = t.substring(0, t.length() - 1).strip();
        }
        if (t.codePointCount(0, t.length()) >= MIN_TERM_CHARS && terms.size() < MAX_TERMS) {
          terms.add(t);
        }
      }
    }
    return List.copyOf(terms);
  }

  /** {@code text} cut into segments, the occurrences of {@code terms} marked (case-insensitive). */
  static List<Segment> segments(String text, List<String> terms) {
    String haystack = text.toLowerCase(Locale.ROOT);
    boolean folded = haystack.length() == text.length();
    if (!folded) {
      haystack = text;
    }
    boolean[] marked = new boolean[text.length()];
    int marks = 0;
    for (String term : terms) {
      String needle = folded ? term.toLowerCase(Locale.ROOT) : term;
      if (needle.length() != term.length()) {
        needle = term;
      }
      for (int at = haystack.indexOf(needle);
          at >= 0 && marks < MAX_MARKS;
          at = haystack.indexOf(needle, at + needle.length())) {
        java.util.Arrays.fill(marked, at, at + needle.length(), true);
        marks++;
      }
    }
    List<Segment> segments = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || marked[i] != marked[start]) {
        segments.add(new Segment(text.substring(start, i), marked[start]));
        start = i;
      }
    }
    return segments;
  }
}
