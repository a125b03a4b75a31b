package org.sitewatch.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.common.text.BoundedLines;

/** A seeds or input file of URLs is read line by line under a bound. */
class UrlListFileTest {
  @TempDir Path dir;

  @Test
  void urlsAreReadStrippedWithoutBlankLinesAndComments() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("seeds.txt"), "\uFEFF# seeds\n http://a.test/ \r\n\nb.test\n#c.test\n");
    assertThat(UrlListFile.read(file)).containsExactly("http://a.test/", "b.test");
  }

  @Test
  void aLineBeyondTheBoundIsRefusedNamingFileAndLine() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("seeds.txt"),
            "http://a.test/\nhttp://b.test/" + "x".repeat(BoundedLines.MAX_LINE * 4));
    assertThatThrownBy(() -> UrlListFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + ":2: line longer than " + BoundedLines.MAX_LINE);
  }
}
