package org.sitewatch.classifier.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ahocorasick.trie.Trie;
import org.jsoup.Jsoup;

/**
 * The baseline of {@link ClassifyProcessBench} as a program of its own: builds the 5,000-entry
 * Aho-Corasick trie of {@link ClassifierBench}, then for each file named in the list (one path a
 * line) reads it, parses it with jsoup and runs the trie over the page text, printing {@code
 * path<TAB>matches} per file (buffered, as a reasonable command line tool would).
 *
 * <p>Usage: {@code BaselineScan LIST_FILE [--lexicon E2G_FILE]}
 */
public final class BaselineScan {
  private BaselineScan() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1 && args.length != 3) {
      throw new IllegalArgumentException("usage: BaselineScan LIST_FILE [--lexicon E2G_FILE]");
    }
    Path lexiconFile = args.length == 3 ? Path.of(args[2]) : null;
    Trie trie =
        Trie.builder()
            .ignoreCase()
            .addKeywords(ClassifierBench.baselineLexicon(lexiconFile))
            .build();
    List<String> files = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    try (BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
      for (String file : files) {
        if (file.isBlank()) {
          continue;
        }
        String html = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8);
        int matches = trie.parseText(Jsoup.parse(html).text()).size();
        out.write(file);
        out.write('\t');
        out.write(Integer.toString(matches));
        out.write('\n');
      }
    }
  }
}
