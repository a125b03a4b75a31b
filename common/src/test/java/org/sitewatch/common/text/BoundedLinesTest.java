package org.sitewatch.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedLinesTest {
  @TempDir Path dir;

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("in.tsv"), text, StandardCharsets.UTF_8);
  }

  private static List<String> all(BoundedLines lines) throws IOException {
    List<String> out = new ArrayList<>();
    for (String l = lines.next(); l != null; l = lines.next()) {
      out.add(l);
    }
    return out;
  }

  @Test
  void linesComeWithoutTheirEndsAndWithoutAByteOrderMark() throws IOException {
    try (BoundedLines lines = BoundedLines.open(write("\uFEFFa\tb\r\n\nc\nlast"))) {
      assertThat(all(lines)).containsExactly("a\tb", "", "c", "last");
      assertThat(lines.lineNumber()).isEqualTo(4);
      assertThat(lines.next()).isNull();
    }
  }

  @Test
  void aLineAtTheBoundIsRead() throws IOException {
    try (BoundedLines lines = BoundedLines.open(write("abcd\r\nefgh"), 4, 10)) {
      assertThat(all(lines)).containsExactly("abcd", "efgh");
    }
  }

  @Test
  void aLongerLineIsRefusedNamingFileAndLineWithoutReadingTheFileWhole() throws IOException {
    Path file = write("ok\n" + "x".repeat(BoundedLines.MAX_LINE * 8));
    try (BoundedLines lines = BoundedLines.open(file)) {
      assertThat(lines.next()).isEqualTo("ok");
      assertThatThrownBy(lines::next)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(file + ":2: line longer than " + BoundedLines.MAX_LINE + " chars");
    }
  }

  @Test
  void moreLinesThanTheBoundAreRefusedBlankOnesIncluded() throws IOException {
    Path file = write("a\n\n\n\n");
    try (BoundedLines lines = BoundedLines.open(file, 100, 3)) {
      assertThatThrownBy(() -> all(lines))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(file + ":4: more than 3 lines");
    }
  }
}
