package org.sitewatch.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFilesTest {
  @TempDir Path dir;

  @Test
  void aFileAtTheBoundIsReadWholeAndNotTruncated() throws IOException {
    Path file = Files.write(dir.resolve("at.txt"), new byte[] {'a', 'b', 'c', 'd'});
    BoundedFiles.Head head = BoundedFiles.head(file, 4);
    assertThat(head.bytes()).containsExactly('a', 'b', 'c', 'd');
    assertThat(head.truncated()).isFalse();
    assertThat(head.utf8()).isEqualTo("abcd");
  }

  @Test
  void aLongerFileIsCutAtTheBoundAndMarkedTruncated() throws IOException {
    Path file = Files.write(dir.resolve("over.txt"), new byte[] {'a', 'b', 'c', 'd', 'e'});
    BoundedFiles.Head head = BoundedFiles.head(file, 4);
    assertThat(head.bytes()).containsExactly('a', 'b', 'c', 'd');
    assertThat(head.truncated()).isTrue();
  }

  @Test
  void textThatIsNotUtf8IsRefused() throws IOException {
    // "中" in GBK, then "x"
    Path file = Files.write(dir.resolve("gbk.txt"), new byte[] {(byte) 0xD6, (byte) 0xD0, 'x'});
    BoundedFiles.Head head = BoundedFiles.head(file, 100);
    assertThatThrownBy(head::utf8).isInstanceOf(CharacterCodingException.class);
  }
}
