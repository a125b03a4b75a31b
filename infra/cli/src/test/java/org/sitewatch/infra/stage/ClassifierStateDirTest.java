package org.sitewatch.infra.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.config.ConfigLoader;

/** {@code classifier.state-dir}: a folder of the process's own, never the shared temp folder. */
class ClassifierStateDirTest {
  @TempDir Path dir;

  @Test
  void byDefaultTheStateLivesInTheDataFolderNotInTheSystemTempFolder() {
    Path state =
        ConfigLoader.load(Optional.empty(), Map.of(), Map.of("local.data-dir", dir.toString()))
            .classifierState()
            .dir();

    assertThat(state).isEqualTo(dir.resolve("classifier-state"));
  }

  @Test
  void aConfiguredFolderIsCreatedWhenMissing() {
    Path wanted = dir.resolve("state").resolve("classifier-1");
    Path state =
        ConfigLoader.load(
                Optional.empty(), Map.of(), Map.of("classifier.state-dir", wanted.toString()))
            .classifierState()
            .dir();

    assertThat(ClassifierStage.usable(state)).isEqualTo(wanted.toAbsolutePath()).isDirectory();
  }

  @Test
  void aFolderThatCannotBeCreatedIsRefusedNamingTheKey() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ClassifierStage.usable(file.resolve("state")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("classifier.state-dir: cannot create " + file.resolve("state"));
  }
}
