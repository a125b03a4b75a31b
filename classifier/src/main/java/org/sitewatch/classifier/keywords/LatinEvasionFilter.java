package org.sitewatch.classifier.keywords;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Undoes two disguises of lower-case Latin words, token by token (offsets are untouched, so they
 * still cover the word as written):
 *
 * <ul>
 *   <li>a letter repeated three or more times inside a longer word is read once ({@code pooorn},
 *       {@code sexxxy}); a word that is nothing but the run ({@code xxx}) stays as it is;
 *   <li>digits standing for letters in a word that starts with a letter and has at least two
 *       ({@code p0rn}, {@code s3x}): 0 o, 1 i, 3 e, 4 a, 5 s, 7 t, and only when every digit in the
 *       word is one of these, so {@code mp3}, {@code x86} or {@code h264} are not touched.
 * </ul>
 *
 * Lexicon phrases pass through the same filter, so a rule and the page agree.
 */
final class LatinEvasionFilter extends TokenFilter {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

  LatinEvasionFilter(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!input.incrementToken()) {
      return false;
    }
    term.setLength(undisguise(term.buffer(), term.length()));
    return true;
  }

  /**
   * Undoes the disguises in the lower-cased word {@code buf[0, len)}, in place; returns its new
   * length. The filter's work on one token, for {@link MatchingTokens}, which reads the tokenizer
   * without filters.
   */
  static int undisguise(char[] buf, int len) {
    if (len >= 3 && isAsciiLetter(buf[0]) && disguised(buf, len)) {
      return collapseRuns(buf, deLeet(buf, len));
    }
    return len;
  }

  /** One cheap pass first: most words have neither a digit nor a letter three times in a row. */
  private static boolean disguised(char[] buf, int len) {
    for (int i = 1; i < len; i++) {
      char c = buf[i];
      if ((c >= '0' && c <= '9') || (i >= 2 && c == buf[i - 1] && c == buf[i - 2])) {
        return true;
      }
    }
    return false;
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static int deLeet(char[] buf, int len) {
    int letters = 0;
    int digits = 0;
    for (int i = 0; i < len; i++) {
      char c = buf[i];
      if (isAsciiLetter(c)) {
        letters++;
      } else if (leet(c) != 0) {
        digits++;
      } else {
        return len;
      }
    }
    if (digits == 0 || letters < 2) {
      return len;
    }
    for (int i = 0; i < len; i++) {
      char l = leet(buf[i]);
      if (l != 0) {
        buf[i] = l;
      }
    }
    return len;
  }

  private static char leet(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1' -> 'i';
      case '3' -> 'e';
      case '4' -> 'a';
      case '5' -> 's';
      case '7' -> 't';
      default -> 0;
    };
  }

  private static int collapseRuns(char[] buf, int len) {
    int w = 0;
    int i = 0;
    boolean changed = false;
    while (i < len) {
      char c = buf[i];
      int j = i + 1;
      while (j < len && buf[j] == c) {
        j++;
      }
      int run = j - i;
      if (run >= 3 && run < len && isAsciiLetter(c)) {
        buf[w++] = c;
        changed = true;
      } else {
        for (int k = i; k < j; k++) {
          buf[w++] = c;
        }
      }
      i = j;
    }
    return changed ? w : len;
  }
}
