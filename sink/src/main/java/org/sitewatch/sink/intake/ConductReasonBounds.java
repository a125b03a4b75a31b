package org.sitewatch.sink.intake;

import java.util.ArrayList;
import java.util.List;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.SiteVerdict;

/**
 * Bounds the evidence behind a verdict's conducts before the sink stores it: every byte of a
 * verdict is whoever wrote to the topic, and each reason is shown on the lead page, in the CLI and
 * in every evidence bundle. A verdict keeps at most {@link #MAX_REASONS} reasons; a snippet longer
 * than {@link #MAX_SNIPPET} characters, and a conduct or signal longer than {@link #MAX_ID}, is cut
 * and ends with {@code …}; a page URL longer than {@link #MAX_URL} is emptied (a cut URL would link
 * to another page); NUL characters and unpaired surrogates, which PostgreSQL's {@code jsonb}
 * refuses, become U+FFFD. The lead still opens or updates; what was cut is reported as an outcome.
 */
final class ConductReasonBounds {
  /** Reasons kept per verdict: a few per conduct, with room to spare. */
  static final int MAX_REASONS = 64;

  /** Characters of a snippet: a sentence or two around the evidence. */
  static final int MAX_SNIPPET = 300;

  /** Characters of a conduct or signal id. */
  static final int MAX_ID = 100;

  /** Characters of a reason's page URL: the longest URL the crawler requests. */
  static final int MAX_URL = CrawlRequest.MAX_URL_LENGTH;

  private static final String CUT = "…";
  private static final char REPLACEMENT = '\uFFFD';

  private ConductReasonBounds() {}

  /**
   * The verdict with bounded reasons, and what was cut (empty when the verdict was within bounds;
   * then {@code verdict} is the same instance).
   */
  record Bounded(SiteVerdict verdict, List<String> cuts) {
    Bounded {
      cuts = List.copyOf(cuts);
    }
  }

  static Bounded bound(SiteVerdict v) {
    List<ConductReason> reasons = v.conductReasons();
    List<String> cuts = new ArrayList<>();
    if (reasons.size() > MAX_REASONS) {
      cuts.add(
          (reasons.size() - MAX_REASONS)
              + " of "
              + reasons.size()
              + " reasons dropped (at most "
              + MAX_REASONS
              + ")");
      reasons = reasons.subList(0, MAX_REASONS);
    }
    Counts counts = new Counts();
    List<ConductReason> bounded = new ArrayList<>(reasons.size());
    for (ConductReason r : reasons) {
      bounded.add(
          new ConductReason(
              cut(clean(r.conduct(), counts), MAX_ID, counts),
              cut(clean(r.signal(), counts), MAX_ID, counts),
              cut(clean(r.snippet(), counts), MAX_SNIPPET, counts),
              url(clean(r.url(), counts), counts)));
    }
    if (counts.cut > 0) {
      cuts.add(
          counts.cut
              + " snippet(s) or id(s) cut to "
              + MAX_SNIPPET
              + " / "
              + MAX_ID
              + " characters");
    }
    if (counts.urls > 0) {
      cuts.add(counts.urls + " page URL(s) longer than " + MAX_URL + " characters emptied");
    }
    if (counts.replaced > 0) {
      cuts.add(counts.replaced + " NUL or unpaired surrogate character(s) replaced");
    }
    if (cuts.isEmpty()) {
      return new Bounded(v, List.of());
    }
    return new Bounded(v.withConductReasons(bounded), cuts);
  }

  private static final class Counts {
    int cut;
    int urls;
    int replaced;
  }

  private static String clean(String s, Counts counts) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad;
      if (Character.isHighSurrogate(c)) {
        bad = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
      } else if (Character.isLowSurrogate(c)) {
        bad = i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
      } else {
        bad = c == '\0';
      }
      if (bad && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.append(bad ? REPLACEMENT : c);
      }
      if (bad) {
        counts.replaced++;
      }
    }
    return out == null ? s : out.toString();
  }

  private static String cut(String s, int max, Counts counts) {
    if (s.length() <= max) {
      return s;
    }
    counts.cut++;
    int end = Character.isLowSurrogate(s.charAt(max)) ? max - 1 : max;
    return s.substring(0, end) + CUT;
  }

  private static String url(String s, Counts counts) {
    if (s.length() <= MAX_URL) {
      return s;
    }
    counts.urls++;
    return "";
  }
}
