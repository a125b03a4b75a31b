package org.sitewatch.infra.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sitewatch.common.text.BoundedLines;

/**
 * A file of URLs, one per line; blank lines and lines starting with # are skipped. Read under
 * {@link BoundedLines#open(Path)}'s bounds (64 KiB chars per line, 5,000,000 lines).
 */
public final class UrlListFile {
  private UrlListFile() {}

  /**
   * The file's URLs, stripped, in order.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming {@code file:line} for a line or a line count beyond the
   *     bounds
   */
  public static List<String> read(Path file) throws IOException {
    List<String> urls = new ArrayList<>();
    try (BoundedLines lines = BoundedLines.open(file)) {
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
