package org.sitewatch.infra.cli.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sitewatch train} through the command line, on a tiny labelled folder. */
class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void writesALexiconFileWithTheWeightsTheLabelsMoved() throws Exception {
    Path pages = dir.resolve("pages");
    for (int i = 0; i < 3; i++) {
      write(pages.resolve("adult/a" + i + ".html"), "Adult videos, part " + i);
      // a tea club's members-only pages: the data says "members only" is no sign here
      write(
          pages.resolve("benign/b" + i + ".html"),
          "Tea club newsletter " + i + ": tasting notes, members only.");
    }
    Path out = dir.resolve("learned.txt");

    var run =
        sitewatch(
            "train", "--pages", pages.toString(), "--out", out.toString(), "--iterations", "300");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("6 pages (3 adult)").contains("written to " + out);
    String lexicon = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(lexicon).startsWith("# Weights learned by `sitewatch train` from 6 labelled pages");
    Map<String, Double> learned = new HashMap<>();
    for (String line : lexicon.split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 4) {
        learned.put(f[0], Double.parseDouble(f[2]));
      }
    }
    // the weights in force (lexicons/en.txt): adult videos 1.8, members only 0.8
    assertThat(lexicon).contains("# kw.en.members-only was 0.8");
    assertThat(learned.get("kw.en.members-only")).isLessThan(0.8);
    assertThat(learned.get("kw.en.adult-videos")).isGreaterThan(1.8);
  }

  @Test
  void aMissingFolderIsAUsageErrorNamedOnOneLine() {
    Path missing = dir.resolve("no-such-folder");
    Path out = dir.resolve("learned.txt");

    var run = sitewatch("train", "--pages", missing.toString(), "--out", out.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .isEqualTo(List.of("sitewatch: --pages " + missing + ": no such folder"));
    assertThat(out).doesNotExist();
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, "<html><body><p>" + text + "</p></body></html>", StandardCharsets.UTF_8);
  }
}
