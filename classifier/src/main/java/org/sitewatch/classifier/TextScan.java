package org.sitewatch.classifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regular expressions run only near the literal words they need, so that a 300 KB page costs a
 * few {@code indexOf} calls rather than a full regex scan per pattern. Case variants of an anchor
 * are listed explicitly ({@code "QQ", "qq"}), which keeps the search to plain {@code indexOf}.
 */
final class TextScan {
  /** The first match and how many matches were counted. */
  record Found(int count, int start, int end) {}

  private static final int MAX_ANCHORS = 10_000;

  private TextScan() {}

  static boolean containsAny(String text, String... needles) {
    for (String needle : needles) {
      if (text.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Counts non-overlapping matches of {@code pattern} that lie within {@code before} characters
   * before and {@code after} characters after one of the anchor {@code positions}, up to
   * {@code max}. Look-arounds see past the window (transparent bounds).
   */
  static Found near(Pattern pattern, String text, int[] positions, int before, int after, int max) {
    if (positions.length == 0) {
      return new Found(0, -1, -1);
    }
    Matcher m = pattern.matcher(text);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    int n = text.length();
    int count = 0;
    int first = -1;
    int firstEnd = -1;
    int lastEnd = 0;
    for (int pos : positions) {
      if (count >= max) {
        break;
      }
      int from = Math.max(lastEnd, pos - before);
      int to = Math.min(n, pos + after);
      if (from >= to) {
        continue;
      }
      m.region(from, to);
      if (m.find()) {
        if (first < 0) {
          first = m.start();
          firstEnd = m.end();
        }
        count++;
        lastEnd = Math.max(m.end(), m.start() + 1);
      }
    }
    return new Found(count, first, firstEnd);
  }

  /** Calls {@code each} with a matcher positioned on every match near an anchor, in order. */
  static void forEachNear(Pattern pattern, String text, int[] positions, int before, int after,
      java.util.function.Consumer<Matcher> each) {
    if (positions.length == 0) {
      return;
    }
    Matcher m = pattern.matcher(text);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    int n = text.length();
    int lastEnd = 0;
    for (int pos : positions) {
      int from = Math.max(lastEnd, pos - before);
      int to = Math.min(n, pos + after);
      if (from >= to) {
        continue;
      }
      m.region(from, to);
      while (m.find()) {
        each.accept(m);
        lastEnd = Math.max(m.end(), m.start() + 1);
        if (lastEnd >= to) {
          break;
        }
        m.region(lastEnd, to);
      }
    }
  }

  /**
   * Groups of literal anchors found in one pass over the text, checking only at characters that
   * start some anchor: with dozens of anchors (case variants included) that is several times
   * cheaper than one {@code indexOf} scan per anchor. Immutable; build once per detector.
   */
  static final class Anchors {
    /** An anchor and the group it belongs to. */
    private record Entry(String anchor, int group) {}

    private final int groups;
    private final boolean[] starts = new boolean[0x10000];
    private final Map<Character, Entry[]> byFirst = new HashMap<>();

    Anchors(String[]... groups) {
      this.groups = groups.length;
      Map<Character, List<Entry>> entries = new HashMap<>();
      for (int g = 0; g < groups.length; g++) {
        for (String anchor : groups[g]) {
          starts[anchor.charAt(0)] = true;
          entries.computeIfAbsent(anchor.charAt(0), c -> new ArrayList<>()).add(new Entry(anchor, g));
        }
      }
      entries.forEach((c, list) -> byFirst.put(c, list.toArray(new Entry[0])));
    }

    /** Per group, the positions where one of its anchors starts, in text order. */
    int[][] find(String text) {
      int[][] found = new int[groups][];
      int[] sizes = new int[groups];
      int[] last = new int[groups];
      Arrays.fill(last, -1);
      for (int g = 0; g < groups; g++) {
        found[g] = new int[8];
      }
      int n = text.length();
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (!starts[c]) {
          continue;
        }
        for (Entry e : byFirst.get(c)) {
          int g = e.group();
          if (last[g] == i || sizes[g] >= MAX_ANCHORS || !text.startsWith(e.anchor(), i)) {
            continue;
          }
          if (sizes[g] == found[g].length) {
            found[g] = Arrays.copyOf(found[g], sizes[g] * 2);
          }
          found[g][sizes[g]++] = i;
          last[g] = i;
        }
      }
      for (int g = 0; g < groups; g++) {
        found[g] = Arrays.copyOf(found[g], sizes[g]);
      }
      return found;
    }
  }


}
