package org.sitewatch.classifier.url;

import java.util.List;

/**
 * The features the learned URL model reads from an address, hashed into a fixed space of {@code
 * 2^bits} buckets. Each feature has a kind and a text, hashed together; the text is a range of a
 * string, so character n-grams cost no allocation and no regular expression:
 *
 * <ul>
 *   <li>{@code g} character 3- to 5-grams of each host label left of the public suffix, with
 *       boundary marks ({@code ^porn$} gives {@code ^po}, {@code por}, ..., {@code rn$}), each of
 *       value {@code 1.5/sqrt(n-grams of the label)} ({@link #GRAM_WEIGHT});
 *   <li>{@code n} the registrable name whole, {@code l} each other host label whole, {@code t} the
 *       public suffix ({@code co.uk}), {@code ts} the suffix with the shape of the name ({@code
 *       top:5-8:d}: length band, digits, hyphens);
 *   <li>{@code sw} each known word of a host chunk as the model's own segmenter cuts it ({@link
 *       UrlWords}: word counts learned from the training addresses, so {@code petitetina} gives
 *       {@code petite} where the rule vocabulary knows neither);
 *   <li>{@code h} / {@code p} each chunk of the host / of the path and query, {@code hw} / {@code
 *       pw} each word the URL rules' segmenter found in them;
 *   <li>{@code r} each URL rule that counted ({@code r:url.porn}) and {@code rules} the rule
 *       scorer's sum of weights (value = sum / 4): the hand-written rules are features too.
 * </ul>
 *
 * <p>The URL's scheme, {@code www.} and whether the item has a path are deliberately not features:
 * in the training lists they tell the source of a row apart, not adult sites from others.
 */
final class UrlFeatures {
  static final int MIN_GRAM = 3;
  static final int MAX_GRAM = 5;

  /** Path chunks read at most: a long query string adds nothing but cost. */
  static final int MAX_PATH_CHUNKS = 24;

  /** Longer chunks and labels are not whole-token features (still n-grams for labels). */
  static final int MAX_TOKEN = 40;

  /** Longer labels are cut before taking n-grams. */
  static final int MAX_LABEL = 63;

  /**
   * Value of a label's n-grams together (each is {@code GRAM_WEIGHT / sqrt(n-grams of the label)}).
   * Above 1, the same L2 penalty and AdaGrad steps let the n-grams, which carry over to names never
   * seen, weigh more against whole names and chunks, which mostly recall the training sites: round
   * 25 measured 1.5 best of 0.5 / 1 / 1.5 / 2 / 3 / 4 (docs/detection.md).
   */
  static final double GRAM_WEIGHT = 1.5;

  /** Scale of the {@code rules} feature: the rule sum is usually within [-3, 12]. */
  static final double RULES_SCALE = 4.0;

  private UrlFeatures() {}

  /** Receives each feature: {@code kind} and the range {@code [start, end)} of {@code text}. */
  interface Sink {
    void add(String kind, String text, int start, int end, double value);
  }

