package org.sitewatch.sink.evidence.bundle;

import org.sitewatch.events.UnsafeChars;

/**
 * Text from a site or a bundle made safe to show: a terminal or a browser must not act on it. C0
 * controls and DEL become their visible Unicode pictures (ESC as U+241B {@code ␛}, BEL as U+2407
 * {@code ␇}), C1 controls become {@code \x9b}-style text, and the invisible characters that reorder
 * or separate lines (bidi embeddings, overrides and isolates, marks, U+2028/U+2029) become {@code
 * <U+202E>}; an unpaired surrogate becomes U+FFFD. Everything else is kept.
 */
public final class Printable {
  private Printable() {}

  public static String of(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(text, i, c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
          if (Character.isHighSurrogate(c)) {
            out.append(text.charAt(++i)); // a pair: replacement() checked the low half
          }
        }
      } else if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(String text, int i, char c) {
    if (c < 0x20) {
      return String.valueOf((char) (0x2400 + c));
    }
    if (c == 0x7f) {
      return "\u2421";
    }
    if (c >= 0x80 && c <= 0x9f) {
      return String.format("\\x%02x", (int) c);
    }
    if (UnsafeChars.isUnsafe(c)) {
      return String.format("<U+%04X>", (int) c);
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          ? null
          : "\ufffd";
    }
    if (Character.isLowSurrogate(c)) {
      return "\ufffd"; // a low half without its high half (pairs are consumed above)
    }
    return null;
  }
}
