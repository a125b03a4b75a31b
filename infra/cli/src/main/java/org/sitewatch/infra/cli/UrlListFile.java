package org.sitewatch.infra.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A file of URLs, one per line; blank lines and lines starting with # are skipped. */
public final class UrlListFile {
  private UrlListFile() {}

  /** The file's URLs, stripped, in order. */
  public static List<String> read(Path file) throws IOException {
    List<String> urls = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String s = line.strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        urls.add(s);
      }
    }
    return urls;
  }
}
