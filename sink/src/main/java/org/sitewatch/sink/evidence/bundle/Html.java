package org.sitewatch.sink.evidence.bundle;

import java.util.List;

/**
 * A small writer of the report's HTML that cannot forget to escape: its only way to add text is
 * {@link #escape(String)}d (and shown through {@link Printable}), and the markup it writes is a
 * fixed set of elements (headings, paragraphs, inline code, tables) and a fixed stylesheet. Nothing
 * it writes loads anything: no scripts, images, fonts or links.
 */
final class Html {
  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;max-width:70em}"
          + "table{border-collapse:collapse;margin-bottom:1.5em}"
          + "td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}"
          + "code,.hash{font-family:monospace;word-break:break-all}";

  private final StringBuilder out = new StringBuilder(8192);

  /** Inline content of a paragraph: text and code, both escaped. */
  static final class Inline {
    private final StringBuilder out;

    private Inline(StringBuilder out) {
      this.out = out;
    }

    Inline text(String text) {
      out.append(escape(text));
      return this;
    }

    Inline code(String text) {
      out.append("<code>").append(escape(text)).append("</code>");
      return this;
    }
  }

  private Html(String title) {
    out.append("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n")
        .append("<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n");
  }

  /** A document with this title (Chinese, UTF-8, the report's stylesheet). */
  static Html document(String title) {
    return new Html(title);
  }

  /** {@code <h1>}..{@code <h3>} holding {@code text}. */
  Html heading(int level, String text) {
    if (level < 1 || level > 3) {
      throw new IllegalArgumentException("heading level 1..3: " + level);
    }
    out.append("<h")
        .append(level)
        .append('>')
        .append(escape(text))
        .append("</h")
        .append(level)
        .append(">\n");
    return this;
  }

  /** A paragraph of text. */
  Html paragraph(String text) {
    return paragraph(p -> p.text(text));
  }

  /** A paragraph of text and code. */
  Html paragraph(java.util.function.Consumer<Inline> content) {
    out.append("<p>");
    content.accept(new Inline(out));
    out.append("</p>\n");
    return this;
  }

  /** A table with a header row, or the paragraph {@code none} when there are no rows. */
  Html table(List<String> headers, List<List<String>> rows) {
    if (rows.isEmpty()) {
      return paragraph("none");
    }
    out.append("<table>\n<tr>");
    for (String header : headers) {
      out.append("<th>").append(escape(header)).append("</th>");
    }
    out.append("</tr>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      for (String cell : row) {
        out.append("<td>").append(escape(cell)).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</table>\n");
    return this;
  }

  /** The document, closed. */
  String end() {
    return out.append("</body>\n</html>\n").toString();
  }

  /**
   * Escapes text for element content and quoted attribute values alike; control, bidi and line
   * separator characters are shown as visible text ({@link Printable}), never passed on raw.
   */
  static String escape(String raw) {
    String text = Printable.of(raw);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
