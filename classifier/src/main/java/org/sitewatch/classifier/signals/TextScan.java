package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regular expressions run only near the literal words they need, so that a 300 KB page costs a few
 * {@code indexOf} calls rather than a full regex scan per pattern. Case variants of an anchor are
 * listed explicitly ({@code "QQ", "qq"}), which keeps the search to plain {@code indexOf}.
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
   * before and {@code after} characters after one of the anchor {@code positions}, up to {@code
   * max}. Look-arounds see past the window (transparent bounds).
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
  static void forEachNear(
      Pattern pattern,
      String text,
      int[] positions,
      int before,
      int after,
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
   * Groups of literal anchors found in one pass over the text, with a trie whose first level is
   * indexed by character: most characters of a page start no anchor and cost one array read, and
   * the others a short walk, however many anchors (case variants included) there are. Immutable;
   * build once per detector.
   */
  static final class Anchors {
    private final int groups;

    /** Trie node reached by a first character; 0 when no anchor starts with it. */
    private final int[] root = new int[0x10000];

    /**
     * Bit {@code c} set when some anchor starts with {@code c}: 8 KiB that stay in the first-level
     * cache, read before {@link #root} (256 KiB) so that the common character costs no cache miss.
     */
    private final long[] starts = new long[0x10000 / 64];

    /** Per node: the next characters, sorted, and the nodes they lead to. */
    private final char[][] nextChars;

    private final int[][] nextNodes;

    /** Per node: the groups with an anchor that ends there. */
    private final int[][] ends;

    /**
     * Per node: bit {@code c % 64} set for every next character {@code c}, so that most dead ends
     * (the "h" after a "t") cost one test rather than a scan of the next characters.
     */
    private final long[] nextMask;

    Anchors(String[]... groups) {
      this(groups, new boolean[groups.length]);
    }

    /**
     * Anchors whose group {@code g} is found, when {@code foldWidth[g]}, as if the text had been
     * through {@link IdentifierExtractor#foldWidth} first ({@code ＱＱ} found as {@code QQ}): every
     * printable ASCII character of its anchors also matches its full-width form, and a space the
     * ideographic space. Folding keeps the length, so the positions are those of the folded text,
     * and groups of both kinds share one pass over the original text.
     */
    Anchors(String[][] groups, boolean[] foldWidth) {
      this.groups = groups.length;
      List<Map<Character, Integer>> children = new ArrayList<>();
      List<List<Integer>> endGroups = new ArrayList<>();
      children.add(new HashMap<>()); // node 0 stands for the root, whose children are in root[]
      endGroups.add(new ArrayList<>());
      for (int g = 0; g < groups.length; g++) {
        for (String anchor : groups[g]) {
          insert(anchor, 0, 0, g, foldWidth[g], children, endGroups);
        }
      }
      int nodes = children.size();
      nextChars = new char[nodes][];
      nextNodes = new int[nodes][];
      ends = new int[nodes][];
      nextMask = new long[nodes];
      for (int node = 0; node < nodes; node++) {
        List<Character> keys = new ArrayList<>(children.get(node).keySet());
        keys.sort(null);
        nextChars[node] = new char[keys.size()];
        nextNodes[node] = new int[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
          nextChars[node][k] = keys.get(k);
          nextNodes[node][k] = children.get(node).get(keys.get(k));
          nextMask[node] |= 1L << keys.get(k);
        }
        ends[node] = endGroups.get(node).stream().mapToInt(Integer::intValue).toArray();
      }
    }

    private void insert(
        String anchor,
        int k,
        int node,
        int g,
        boolean fold,
        List<Map<Character, Integer>> children,
        List<List<Integer>> endGroups) {
      if (k == anchor.length()) {
        if (!endGroups.get(node).contains(g)) {
          endGroups.get(node).add(g);
        }
        return;
      }
      char c = anchor.charAt(k);
      char wide = !fold ? c : c >= '!' && c <= '~' ? (char) (c + 0xFEE0) : c == ' ' ? '\u3000' : c;
      for (char v : wide == c ? new char[] {c} : new char[] {c, wide}) {
        Integer next = k == 0 ? (root[v] == 0 ? null : root[v]) : children.get(node).get(v);
        if (next == null) {
          next = children.size();
          children.add(new HashMap<>());
          endGroups.add(new ArrayList<>());
          if (k == 0) {
            root[v] = next;
            starts[v >>> 6] |= 1L << v;
          } else {
            children.get(node).put(v, next);
          }
        }
        insert(anchor, k + 1, next, g, fold, children, endGroups);
      }
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
      // a copy to scan: String.charAt checks the index and the coder on every call
      char[] chars = text.toCharArray();
      int n = chars.length;
      for (int i = 0; i < n; i++) {
        char c = chars[i];
        if ((starts[c >>> 6] & 1L << c) == 0) {
          continue;
        }
        int node = root[c];
        int j = i + 1;
        while (node != 0) {
          for (int g : ends[node]) {
            if (last[g] == i || sizes[g] >= MAX_ANCHORS) {
              continue;
            }
            if (sizes[g] == found[g].length) {
              found[g] = Arrays.copyOf(found[g], sizes[g] * 2);
            }
            found[g][sizes[g]++] = i;
            last[g] = i;
          }
          node = j < n ? next(node, chars[j++]) : 0;
        }
      }
      for (int g = 0; g < groups; g++) {
        found[g] = Arrays.copyOf(found[g], sizes[g]);
      }
      return found;
    }

    private int next(int node, char c) {
      if ((nextMask[node] >>> c & 1L) == 0) {
        return 0;
      }
      char[] chars = nextChars[node];
      for (int k = 0; k < chars.length; k++) {
        if (chars[k] == c) {
          return nextNodes[node][k];
        }
      }
      return 0;
    }
  }
}
