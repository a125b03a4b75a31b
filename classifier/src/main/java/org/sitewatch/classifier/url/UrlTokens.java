package org.sitewatch.classifier.url;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An address cut into what the URL rules look at: the public suffix, the registrable name, and the
 * chunks of the host labels (suffix excluded) and of the path and query. Pure string work: nothing
 * is resolved or fetched ({@code java.net.URL} is avoided on purpose).
 *
 * @param host the host, lower case, IDN decoded, without {@code www.}
 * @param suffix labels of the public suffix ({@code [com]}, {@code [ac, uk]}); empty for an IP
 * @param name the label just left of the suffix (the registrable name), or empty
 * @param chunks letter runs and digit runs, in address order, each with its segmentation
 * @param joinedLabels host labels (suffix excluded) that contain punctuation, with it removed, so
 *     that substring rules see through {@code se-qing} or {@code p-o-r-n}
 */
record UrlTokens(
    String host, List<String> suffix, String name, List<Chunk> chunks, List<String> joinedLabels) {
  /** Longer inputs are cut: no real address needs more, and the work stays bounded. */
  static final int MAX_INPUT = 2048;

  /** Longer chunks are matched whole and by substring only, never segmented. */
  static final int MAX_SEGMENTED = 48;

  /** Second-level labels that form a public suffix under a two-letter country code. */
  private static final Set<String> SECOND_LEVEL =
      Set.of(
          "com", "net", "org", "edu", "gov", "ac", "co", "or", "ne", "go", "gob", "mil", "nic",
          "sch", "ltd", "plc", "gen", "info", "biz", "nom", "web", "int", "res", "lg", "ed", "gv",
          "in", "id");

  /** Host labels that say nothing about a site. */
  private static final Set<String> SKIPPED_LABELS =
      Set.of("www", "www1", "www2", "www3", "m", "wap", "mobile");

  UrlTokens {
    suffix = List.copyOf(suffix);
    chunks = List.copyOf(chunks);
    joinedLabels = List.copyOf(joinedLabels);
  }

  /**
   * One chunk: a run of ASCII letters, of digits, or of other letters (e.g. Chinese).
   *
   * @param text the chunk
   * @param segments its segmentation into known words and unknown runs (one unknown segment when
   *     the chunk is not Latin or is too long)
   * @param covered whether every character is inside a known word
   * @param host whether the chunk comes from the host name (else from the path or query)
   */
  record Chunk(String text, List<Segment> segments, boolean covered, boolean host) {
    Chunk {
      segments = List.copyOf(segments);
    }

    /**
     * Whether {@code sub} occurs in this chunk outside every neutral word longer than it: "youtube"
     * does not contain {@code tube} for the rules, "freetube" does.
     */
    boolean containsUnprotected(String sub, Dictionary dictionary) {
      int from = 0;
      int at;
      while ((at = text.indexOf(sub, from)) >= 0) {
        if (!insideNeutral(at, at + sub.length(), dictionary)) {
          return true;
        }
        from = at + 1;
      }
      return false;
    }

    private boolean insideNeutral(int start, int end, Dictionary dictionary) {
      int pos = 0;
      for (Segment s : segments) {
        int segEnd = pos + s.text().length();
        if (s.known()
            && pos <= start
            && end <= segEnd
            && segEnd - pos > end - start
            && dictionary.neutral().contains(s.text())) {
          return true;
        }
        pos = segEnd;
      }
      return false;
    }
  }

  /** A known dictionary word, or a run of characters the dictionary does not know. */
  record Segment(String text, boolean known) {}

  /** Parses {@code item} (a URL or a bare domain, with or without a path). Never fails. */
  static UrlTokens parse(String item, Dictionary dictionary) {
    String s = item.strip();
    if (s.length() > MAX_INPUT) {
      s = s.substring(0, MAX_INPUT);
    }
    s = s.toLowerCase(Locale.ROOT);
    int scheme = s.indexOf("://");
    if (scheme >= 0 && scheme < 16) {
      s = s.substring(scheme + 3);
    } else if (s.startsWith("//")) {
      s = s.substring(2);
    }
    int end = indexOfAny(s, "/?#");
    String authority = end < 0 ? s : s.substring(0, end);
    String rest = end < 0 ? "" : s.substring(end);
    String host = hostOf(authority);

    List<String> labels = new ArrayList<>(Arrays.asList(host.split("\\.")));
    labels.removeIf(String::isEmpty);
    List<String> suffix = List.of();
    String name = "";
    if (!isIp(host) && labels.size() >= 2) {
      int n = labels.size();
      boolean twoLevel =
          n >= 3 && labels.get(n - 1).length() == 2 && SECOND_LEVEL.contains(labels.get(n - 2));
      suffix = List.copyOf(labels.subList(n - (twoLevel ? 2 : 1), n));
      labels = new ArrayList<>(labels.subList(0, n - suffix.size()));
      name = labels.get(labels.size() - 1);
    } else if (isIp(host)) {
      labels = List.of();
    }
    while (labels.size() > 1 && SKIPPED_LABELS.contains(labels.get(0))) {
      labels.remove(0);
    }
    List<Chunk> chunks = new ArrayList<>();
    List<String> joined = new ArrayList<>();
    for (String label : labels) {
      addChunks(label, true, dictionary, chunks);
      String bare = label.replaceAll("[^\\p{L}\\p{N}]", "");
      if (!bare.equals(label)) {
        joined.add(bare);
      }
    }
    addChunks(percentDecode(rest), false, dictionary, chunks);
    String shownHost =
        String.join(".", labels) + (suffix.isEmpty() ? "" : "." + String.join(".", suffix));
    return new UrlTokens(shownHost, suffix, name, chunks, joined);
  }

  private static String hostOf(String authority) {
    String host = authority;
    int at = host.lastIndexOf('@');
    if (at >= 0) {
      host = host.substring(at + 1);
    }
    if (host.startsWith("[")) {
      return "";
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    while (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.contains("xn--")) {
      try {
        host = IDN.toUnicode(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        // Not valid punycode: keep the ASCII form, its letters are still tokens.
      }
    }
    return host;
  }

  private static boolean isIp(String host) {
    return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** Lenient %XX decoding as UTF-8; malformed escapes stay as they are. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
  }

  private enum CharClass {
    DIGIT,
    LATIN,
    OTHER,
    SEPARATOR
  }

  private static CharClass classOf(int cp) {
    if (cp >= '0' && cp <= '9') {
      return CharClass.DIGIT;
    }
    if (cp >= 'a' && cp <= 'z') {
      return CharClass.LATIN;
    }
    if (cp > 0x7f && Character.isLetterOrDigit(cp)) {
      return CharClass.OTHER;
    }
    return CharClass.SEPARATOR;
  }

  /** Splits on punctuation and at every change between digits, ASCII letters and other letters. */
  private static void addChunks(String text, boolean host, Dictionary dictionary, List<Chunk> out) {
    int start = 0;
    CharClass current = CharClass.SEPARATOR;
    int i = 0;
    while (i <= text.length()) {
      int cp = i < text.length() ? text.codePointAt(i) : ' ';
      CharClass cls = classOf(cp);
      if (cls != current) {
        if (current != CharClass.SEPARATOR) {
          out.add(chunk(text.substring(start, i), current == CharClass.LATIN, host, dictionary));
        }
        start = i;
        current = cls;
      }
      i += i < text.length() ? Character.charCount(cp) : 1;
    }
  }

  private static Chunk chunk(String text, boolean latin, boolean host, Dictionary dictionary) {
    if (dictionary.contains(text)) {
      return new Chunk(text, List.of(new Segment(text, true)), true, host);
    }
    if (!latin || text.length() > MAX_SEGMENTED) {
      return new Chunk(text, List.of(new Segment(text, false)), false, host);
    }
    Chunk c = segment(text, dictionary);
    return new Chunk(text, c.segments(), c.covered(), host);
  }

  /**
   * Dynamic programming over the chunk: the fewest unknown characters, then the fewest words
   * ("experts|exchange" beats "expert|sex|change"), then the earliest longest word.
   */
  static Chunk segment(String text, Dictionary dictionary) {
    int n = text.length();
    int[] unknown = new int[n + 1];
    int[] words = new int[n + 1];
    int[] from = new int[n + 1];
    boolean[] known = new boolean[n + 1];
    Arrays.fill(unknown, Integer.MAX_VALUE);
    unknown[0] = 0;
    for (int i = 0; i < n; i++) {
      if (unknown[i] == Integer.MAX_VALUE) {
        continue;
      }
      relax(i, i + 1, unknown[i] + 1, words[i], false, unknown, words, from, known);
      for (int len = Math.min(dictionary.maxLength(), n - i); len >= 1; len--) {
        if (dictionary.contains(text.substring(i, i + len))) {
          relax(i, i + len, unknown[i], words[i] + 1, true, unknown, words, from, known);
        }
      }
    }
    List<Segment> reversed = new ArrayList<>();
    int pos = n;
    StringBuilder pending = new StringBuilder();
    while (pos > 0) {
      int prev = from[pos];
      if (known[pos]) {
        if (pending.length() > 0) {
          reversed.add(new Segment(pending.reverse().toString(), false));
          pending.setLength(0);
        }
        reversed.add(new Segment(text.substring(prev, pos), true));
      } else {
        pending.append(new StringBuilder(text.substring(prev, pos)).reverse());
      }
      pos = prev;
    }
    if (pending.length() > 0) {
      reversed.add(new Segment(pending.reverse().toString(), false));
    }
    List<Segment> segments = new ArrayList<>(reversed.size());
    for (int k = reversed.size() - 1; k >= 0; k--) {
      segments.add(reversed.get(k));
    }
    return new Chunk(text, segments, unknown[n] == 0, true);
  }

  private static void relax(
      int i,
      int j,
      int u,
      int w,
      boolean isWord,
      int[] unknown,
      int[] words,
      int[] from,
      boolean[] known) {
    if (u < unknown[j] || (u == unknown[j] && w < words[j])) {
      unknown[j] = u;
      words[j] = w;
      from[j] = i;
      known[j] = isWord;
    }
  }

  /**
   * The segmenter's vocabulary: every word of the URL lexicon, signal or neutral.
   *
   * @param words all words
   * @param neutral the neutral ones (a subset): they also protect their letters from substring
   *     rules ("youtube" hides {@code *tube*})
   * @param maxLength the longest word
   */
  record Dictionary(Set<String> words, Set<String> neutral, int maxLength) {
    Dictionary {
      words = Set.copyOf(words);
      neutral = Set.copyOf(neutral);
    }

    static Dictionary of(Set<String> words) {
      return of(words, Set.of());
    }

    static Dictionary of(Set<String> words, Set<String> neutral) {
      return new Dictionary(
          words, neutral, words.stream().mapToInt(String::length).max().orElse(0));
    }

    boolean contains(String word) {
      return words.contains(word);
    }
  }
}
