package org.sitewatch.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
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
  void aLongerLineIsRefusedNamingFileAndLine() throws IOException {
    Path file = write("ok\n" + "x".repeat(BoundedLines.MAX_LINE * 8));
    try (BoundedLines lines = BoundedLines.open(file)) {
      assertThat(lines.next()).isEqualTo("ok");
      assertThatThrownBy(lines::next)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(file + ":2: line longer than " + BoundedLines.MAX_LINE + " chars");
    }
  }

  @Test
  void aLongerLineIsRefusedWithoutReadingTheFileWhole() throws IOException {
    CountingReader in = new CountingReader(new StringReader("x".repeat(1_000_000) + "\n"));
    try (BoundedLines lines = BoundedLines.of(in, "in", 100, 10)) {
      assertThatThrownBy(lines::next).hasMessage("in:1: line longer than 100 chars");
    }
    assertThat(in.read).isLessThanOrEqualTo(100 + BoundedLines.BUFFER_CHARS);
  }

  @Test
  void aFileOverTheTotalBoundIsRefusedWithoutReadingItWhole() throws IOException {
    CountingReader in = new CountingReader(new StringReader("abc\n".repeat(1_000_000)));
    try (BoundedLines lines = BoundedLines.of(in, "in", 100, 10_000_000, 10_000)) {
      assertThatThrownBy(() -> all(lines))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("in:2501: more than 10000 chars in all");
    }
    assertThat(in.read).isLessThanOrEqualTo(10_000 + BoundedLines.BUFFER_CHARS);
  }

  @Test
  void aFileAtTheTotalBoundIsRead() throws IOException {
    try (BoundedLines lines = BoundedLines.of(new StringReader("ab\ncd\n"), "in", 10, 10, 6)) {
      assertThat(all(lines)).containsExactly("ab", "cd");
    }
  }

  @Test
  void aLoneCarriageReturnEndsALineAsReadAllLinesHasIt() throws IOException {
    Path file = write("a\rb\r\nc\r\rd\r");
    try (BoundedLines lines = BoundedLines.open(file)) {
      assertThat(all(lines)).containsExactlyElementsOf(Files.readAllLines(file));
      assertThat(lines.lineNumber()).isEqualTo(5);
    }
  }

  @Test
  void aByteOrderMarkDoesNotCountTowardsTheFirstLine() throws IOException {
    try (BoundedLines lines = BoundedLines.open(write("\uFEFFabcd\nefgh"), 4, 10)) {
      assertThat(all(lines)).containsExactly("abcd", "efgh");
    }
  }

  @Test
  void textThatIsNotUtf8IsRefusedNamingFileAndLine() throws IOException {
    Path file = dir.resolve("gbk.txt");
    Files.write(file, ("ok\nstill ok\n" + "中文网站\n").getBytes(Charset.forName("GBK")));
    try (BoundedLines lines = BoundedLines.open(file)) {
      assertThat(lines.next()).isEqualTo("ok");
      assertThat(lines.next()).isEqualTo("still ok");
      assertThatThrownBy(lines::next)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(file + ":3: not UTF-8 text (convert the file to UTF-8)");
    }
  }

  @Test
  void aReaderThatReportsMalformedInputIsRefusedNamingTheLine() throws IOException {
    Reader strict =
        new InputStreamReader(
            new ByteArrayInputStream(new byte[] {(byte) 0xD6, (byte) 0xD0, (byte) 0x0A}),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    try (BoundedLines lines = BoundedLines.of(strict, "list", 100, 10)) {
      assertThatThrownBy(lines::next)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("list:1: not UTF-8 text");
    }
  }

  /** Counts the chars read through it. */
  private static final class CountingReader extends FilterReader {
    long read;

    CountingReader(Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        read++;
      }
      return c;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
      int n = super.read(cbuf, off, len);
      if (n > 0) {
        read += n;
      }
      return n;
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
