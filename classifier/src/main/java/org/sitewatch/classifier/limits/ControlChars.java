package org.sitewatch.classifier.limits;

import org.sitewatch.events.UnsafeChars;

/**
 * Removes what could drive a terminal or reorder text from page text: every character {@link
 * UnsafeChars} names (C0 controls but tab and newline, DEL, C1, bidi controls, line separators).
 * Each becomes a space, so text keeps its length and offsets found in it stay valid.
 */
public final class ControlChars {
  private ControlChars() {}

  /** {@code text} with every unsafe character replaced by a space; the same instance if none. */
  public static String toSpaces(String text) {
    if (text == null) {
      return "";
    }
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      if (UnsafeChars.isUnsafe(text.charAt(i))) {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = ' ';
      }
    }
    return chars == null ? text : new String(chars);
  }
}
