package org.sitewatch.events;

/**
 * The one definition, shared by every stage, of the characters in crawled text that must never
 * reach a reader as they are: they drive a terminal (ESC, BEL, carriage return, backspace and the
 * other C0 controls except tab and newline; DEL; the C1 controls) or reorder and split what is
 * shown (the bidi marks, embeddings, overrides and isolates; the line and paragraph separators).
 * Each stage decides how to render them: the classifier replaces them with spaces at extraction,
 * the command line escapes them, the evidence report shows their pictures.
 */
public final class UnsafeChars {
  private UnsafeChars() {}

  /** Whether {@code c} must be removed or rendered visibly before text is shown. */
  public static boolean isUnsafe(char c) {
    if (c < 0x20) {
      return c != '\t' && c != '\n';
    }
    return (c >= 0x7F && c <= 0x9F)
        || c == '\u061C'
        || c == '\u200E'
        || c == '\u200F'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u2028'
        || c == '\u2029';
  }
}
