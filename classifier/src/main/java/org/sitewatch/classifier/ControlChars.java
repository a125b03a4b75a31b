package org.sitewatch.classifier;

/**
 * Removes what could drive a terminal or reorder text from page text: C0 controls (ESC, BEL,
 * carriage return and the rest; tab and newline stay), DEL, C1 controls, and the bidirectional
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) with the directional marks.
 * Each becomes a space, so text keeps its length and offsets found in it stay valid.
 */
final class ControlChars {
  private ControlChars() {}

  static boolean isUnsafe(char c) {
    if (c < 0x20) {
      return c != '\t' && c != '\n';
    }
    return (c >= 0x7F && c <= 0x9F)
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E' || c == '\u200F' || c == '\u061C';
  }

  /** {@code text} with every unsafe character replaced by a space; the same instance if none. */
  static String toSpaces(String text) {
    if (text == null) {
      return "";
    }
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      if (isUnsafe(text.charAt(i))) {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = ' ';
      }
    }
    return chars == null ? text : new String(chars);
  }
}
