package org.sitewatch.infra.cli.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.SitewatchCommandTest.Run;

/**
 * {@code sitewatch lists import/show/remove}, and the list signal in {@code classify --url-only}.
 */
class ListsCommandTest {
  @TempDir Path dir;

  private String listsDir() {
    return "classifier.lists-dir=" + dir.resolve("lists");
  }

  @Test
  void importStoresTheListCountsBadLinesAndTheClassifierNamesIt() throws Exception {
    Path hosts = dir.resolve("hosts.txt");
    Files.writeString(
        hosts,
        "# blocklist\n127.0.0.1 localhost\n0.0.0.0 quiet-garden.example\nnot a hosts line\n",
        StandardCharsets.UTF_8);

    Run imported =
        sitewatch(
            "lists",
            "import",
            "--set",
            listsDir(),
            "--name",
            "feed-1",
            "--format",
            "hosts",
            hosts.toString());

    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out())
        .contains("hosts.txt:4: rejected:")
        .contains("imported list 'feed-1' (hosts): 1 domains")
        .contains("1 rejected");
    assertThat(dir.resolve("lists/feed-1.list")).exists();

    Run shown = sitewatch("lists", "show", "--set", listsDir());
    assertThat(shown.out()).contains("1 list(s)").containsPattern("feed-1\\s+hosts\\s+1\\s+1");

    Run scored =
        sitewatch(
            "classify", "--url-only", "--set", listsDir(), "https://www.quiet-garden.example/");
    assertThat(scored.exitCode()).as(scored.err()).isZero();
    JsonNode line = scored.jsonLines().get(0);
    assertThat(line.get("flagged").asBoolean()).isTrue();
    assertThat(line.toString()).contains("url.list:feed-1");

    Run removed = sitewatch("lists", "remove", "--set", listsDir(), "feed-1");
    assertThat(removed.exitCode()).isZero();
    assertThat(dir.resolve("lists/feed-1.list")).doesNotExist();
    Run again = sitewatch("lists", "remove", "--set", listsDir(), "feed-1");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("no list 'feed-1'");
  }

  @Test
  void aBinaryFileIsRefusedAndNothingIsStored() throws Exception {
    Path gz = dir.resolve("list.gz");
    Files.write(gz, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00});

    Run run = sitewatch("lists", "import", "--set", listsDir(), "--name", "x", gz.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("binary file");
    assertThat(dir.resolve("lists/x.list")).doesNotExist();
  }

  @Test
  void aFileWithoutAnyDomainIsRefused() throws Exception {
    Path list = dir.resolve("list.txt");
    Files.writeString(list, "blogspot.com\nco.uk\n", StandardCharsets.UTF_8);

    Run run = sitewatch("lists", "import", "--set", listsDir(), "--name", "x", list.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no domain kept");
    assertThat(run.out()).contains("public suffix");
  }
}
