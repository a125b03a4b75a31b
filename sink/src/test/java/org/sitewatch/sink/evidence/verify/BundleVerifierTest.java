package org.sitewatch.sink.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.sink.evidence.bundle.BundleLayout;
import org.sitewatch.sink.evidence.bundle.FileDigest;
import org.sitewatch.sink.evidence.custody.Canonical;

/**
 * Bundles that must not pass, built byte by byte without a database: each answers a refusal or a
 * failed check, never an exception and never a pass.
 */
class BundleVerifierTest {
  private static final byte[] LEAD = "{\"site\":\"shop.test\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private static BundleVerifier verifier(BundleLimits limits) {
    return new BundleVerifier(List.of(), limits);
  }

  /** A manifest.json that lists {@code files} exactly as they are. */
  private static byte[] manifest(Map<String, byte[]> files) {
    Map<String, FileDigest> digests = new TreeMap<>();
    files.forEach((name, bytes) -> digests.put(name, FileDigest.of(bytes)));
    ObjectNode m = JsonNodeFactory.instance.objectNode().put("format", BundleLayout.FORMAT);
    m.set("files", FileDigest.fileList(digests, BundleLayout.MANIFEST));
    return Canonical.json(m).getBytes(StandardCharsets.UTF_8);
  }

  private Path zip(String name, Map<String, byte[]> files) throws IOException {
    RawZip raw = new RawZip();
    files.forEach((n, bytes) -> raw.list(raw.local(n, bytes)));
    return Files.write(dir.resolve(name), raw.finish());
  }

  @ParameterizedTest
  @CsvSource({"report.html, report.html", "report.html, REPORT.html", "lead.json, Lead.JSON"})
  void aNameThatAppearsTwiceIsRefused(String first, String second) throws IOException {
    RawZip raw = new RawZip();
    raw.list(raw.local(first, "<p>one</p>".getBytes(StandardCharsets.UTF_8)));
    raw.list(raw.local(second, "<p>two</p>".getBytes(StandardCharsets.UTF_8)));
    Path zip = Files.write(dir.resolve("twice.zip"), raw.finish());

    VerificationReport report = verifier(BundleLimits.DEFAULTS).verify(zip);

    assertThat(report.passes(true)).isFalse();
    assertThat(report.problems())
        .singleElement()
        .asString()
        .isEqualTo(
            "refused: "
                + second
                + " appears more than once in the zip (duplicate names: readers disagree on which"
                + " one they show)");
  }

  @Test
  void aBundleWithoutCustodyLogFailsEvenWhenEverythingElseMatches() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(BundleLayout.LEAD, LEAD);
    files.put(BundleLayout.MANIFEST, manifest(files));

    VerificationReport report =
        verifier(BundleLimits.DEFAULTS).verify(zip("no-custody.zip", files));

    assertThat(report.passes(true)).isFalse();
    assertThat(report.problems())
        .containsExactly("custody.jsonl is missing: the custody chain cannot be checked");
  }

  @Test
  void anEmptyCustodyLogFails() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(BundleLayout.LEAD, LEAD);
    files.put(BundleLayout.CUSTODY, new byte[0]);
    files.put(BundleLayout.MANIFEST, manifest(files));

    VerificationReport report =
        verifier(BundleLimits.DEFAULTS).verify(zip("empty-custody.zip", files));

    assertThat(report.passes(true)).isFalse();
    assertThat(report.problems()).containsExactly("custody.jsonl holds no entries");
  }

  /** Limits: 3 entries, 16 bytes per parsed file, 24 per WARC file, 40 in all. */
  private static final BundleLimits SMALL = new BundleLimits(3, 16, 24, 40, 100, 1 << 20);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a parsed file over its limit, lead.json:17, "
        + "'lead.json declares 17 bytes, more than the limit of 16'",
    "a WARC file over its limit, warc/pages.warc.gz:25, "
        + "'warc/pages.warc.gz declares 25 bytes, more than the limit of 24'",
    "files over the total, lead.json:16 warc/pages.warc.gz:24 report.html:1, "
        + "the files declare more than the limit of 40 bytes in all",
    "more entries than allowed, a.txt:1 b.txt:1 c.txt:1 d.txt:1, "
        + "'4 entries, more than the limit of 3'",
  })
  void entriesOverTheLimitsAreRefusedBeforeReading(String what, String entries, String reason)
      throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String e : entries.split(" ")) {
      String[] nameSize = e.split(":");
      files.put(
          nameSize[0], "x".repeat(Integer.parseInt(nameSize[1])).getBytes(StandardCharsets.UTF_8));
    }

    VerificationReport report = verifier(SMALL).verify(zip("big.zip", files));

    assertThat(report.passes(true)).isFalse();
    assertThat(report.problems()).containsExactly("refused: " + reason);
  }

  @Test
  void entriesExactlyAtTheLimitsAreRead() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("lead.json", "x".repeat(16).getBytes(StandardCharsets.UTF_8));
    files.put("warc/pages.warc.gz", "x".repeat(24).getBytes(StandardCharsets.UTF_8));

    VerificationReport report = verifier(SMALL).verify(zip("at-limit.zip", files));

    assertThat(report.problems())
        .isNotEmpty()
        .noneMatch(p -> p.startsWith("refused: "))
        .contains("manifest.json was removed: no file can be checked against it");
  }
}
