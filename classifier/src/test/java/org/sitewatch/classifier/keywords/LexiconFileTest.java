package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lexicon file (classifier.lexicon-file, lexicon publish) is read under the record bound. */
class LexiconFileTest {
  @TempDir Path dir;

  @Test
  void aLexiconFileLargerThanTheBoundIsRefusedNamingIt() throws IOException {
    Path file = dir.resolve("big.txt");
    Files.writeString(file, "#".repeat(Lexicon.MAX_BYTES) + "\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Lexicon.load(Optional.of(file)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + " is larger than " + Lexicon.MAX_BYTES + " bytes");
  }

  @Test
  void aLexiconFileAtTheBoundIsRead() throws IOException {
    Path file = dir.resolve("ok.txt");
    Files.writeString(file, "#".repeat(Lexicon.MAX_BYTES - 1) + "\n", StandardCharsets.UTF_8);
    assertThat(Lexicon.readFile(file)).hasSize(Lexicon.MAX_BYTES);
    assertThat(Lexicon.load(Optional.of(file)).version()).startsWith("custom-");
  }
}
