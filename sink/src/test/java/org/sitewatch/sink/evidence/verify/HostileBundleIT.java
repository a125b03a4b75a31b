package org.sitewatch.sink.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.sink.evidence.BundleFiles;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.evidence.custody.Canonical;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.store.LeadStore;

/**
 * Findings 8 and 9: a bundle is read as unzip shows it, or refused; reading it is bounded in disk,
 * memory and time whatever it declares.
 */
class HostileBundleIT {
  private static org.sitewatch.sink.TestDatabase database;
  private static LinkedHashMap<String, byte[]> real;

  @TempDir Path dir;

  @BeforeAll
  static void realBundle(@TempDir Path tmp) throws IOException {
    database = org.sitewatch.sink.TestDatabase.start();
    DataSource db = database.migratedDatabase();
    LeadStore leads = new LeadStore(db, EvidenceFixtures.CLOCK);
    leads.apply(EvidenceFixtures.verdict("example.cn", 1));
    long id = leads.findBySite("example.cn").orElseThrow().id();
    Path zip = tmp.resolve("real.zip");
    EvidenceFixtures.exporter(db).export(id, zip);
    real = BundleFiles.read(zip);
    assertThat(EvidenceFixtures.verify(zip).intact()).isTrue();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    database.close();
  }

  @Test
  void aSecondReportAfterAStopMarkerIsRefusedNotVerifiedAsTheOther() throws IOException {
    RawZip raw = new RawZip();
    List<RawZip.Local> locals = new java.util.ArrayList<>();
    real.forEach((name, bytes) -> locals.add(raw.local(name, bytes)));
    raw.raw(new byte[] {'P', 'K', 1, 2}); // a sequential reader stops here
    RawZip.Local other =
        raw.local("report.html", "<p>another report</p>".getBytes(StandardCharsets.UTF_8));
    for (RawZip.Local l : locals) {
      raw.list(l.name().equals("report.html") ? other : l);
    }
    Path zip = write("stop-marker.zip", raw.finish());
    try (ZipFile unzip = new ZipFile(zip.toFile())) { // what an analyst opens
      assertThat(
              new String(
                  unzip.getInputStream(unzip.getEntry("report.html")).readAllBytes(),
                  StandardCharsets.UTF_8))
          .isEqualTo("<p>another report</p>");
    }

    VerificationReport report = EvidenceFixtures.verify(zip);

    assertThat(report.intact()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .asString()
        .startsWith("refused: ")
        .contains("that no central directory entry covers");
  }

  @Test
  void aPrependedBlobIsRefused() throws IOException {
    RawZip raw =
        new RawZip().raw("#!/bin/sh\necho hello\nexit 0\n".getBytes(StandardCharsets.UTF_8));
    real.forEach((name, bytes) -> raw.list(raw.local(name, bytes)));
    Path zip = write("prepended.zip", raw.finish());
    try (ZipFile unzip = new ZipFile(zip.toFile())) {
      assertThat(unzip.size()).isEqualTo(real.size());
    }

    VerificationReport report = EvidenceFixtures.verify(zip);

    assertThat(report.intact()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .asString()
        .contains("before the first entry (prepended data)");
  }

  @Test
  void duplicateNamesAreRefused() throws IOException {
    RawZip raw = new RawZip();
    real.forEach((name, bytes) -> raw.list(raw.local(name, bytes)));
    raw.list(raw.local("report.html", "<p>another report</p>".getBytes(StandardCharsets.UTF_8)));
    VerificationReport report = EvidenceFixtures.verify(write("duplicate.zip", raw.finish()));

    assertThat(report.intact()).isFalse();
    assertThat(report.problems()).singleElement().asString().contains("appears more than once");
  }

  @Test
  void headersThatDisagreeTraversalNamesAndEncryptionAreRefused() throws IOException {
    byte[] data = "x".getBytes(StandardCharsets.UTF_8);
    RawZip traversal = new RawZip();
    traversal.list(traversal.local("../../.bashrc", data));
    assertThat(EvidenceFixtures.verify(write("traversal.zip", traversal.finish())).problems())
        .singleElement()
        .asString()
        .contains("leaves the bundle");

    RawZip absolute = new RawZip();
    absolute.list(absolute.local("/etc/passwd", data));
    assertThat(EvidenceFixtures.verify(write("absolute.zip", absolute.finish())).problems())
        .singleElement()
        .asString()
        .contains("is absolute");

    RawZip encrypted = new RawZip();
    encrypted.list(encrypted.local("lead.json", data, 1));
    assertThat(EvidenceFixtures.verify(write("encrypted.zip", encrypted.finish())).problems())
        .singleElement()
        .asString()
        .contains("is encrypted");

    RawZip renamed = new RawZip();
    RawZip.Local l = renamed.local("lead.json", data);
    renamed.list(new RawZip.Local("lead.jso2", l.offset(), l.crc(), l.size(), l.flags()));
    assertThat(EvidenceFixtures.verify(write("renamed.zip", renamed.finish())).problems())
        .singleElement()
        .asString()
        .contains("the local header names another file");

    RawZip resized = new RawZip();
    RawZip.Local r = resized.local("lead.json", data);
    resized.list(new RawZip.Local("lead.json", r.offset(), r.crc() ^ 1, r.size(), r.flags()));
    assertThat(EvidenceFixtures.verify(write("crc.zip", resized.finish())).problems())
        .singleElement()
        .asString()
        .contains("CRC or sizes differ");
  }

  @Test
  void aSmallWarcBombIsRefusedWithoutWritingAnything() throws IOException {
    Path zip = dir.resolve("bomb.zip");
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file)) {
      out.setLevel(9);
      real.forEach(
          (name, bytes) -> {
            try {
              out.putNextEntry(new ZipEntry(name));
              out.write(bytes);
              out.closeEntry();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
      out.putNextEntry(new ZipEntry("warc/pages.warc.gz"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 513; i++) {
        out.write(zeros);
      }
      out.closeEntry();
    }
    assertThat(Files.size(zip)).isLessThan(1 << 20);
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (WatchService watch = tmp.getFileSystem().newWatchService()) {
      tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE);

      VerificationReport report = assertTimeoutPreemptively(() -> EvidenceFixtures.verify(zip));

      assertThat(report.intact()).isFalse();
      assertThat(report.problems())
          .singleElement()
          .asString()
          .contains("warc/pages.warc.gz inflates")
          .contains("a ratio above the limit of 100");
      WatchKey created = watch.poll();
      assertThat(
              created == null
                  ? List.of()
                  : created.pollEvents().stream().map(e -> e.context().toString()).toList())
          .as("files created in %s while verifying", tmp)
          .isEmpty();
    }
  }

  @Test
  void warcRecordsThatInflateWithoutEndStopAtTheBudget() throws IOException {
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream member = new java.util.zip.GZIPOutputStream(gz)) {
      member.write(new byte[10 << 20]);
    }
    RawZip raw = new RawZip();
    raw.list(raw.local("warc/pages.warc.gz", gz.toByteArray()));
    Path zip = write("warc-bomb.zip", raw.finish());
    BundleLimits small = new BundleLimits(64, 64L << 20, 2L << 30, 3L << 30, 100, 1 << 20);

    VerificationReport report = new BundleVerifier(List.of(), small).verify(zip);

    assertThat(report.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "warc/pages.warc.gz: WARC records inflate to more than the limit of 1048576 bytes in all"));
  }

  @Test
  void absurdNumbersAndDeepNestingAreRefusedNotExpanded() throws IOException {
    String custody =
        "{\"action\":\"LEAD_OPENED\",\"actor\":\"sink\",\"at\":\"2026-11-21T09:30:00.123456Z\","
            + "\"details\":{\"score\":1e900000000},\"hash\":\""
            + "0".repeat(64)
            + "\",\"lead_id\":1,"
            + "\"prev_hash\":\""
            + "0".repeat(64)
            + "\",\"seq\":1}\n";
    String lead =
        "{\"warc\":{\"pages\":[{\"status\":\"included\",\"records\":[{\"file\":\"warc/pages.warc.gz\","
            + "\"offset\":1e900000000,\"length\":-1e-900000000}]}]}}";
    String deep = "[".repeat(200_000);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("custody.jsonl", custody.getBytes(StandardCharsets.UTF_8));
    files.put("lead.json", lead.getBytes(StandardCharsets.UTF_8));
    files.put("manifest.json", deep.getBytes(StandardCharsets.UTF_8));
    Path zip = dir.resolve("numbers.zip");
    Files.write(zip, new byte[0]);
    BundleFiles.rewrite(zip, current -> current.putAll(files));

    VerificationReport report = assertTimeoutPreemptively(() -> EvidenceFixtures.verify(zip));

    assertThat(report.intact()).isFalse();
    assertThat(report.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("custody.jsonl line 1 is not a custody entry")
                    .contains("decimal exponent 900000000 refused"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("manifest.json is not readable JSON")
                    .contains("nesting depth"));
  }

  @Test
  void canonicalFormRefusesNumbersItCannotWriteInPlainDecimal() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                CustodyEntry.fromJsonLine(
                    "{\"action\":\"A\",\"actor\":\"a\",\"at\":\"2026-11-21T09:30:00.123456Z\",\"details\":{\"n\":1e900000000},"
                        + "\"hash\":\""
                        + "0".repeat(64)
                        + "\",\"lead_id\":1,\"prev_hash\":\""
                        + "0".repeat(64)
                        + "\",\"seq\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exponent");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Canonical.json(
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                        .objectNode()
                        .put("n", new java.math.BigDecimal("1e-900000000"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exponent");
  }

  private static <T> T assertTimeoutPreemptively(
      org.junit.jupiter.api.function.ThrowingSupplier<T> check) {
    return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(30), check);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }
}
