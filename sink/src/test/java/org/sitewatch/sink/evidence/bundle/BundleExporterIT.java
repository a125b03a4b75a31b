package org.sitewatch.sink.evidence.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Json;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.evidence.BundleFiles;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.evidence.verify.VerificationReport;
import org.sitewatch.sink.store.LeadStore;

/** Export a lead's bundle, verify it, then tamper with it in every way the verifier must name. */
class BundleExporterIT {
  private static org.sitewatch.sink.TestDatabase database;
  private static DataSource dataSource;
  private static long leadId;

  @TempDir Path dir;

  @BeforeAll
  static void leadWithHistory() {
    database = org.sitewatch.sink.TestDatabase.start();
    dataSource = database.migratedDatabase();
    leadId = openAndUpdate(dataSource);
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    database.close();
  }

  @Test
  void exportedBundleVerifiesAndHoldsItsOwnExportRecord() throws IOException {
    Path zip = dir.resolve("lead.zip");
    CustodyEntry exported = bundle(dataSource).export(leadId, zip, "analyst-li");

    VerificationReport report = EvidenceFixtures.verify(zip);
    assertThat(report.problems()).isEmpty();
    assertThat(report.intact()).isTrue();

    Map<String, byte[]> files = BundleFiles.read(zip);
    assertThat(files.keySet())
        .containsExactly(
            "custody.jsonl",
            "lead.json",
            "report.html",
            "warc/README.txt",
            "manifest.json",
            "manifest.sig");
    List<String> custody = lines(files.get("custody.jsonl"));
    assertThat(CustodyEntry.fromJsonLine(custody.get(custody.size() - 1))).isEqualTo(exported);
    assertThat(exported.action()).isEqualTo("EXPORTED");
    assertThat(exported.actor()).isEqualTo("analyst-li");
    assertThat(custody.get(0)).contains("\"action\":\"LEAD_OPENED\"");

    JsonNode manifest = Json.mapper().readTree(files.get("manifest.json"));
    assertThat(manifest.get("sitewatch_version").asText()).isEqualTo("9.9.9-test");
    assertThat(manifest.get("created_at").asText()).isEqualTo("2026-11-21T09:30:00.123456Z");
    assertThat(manifest.get("files")).hasSize(4);

    JsonNode lead = Json.mapper().readTree(files.get("lead.json")).get("lead");
    assertThat(lead.get("signals").get(0).get("snippet").asText()).contains("色情");
    assertThat(lead.get("identifiers").get(0).get("value").asText()).isEqualTo("12345678");
    assertThat(lead.get("conducts").get(0).asText()).isEqualTo("profit-spreading");
    JsonNode reason = lead.get("conductReasons").get(0);
    assertThat(reason.get("conduct").asText()).isEqualTo("profit-spreading");
    assertThat(reason.get("signal").asText()).isEqualTo("membership-price");
    assertThat(reason.get("snippet").asText()).isEqualTo("VIP 30 元/月 <script>y</script>");
    assertThat(reason.get("url").asText()).isEqualTo("https://example.cn/vip");
    assertThat(Json.mapper().readTree(files.get("lead.json")).get("history")).hasSize(2);
    assertThat(new String(files.get("warc/README.txt"), StandardCharsets.UTF_8))
        .contains("This bundle holds no WARC records")
        .contains("https://example.cn/vip: not-captured");
    assertThat(
            Json.mapper().readTree(files.get("lead.json")).at("/jurisdiction/routed").asBoolean())
        .isFalse();
  }

