package org.sitewatch.infra.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sitewatch.common.text.BoundedLines;

/**
 * A file of URLs, one per line; blank lines and lines starting with # are skipped. Read under
 * {@link BoundedLines}' bounds (64 KiB chars per line, 5,000,000 lines) and, as every URL is kept,
 * at most {@link BoundedLines#MAX_CHARS} (256 Mi) chars in all.
 */
public final class UrlListFile {
  private UrlListFile() {}

  /**
   * The file's URLs, stripped, in order.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming {@code file:line} for a line, a line count or a size
   *     beyond the bounds, or text that is not UTF-8
   */
  public static List<String> read(Path file) throws IOException {
    return read(file, BoundedLines.MAX_CHARS);
  }

  /** {@link #read(Path)} with another total bound (tests). */
  static List<String> read(Path file, long maxChars) throws IOException {
    List<String> urls = new ArrayList<>();
    try (BoundedLines lines =
        BoundedLines.open(file, BoundedLines.MAX_LINE, BoundedLines.MAX_LINES, maxChars)) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        String s = line.strip();
        if (!s.isEmpty() && !s.startsWith("#")) {
          urls.add(s);
        }
      }
    }
    return urls;
  }
}
