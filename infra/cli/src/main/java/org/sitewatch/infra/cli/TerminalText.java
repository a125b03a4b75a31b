package org.sitewatch.infra.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.sitewatch.events.UnsafeChars;

/**
 * Makes text from crawled pages safe to print on an analyst's terminal. A page title or snippet can
 * carry ESC and BEL (retitle the window, clear the screen, rewrite lines), carriage returns and
 * backspaces (hide what was printed), and bidirectional overrides (show a name backwards). Each
 * such character ({@link UnsafeChars}) is printed visibly as {@code \\uXXXX}.
 *
 * <p>The notation is the JSON escape, so JSON lines written through {@link #safe(PrintWriter)} stay
 * valid JSON with the same values (Jackson already writes C0 controls that way).
 */
final class TerminalText {
  private TerminalText() {}

  /**
   * {@code text} with every unsafe character written as {@code \\uXXXX}; {@code null} as "null".
   */
  static String escape(CharSequence text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (UnsafeChars.isUnsafe(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text.toString() : out.toString();
  }

  /**
   * A writer that escapes everything written to {@code out}: the command line hands it to every
   * command, so no text output of crawled data reaches the terminal unescaped.
   */
  static PrintWriter safe(PrintWriter out) {
    return new PrintWriter(new Escaping(out), true);
  }

  private static final class Escaping extends FilterWriter {
    Escaping(Writer out) {
      super(out);
    }

    @Override
    public void write(int c) throws IOException {
      out.write(escape(String.valueOf((char) c)));
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      out.write(escape(java.nio.CharBuffer.wrap(buf, off, len)));
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      out.write(escape(str.subSequence(off, off + len)));
    }
  }
}
