package org.sitewatch.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.Charset;
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

  @Test
  void aFileBeyondTheTotalBoundIsRefusedNamingFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("seeds.txt"), "http://a.test/\nhttp://b.test/\n");
    assertThat(UrlListFile.read(file, 30)).containsExactly("http://a.test/", "http://b.test/");
    assertThatThrownBy(() -> UrlListFile.read(file, 29))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(file + ":2: more than 29 chars in all");
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedNamingFileAndLine() throws IOException {
    Path file = dir.resolve("seeds.txt");
    Files.write(file, "http://a.test/\nhttp://中文.test/\n".getBytes(Charset.forName("GBK")));
    assertThatThrownBy(() -> UrlListFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ":2: not UTF-8 text");
  }
}