  @Test
  void reportEscapesPageTextAndLoadsNothingFromOutside() throws IOException {
    Path zip = dir.resolve("lead.zip");
    bundle(dataSource).export(leadId, zip);
    String html = new String(BundleFiles.read(zip).get("report.html"), StandardCharsets.UTF_8);

    assertThat(html)
        .contains("&lt;script&gt;x&lt;/script&gt;")
        .contains("免费在线 色情 视频")
        .contains("ab".repeat(32))
        .contains("2026-11-20T07:59:00Z")
        .contains("LEAD_UPDATED")
        .contains("profit-spreading")
        .contains(
            "<tr><td>profit-spreading</td><td>membership-price</td>"
                + "<td>VIP 30 元/月 &lt;script&gt;y&lt;/script&gt;</td>"
                + "<td>https://example.cn/vip</td></tr>")
        .contains("客服QQ 12345678");
    assertThat(html.toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("<link")
        .doesNotContain("src=")
        .doesNotContain("href=")
        .doesNotContain("url(");
  }

  @Test
  void reportShowsControlAndBidiCharactersOfPageTextVisiblyNeverRaw() throws IOException {
    DataSource db = database.migratedDatabase();
    LeadStore leads = new LeadStore(db, EvidenceFixtures.CLOCK);
    org.sitewatch.events.SiteVerdict v = EvidenceFixtures.verdict("example.cn", 1);
    String hostile = "\u001b]0;owned\u0007\u001b[2J title \u009b31m red \u202egnp.exe \u2028 next";
    leads.apply(
        new org.sitewatch.events.SiteVerdict(
            v.v(),
            v.site(),
            v.revision(),
            v.flagged(),
            v.score(),
            v.pagesScored(),
            v.categories(),
            List.of(
                new org.sitewatch.events.SignalHit(
                    "kw.zh.profit.vip", "profit", 0.3, 1, hostile, v.pages().get(0).url())),
            v.pages(),
            v.lexiconVersion(),
            v.decidedAt()));
    Path zip = dir.resolve("controls.zip");
    bundle(db).export(leads.findBySite("example.cn").orElseThrow().id(), zip);
    String html = new String(BundleFiles.read(zip).get("report.html"), StandardCharsets.UTF_8);

    assertThat(
            html.chars()
                .filter(
                    c ->
                        c < 0x20 && c != '\n'
                            || c == 0x7f
                            || (c >= 0x80 && c <= 0x9f)
                            || c == 0x202e
                            || c == 0x2028))
        .as("raw control characters in report.html")
        .isEmpty();
    assertThat(html)
        .contains(
            "\u241b]0;owned\u2407\u241b[2J title \\x9b31m red &lt;U+202E&gt;gnp.exe &lt;U+2028&gt; next");
  }

  @Test
  void theSameExportIsByteIdentical() throws IOException {
    DataSource other = database.migratedDatabase();
    long otherId = openAndUpdate(other);
    Path first = dir.resolve("first.zip");
    Path second = dir.resolve("second.zip");
    DataSource fresh = database.migratedDatabase();
    long freshId = openAndUpdate(fresh);

    bundle(other).export(otherId, first);
    bundle(fresh).export(freshId, second);

    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
  }

  @Test
  void exportOfAMissingLeadIsRefusedAndWritesNothing() {
    Path zip = dir.resolve("none.zip");
    assertThatThrownBy(() -> bundle(dataSource).export(4040, zip))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no lead 4040");
    assertThat(zip).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      alter one byte of report.html       | report.html was altered
      remove lead.json                    | lead.json was removed
      add a file                          | notes.txt was added
      remove manifest.json                | manifest.json was removed
      reorder two custody lines           | custody.jsonl line 2 (seq 3): seq 3 where 2 was expected
      change one custody entry's details  | custody.jsonl line 2 (seq 2): hash does not match the entry's content (LEAD_UPDATED entry altered)
      remove the export record            | custody.jsonl: the last entry (seq 3) is REVIEWED, not the EXPORTED record
      replace a file and its manifest line| the EXPORTED entry (seq 4) records manifest_sha256
      """)
  void tamperingIsFoundAndNamed(String tampering, String expectedProblem) throws IOException {
    Path zip = dir.resolve("lead.zip");
    DataSource db = database.migratedDatabase();
    long id = openAndUpdate(db);
    new CustodyLog(db, EvidenceFixtures.CLOCK)
        .append(id, "analyst-li", CustodyAction.REVIEWED, Map.of("note", "ok"));
    bundle(db).export(id, zip);
    assertThat(EvidenceFixtures.verify(zip).intact()).isTrue();

    BundleFiles.rewrite(zip, files -> tamper(tampering, files));

    VerificationReport report = EvidenceFixtures.verify(zip);
    assertThat(report.intact()).isFalse();
    assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains(expectedProblem));
  }

  @Test
  void aFileThatIsNotAZipIsReportedNotThrown() throws IOException {
    Path notZip = dir.resolve("notes.zip");
    Files.writeString(notZip, "just some text");

    VerificationReport report = EvidenceFixtures.verify(notZip);
    assertThat(report.intact()).isFalse();
    assertThat(report.problems()).isNotEmpty();
  }

  private static void tamper(String tampering, LinkedHashMap<String, byte[]> files) {
    switch (tampering) {
      case "alter one byte of report.html" -> files.get("report.html")[100] ^= 1;
      case "remove lead.json" -> files.remove("lead.json");
      case "add a file" -> files.put("notes.txt", "added later".getBytes(StandardCharsets.UTF_8));
      case "remove manifest.json" -> files.remove("manifest.json");
      case "reorder two custody lines" ->
          editCustody(files, lines -> Collections.swap(lines, 1, 2));
      case "change one custody entry's details" ->
          editCustody(
              files,
              lines -> lines.set(1, lines.get(1).replace("\"revision\":2", "\"revision\":1")));
      case "remove the export record" ->
          editCustody(files, lines -> lines.remove(lines.size() - 1));
      case "replace a file and its manifest line" -> {
        byte[] fake = "replaced".getBytes(StandardCharsets.UTF_8);
        String oldSha = Sha256.hex(files.get("lead.json"));
        String manifest =
            new String(files.get("manifest.json"), StandardCharsets.UTF_8)
                .replace(oldSha, Sha256.hex(fake))
                .replace(
                    "\"size\" : " + files.get("lead.json").length, "\"size\" : " + fake.length);
        files.put("lead.json", fake);
        files.put("manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
      }
      default -> throw new IllegalArgumentException(tampering);
    }
  }

  private static void editCustody(
      LinkedHashMap<String, byte[]> files, Consumer<List<String>> edit) {
    List<String> lines = new ArrayList<>(lines(files.get("custody.jsonl")));
    edit.accept(lines);
    files.put("custody.jsonl", (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> lines(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).lines().toList();
  }

  private static BundleExporter bundle(DataSource db) {
    return EvidenceFixtures.exporter(db);
  }

  private static long openAndUpdate(DataSource db) {
    LeadStore leads = new LeadStore(db, EvidenceFixtures.CLOCK);
    leads.apply(EvidenceFixtures.verdict("example.cn", 1));
    leads.apply(withReason(EvidenceFixtures.verdict("example.cn", 2)));
    return leads.findBySite("example.cn").orElseThrow().id();
  }

  /** The evidence behind the verdict's conduct: a price, with markup the report must escape. */
  private static SiteVerdict withReason(SiteVerdict v) {
    return new SiteVerdict(
        v.v(),
        v.site(),
        v.revision(),
        v.flagged(),
        v.score(),
        v.pagesScored(),
        v.categories(),
        v.signals(),
        v.pages(),
        v.lexiconVersion(),
        v.decidedAt(),
        v.conducts(),
        v.identifiers(),
        v.findings(),
        v.epoch(),
        v.traceId(),
        v.lastFetchedAt(),
        List.of(
            new ConductReason(
                "profit-spreading",
                "membership-price",
                "VIP 30 元/月 <script>y</script>",
                v.pages().get(0).url())));
  }

  @Test
  void anExportThatFailsWhileWritingLeavesNoExportedEntryAndNoFile() throws IOException {
    DataSource db = database.migratedDatabase();
    long id = openAndUpdate(db);
    CustodyLog custody = new CustodyLog(db, EvidenceFixtures.CLOCK);
    int before = custody.entries(id).size();
    Path out = Files.createDirectories(dir.resolve("out"));
    BundleExporter failing =
        EvidenceFixtures.exporterBuilder(db)
            .output(file -> new FailingAfter(Files.newOutputStream(file), 200))
            .build();

    assertThatThrownBy(() -> failing.export(id, out.resolve("lead.zip"), "analyst-li"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("disk full");

    assertThat(custody.entries(id))
        .hasSize(before)
        .noneSatisfy(e -> assertThat(e.action()).isEqualTo("EXPORTED"));
    try (var left = Files.list(out)) {
      assertThat(left).as("no bundle and no temporary file").isEmpty();
    }
    assertThat(custody.verify(id).ok()).isTrue();

    CustodyEntry exported = bundle(db).export(id, out.resolve("lead.zip"), "analyst-li");
    assertThat(exported.seq()).isEqualTo(before + 1);
    assertThat(
            EvidenceFixtures.verifier()
                .withCustodyLog(custody, "db")
                .verify(out.resolve("lead.zip"))
                .intact())
        .isTrue();
  }

  /** A disk that fills up after {@code limit} bytes. */
  private static final class FailingAfter extends java.io.FilterOutputStream {
    private long left;

    FailingAfter(OutputStream out, long limit) {
      super(out);
      this.left = limit;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) {
        throw new IOException("disk full (test)");
      }
      left -= len;
      out.write(b, off, len);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }
  }
}