  /**
   * Sends every feature of {@code tokens} to {@code sink}.
   *
   * @param ruleIds the URL rules that counted for this address
   * @param ruleSum their summed contributions (the rule logit without its bias)
   * @param words the model's segmenter words ({@link UrlWords#NONE}: no {@code sw} features)
   */
  static void extract(
      UrlTokens tokens, List<String> ruleIds, double ruleSum, UrlWords words, Sink sink) {
    String host = tokens.host();
    String suffix = String.join(".", tokens.suffix());
    String labels =
        suffix.isEmpty() || host.length() <= suffix.length()
            ? host
            : host.substring(0, host.length() - suffix.length() - 1);
    int from = 0;
    while (from <= labels.length()) {
      int dot = labels.indexOf('.', from);
      int to = dot < 0 ? labels.length() : dot;
      if (to > from) {
        label(labels.substring(from, Math.min(to, from + MAX_LABEL)), tokens.name(), sink);
      }
      if (dot < 0) {
        break;
      }
      from = dot + 1;
    }
    if (!suffix.isEmpty()) {
      sink.add("t", suffix, 0, suffix.length(), 1);
      String shape = suffix + ":" + shape(tokens.name());
      sink.add("ts", shape, 0, shape.length(), 1);
    }
    int pathChunks = 0;
    for (UrlTokens.Chunk chunk : tokens.chunks()) {
      if (!chunk.host() && pathChunks++ >= MAX_PATH_CHUNKS) {
        break;
      }
      String text = chunk.text();
      String kind = chunk.host() ? "h" : "p";
      if (text.length() <= MAX_TOKEN) {
        sink.add(kind, text, 0, text.length(), 1);
      }
      if (chunk.host() && isLatin(text)) {
        words.segment(
            text,
            (t, start, end, known) -> {
              if (known) {
                sink.add("sw", t, start, end, 1);
              }
            });
      }
      List<UrlTokens.Segment> segments = chunk.segments();
      if (segments.size() > 1) {
        String wordKind = chunk.host() ? "hw" : "pw";
        for (UrlTokens.Segment s : segments) {
          if (s.known()) {
            sink.add(wordKind, s.text(), 0, s.text().length(), 1);
          }
        }
      }
    }
    for (String id : ruleIds) {
      sink.add("r", id, 0, id.length(), 1);
    }
    if (ruleSum != 0) {
      sink.add("rules", "", 0, 0, ruleSum / RULES_SCALE);
    }
  }

  private static boolean isLatin(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return !text.isEmpty();
  }

  /**
   * The shape of a registrable name: its length in four bands, and whether it holds digits and
   * hyphens ({@code 5-8:d-}).
   */
  static String shape(String name) {
    int n = name.length();
    String len = n <= 4 ? "1-4" : n <= 8 ? "5-8" : n <= 12 ? "9-12" : "13+";
    boolean digit = false;
    boolean hyphen = false;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      digit |= c >= '0' && c <= '9';
      hyphen |= c == '-';
    }
    return len + ":" + (digit ? "d" : "") + (hyphen ? "-" : "");
  }

  private static void label(String label, String name, Sink sink) {
    if (label.length() <= MAX_TOKEN) {
      sink.add(label.equals(name) ? "n" : "l", label, 0, label.length(), 1);
    }
    String marked = "^" + label + "$";
    int n = marked.length();
    int grams = 0;
    for (int size = MIN_GRAM; size <= MAX_GRAM; size++) {
      grams += Math.max(0, n - size + 1);
    }
    // A long label has many n-grams: scaled so that its n-grams weigh as much as a short one's.
    double value = grams == 0 ? 0 : GRAM_WEIGHT / Math.sqrt(grams);
    for (int size = MIN_GRAM; size <= MAX_GRAM; size++) {
      for (int i = 0; i + size <= n; i++) {
        sink.add("g", marked, i, i + size, value);
      }
    }
  }

  /**
   * The bucket of a feature: FNV-1a over the kind, a separator and the text range, then a final
   * mix, masked to {@code bits}. Stable across runs and JVMs (the model file depends on it).
   */
  static int bucket(String kind, String text, int start, int end, int bits) {
    return hash(kind, text, start, end) & ((1 << bits) - 1);
  }

  /** The full 32-bit hash of a feature; {@link #bucket} is its low bits. */
  static int hash(String kind, String text, int start, int end) {
    int h = 0x811c9dc5;
    for (int i = 0; i < kind.length(); i++) {
      h = (h ^ kind.charAt(i)) * 0x01000193;
    }
    h = (h ^ 0x1f) * 0x01000193;
    for (int i = start; i < end; i++) {
      h = (h ^ text.charAt(i)) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** The readable name of a feature, e.g. {@code g:orn} or {@code t:co.uk}. */
  static String name(String kind, String text, int start, int end) {
    return kind + ":" + text.substring(start, end);
  }
}
