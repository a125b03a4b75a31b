package org.sitewatch.web.lead;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.classifier.keywords.Lexicon;
import org.sitewatch.classifier.keywords.LexiconRule;
import org.sitewatch.events.SignalHit;

/**
 * Marks the matched words in a signal's snippet. A {@link SignalHit} carries the snippet (the match
 * in its context, as crawled) but not where the match is, so the words are found again: the phrases
 * of the lexicon rule the signal id names (the classifier's built-in lexicons, {@link Lexicon}),
 * or, for a signal no built-in rule has (structure signals, URL rules, operator lexicons), the
 * words of the signal id itself ({@code structure.age-gate}: age, gate).
 *
 * <p>Matching undoes the simplest disguises the classifier undoes: compatibility forms (full-width
 * letters, circled digits) and case, noise between two Chinese characters ({@code 色*情}, {@code 色
 * 情}) and runs of one Chinese character ({@code 色色情}); Latin phrases match whole words ({@code
 * word*} a prefix). Traditional characters and leet digits are not undone here, so such a match
 * stays unmarked (the snippet is still shown whole).
 *
 * <p>The result is plain text segments; the template escapes each one.
 */
public final class Highlighter {
  /** Part of a snippet, marked or not. */
  public record Segment(String text, boolean marked) {}

  private static final int MAX_NOISE = 3;

  private final Map<String, List<String>> phrases;

  Highlighter(Map<String, List<String>> phrasesByRuleId) {
    this.phrases = Map.copyOf(phrasesByRuleId);
  }

  /** With the phrases of the classifier's built-in lexicons. */
  public static Highlighter builtIn() {
    Map<String, List<String>> byId = new HashMap<>();
    for (LexiconRule rule : Lexicon.load(Optional.empty()).rules()) {
      byId.put(rule.id(), rule.phrases());
    }
    return new Highlighter(byId);
  }

  /** The snippet of {@code hit} as segments, the matched words marked. */
  public List<Segment> segments(SignalHit hit) {
    return segments(hit.snippet(), terms(hit.id()));
  }

  /** The words looked for in the snippets of signal {@code signalId}. */
  List<String> terms(String signalId) {
    List<String> known = phrases.get(signalId);
    if (known != null) {
      return known;
    }
    String last = signalId.substring(signalId.lastIndexOf('.') + 1);
    List<String> words = new ArrayList<>();
    for (String w : last.split("[-_]")) {
      if (w.length() >= 3 && w.chars().allMatch(Character::isLetter)) {
        words.add(w);
      }
    }
    return words;
  }

  /** {@code text} as segments, every occurrence of a term marked. */
  static List<Segment> segments(String text, List<String> terms) {
    Folded folded = Folded.of(text);
    boolean[] marked = new boolean[text.length()];
    for (String term : terms) {
      boolean prefix = term.endsWith("*");
      String t = fold(prefix ? term.substring(0, term.length() - 1) : term).strip();
      if (t.isEmpty()) {
        continue;
      }
      int[] cps = t.codePoints().toArray();
      for (int start = 0; start < folded.length(); start++) {
        int end = matchAt(folded, start, cps, prefix);
        if (end > start) {
          for (int i = folded.origin(start); i < folded.originEnd(end - 1); i++) {
            marked[i] = true;
          }
          start = end - 1;
        }
      }
    }
    List<Segment> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || marked[i] != marked[from]) {
        out.add(new Segment(text.substring(from, i), marked[from]));
        from = i;
      }
    }
    return out;
  }

  /** The end (exclusive, in folded code points) of a match of {@code term} at {@code start}. */
  private static int matchAt(Folded s, int start, int[] term, boolean prefix) {
    boolean latin = isWordChar(term[0]) && !isCjk(term[0]);
    if (latin && start > 0 && isWordChar(s.at(start - 1)) && !isCjk(s.at(start - 1))) {
      return -1;
    }
    int i = start;
    for (int k = 0; k < term.length; k++) {
      int c = term[k];
      if (Character.isWhitespace(c)) {
        // a space in a phrase: one or more non-word characters on the page
        int n = 0;
        while (i < s.length() && !isWordChar(s.at(i))) {
          i++;
          n++;
        }
        if (n == 0) {
          return -1;
        }
        while (k + 1 < term.length && Character.isWhitespace(term[k + 1])) {
          k++;
        }
        continue;
      }
      if (k > 0 && isCjk(c) && isCjk(term[k - 1])) {
        // runs of the previous character and a little noise between Chinese characters
        int skipped = 0;
        while (i < s.length()
            && s.at(i) != c
            && (s.at(i) == term[k - 1] || !isWordChar(s.at(i)))
            && skipped < MAX_NOISE) {
          i++;
          skipped++;
        }
      }
      if (i >= s.length() || s.at(i) != c) {
        return -1;
      }
      i++;
    }
    int last = term[term.length - 1];
    boolean latinEnd = isWordChar(last) && !isCjk(last);
    if (latinEnd && !prefix && i < s.length() && isWordChar(s.at(i)) && !isCjk(s.at(i))) {
      return -1;
    }
    if (prefix) {
      while (i < s.length() && isWordChar(s.at(i)) && !isCjk(s.at(i))) {
        i++;
      }
    }
    return i;
  }

  private static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c);
  }

  private static boolean isCjk(int c) {
    return Character.isIdeographic(c);
  }

  private static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /**
   * A text folded code point by code point (NFKC, lower case), each folded code point knowing the
   * range of the original text it came from.
   */
  private record Folded(int[] cps, int[] from, int[] to) {
    static Folded of(String text) {
      List<int[]> out = new ArrayList<>();
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        int n = Character.charCount(cp);
        String f = fold(new String(Character.toChars(cp)));
        if (f.isEmpty()) {
          f = " ";
        }
        for (int c : f.codePoints().toArray()) {
          out.add(new int[] {c, i, i + n});
        }
        i += n;
      }
      int[] cps = new int[out.size()];
      int[] from = new int[out.size()];
      int[] to = new int[out.size()];
      for (int k = 0; k < out.size(); k++) {
        cps[k] = out.get(k)[0];
        from[k] = out.get(k)[1];
        to[k] = out.get(k)[2];
      }
      return new Folded(cps, from, to);
    }

    int length() {
      return cps.length;
    }

    int at(int k) {
      return cps[k];
    }

    int origin(int k) {
      return from[k];
    }

    int originEnd(int k) {
      return to[k];
    }
  }
}
