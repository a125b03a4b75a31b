package org.sitewatch.infra.cli.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.cli.SitewatchCommandTest;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.evidence.custody.Canonical;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.store.LeadStore;

/** {@code sitewatch evidence export} and {@code verify} against an embedded PostgreSQL. */
class EvidenceCommandIT {
  @TempDir static Path dir;
  private static TestDatabase databases;
  private static Database db;
  private static long leadId;
  private static Path privateKey;
  private static Path publicKey;

  @BeforeAll
  static void leadInTheDatabase() {
    databases = TestDatabase.start();
    db = Database.external(databases.migratedDatabaseUrl(), "postgres", "");
    LeadStore leads = new LeadStore(db.dataSource(), Clock.systemUTC());
    String page = "https://example.cn/vip";
    leads.apply(
        new SiteVerdict(
            SiteVerdict.VERSION,
            "example.cn",
            1,
            true,
            0.8,
            2,
            List.of("explicit"),
            List.of(new SignalHit("kw.zh.explicit.seqing", "explicit", 0.6, 2, "免费在线 色情 视频", page)),
            List.of(new PageRef(page, 0.8, "cd".repeat(32), Instant.parse("2026-11-20T08:00:00Z"))),
            "lex-1",
            Instant.parse("2026-11-20T08:01:00Z")));
    leadId = leads.findBySite("example.cn").orElseThrow().id();
    var keygen = sitewatch("evidence", "keygen", "--out", dir.resolve("keys").toString());
    assertThat(keygen.exitCode()).as(keygen.out() + keygen.err()).isZero();
    privateKey = dir.resolve("keys/evidence-signing-key.pem");
    publicKey = dir.resolve("keys/evidence-signing-key.pub.pem");
  }

  /** {@code sitewatch evidence export ...} signed with the test deployment's key. */
  private static SitewatchCommandTest.Run export(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("evidence", "export"));
    all.addAll(List.of(args));
    all.addAll(List.of("--set", "evidence.signing-key=" + privateKey));
    return sitewatch(all.toArray(String[]::new));
  }

  private static SitewatchCommandTest.Run verify(Path zip, String... args) {
    List<String> all =
        new java.util.ArrayList<>(
            List.of("evidence", "verify", zip.toString(), "--public-key", publicKey.toString()));
    all.addAll(List.of(args));
    return sitewatch(all.toArray(String[]::new));
  }

  @AfterAll
  static void stopDatabase() {
    db.close();
    databases.close();
  }

  @Test
  void exportedBundleVerifiesAndTamperingMakesVerifyFail() throws IOException {
    Path zip = dir.resolve("out/example.zip");

    var export =
        export(
            "example.cn",
            "--out",
            zip.toString(),
            "--actor",
            "analyst-li",
            "--jdbc-url",
            db.jdbcUrl());
    assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
    assertThat(export.out())
        .contains("exported lead " + leadId)
        .contains("manifest_sha256")
        .contains("signed by key ")
        .contains("evidence.signing-key " + privateKey);

    var verify = verify(zip);
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains("intact")
        .contains("signature valid by key ")
        .contains("(trusted: " + publicKey + ")")
        .contains("database: not checked");

    flipOneByte(zip, "report.html");
    var tampered = verify(zip);
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.out()).contains("1 problem(s)").contains("report.html was altered");
  }

  @Test
  void exportStatesEveryPageWhoseWarcRecordIsNotInTheStore() throws IOException {
    LeadStore leads = new LeadStore(db.dataSource(), Clock.systemUTC());
    String page = "https://captured.cn/vip";
    org.sitewatch.events.WarcRef ref =
        new org.sitewatch.events.WarcRef(
            "sitewatch-20261120080000000-00001-w1.warc.gz",
            0,
            512,
            "<urn:uuid:00000000-0000-4000-8000-00000000000a>",
            "sha256:" + "A".repeat(52),
            "sha256:" + "B".repeat(52));
    leads.apply(
        new SiteVerdict(
            SiteVerdict.VERSION,
            "captured.cn",
            1,
            true,
            0.8,
            1,
            List.of("explicit"),
            List.of(new SignalHit("kw.zh.explicit.seqing", "explicit", 0.6, 1, "成人视频", page)),
            List.of(
                new PageRef(
                    page, 0.8, "cd".repeat(32), Instant.parse("2026-11-20T08:00:00Z"), null, ref)),
            "lex-1",
            Instant.parse("2026-11-20T08:01:00Z")));
    Path store = Files.createDirectories(dir.resolve("empty-warc-store"));
    Path zip = dir.resolve("captured.zip");

    var export =
        export(
            "captured.cn",
            "--out",
            zip.toString(),
            "--warc-dir",
            store.toString(),
            "--jdbc-url",
            db.jdbcUrl());

    assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
    assertThat(export.out())
        .contains("WARC records: 0 from " + store)
        .contains(
            "WARC record for page "
                + page
                + " not available: WARC file "
                + ref.file()
                + " is missing from the store");
    assertThat(verify(zip).exitCode()).isZero();
  }

  @Test
  void exportTakesALeadNumberAndRecordsEachExport() throws IOException {
    Path first = dir.resolve("by-id-1.zip");
    Path second = dir.resolve("by-id-2.zip");
    CustodyLog custody = new CustodyLog(db.dataSource(), Clock.systemUTC());
    int before = custody.entries(leadId).size();

    var one =
        export(
            Long.toString(leadId),
            "--out",
            first.toString(),
            "--actor",
            "analyst-wang",
            "--jdbc-url",
            db.jdbcUrl());
    var two =
        export(
            Long.toString(leadId),
            "--out",
            second.toString(),
            "--actor",
            "analyst-zhao",
            "--jdbc-url",
            db.jdbcUrl());

    assertThat(one.exitCode()).as(one.out() + one.err()).isZero();
    assertThat(two.exitCode()).as(two.out() + two.err()).isZero();
    assertThat(verify(first).exitCode()).isZero();
    assertThat(verify(second).exitCode()).isZero();
    List<CustodyEntry> recorded = custody.entries(leadId);
    List<CustodyEntry> added = recorded.subList(before, recorded.size());
    assertThat(added)
        .as("one EXPORTED entry per export, in order, by the actor who asked")
        .extracting(CustodyEntry::action, CustodyEntry::actor)
        .containsExactly(
            tuple(CustodyAction.EXPORTED.name(), "analyst-wang"),
            tuple(CustodyAction.EXPORTED.name(), "analyst-zhao"));
    assertExportRecordedAs(first, added.get(0));
    assertExportRecordedAs(second, added.get(1));
    assertThat(one.out()).contains("custody entry " + added.get(0).seq() + ", manifest_sha256 ");
    assertThat(two.out()).contains("custody entry " + added.get(1).seq() + ", manifest_sha256 ");
  }

  /**
   * The bundle's own digest (the manifest's file list without the custody log) is the one its
   * database entry records, and that entry is the last line of the bundle's custody log.
   */
  private static void assertExportRecordedAs(Path zip, CustodyEntry entry) throws IOException {
    Map<String, byte[]> files = unzip(zip);
    ArrayNode listed = JsonNodeFactory.instance.arrayNode();
    Canonical.readTree(files.get("manifest.json"))
        .get("files")
        .forEach(
            f -> {
              if (!f.get("path").asText().equals("custody.jsonl")) {
                listed.add(f);
              }
            });
    assertThat(entry.detailsNode().path("manifest_sha256").asText())
        .as("manifest_sha256 of " + zip.getFileName())
        .isEqualTo(Sha256.hex(Canonical.json(listed)));
    List<String> log =
        new String(files.get("custody.jsonl"), StandardCharsets.UTF_8).lines().toList();
    assertThat(CustodyEntry.fromJsonLine(log.get(log.size() - 1))).isEqualTo(entry);
  }

  @Test
  void exportNeedsADatabaseAndAnExistingLead() {
    var noDb =
        sitewatch("evidence", "export", "example.cn", "--out", dir.resolve("x.zip").toString());
    assertThat(noDb.exitCode()).isEqualTo(2);
    assertThat(noDb.err()).contains("--jdbc-url");

    var noLead =
        sitewatch(
            "evidence",
            "export",
            "unknown.example",
            "--out",
            dir.resolve("y.zip").toString(),
            "--jdbc-url",
            db.jdbcUrl());
    assertThat(noLead.exitCode()).isEqualTo(2);
    assertThat(noLead.err()).contains("no lead for site unknown.example");
  }

  @Test
  void verifyOfAMissingFileFails() {
    var missing = sitewatch("evidence", "verify", dir.resolve("nothing-here.zip").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).contains("cannot read");
  }

  @Test
  void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndNeverOverwritesIt() throws IOException {
    assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(publicKey)).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(privateKey)))
        .isEqualTo("rw-------");

    var again = sitewatch("evidence", "keygen", "--out", dir.resolve("keys").toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("a key exists already");
  }

  @Test
  void aBundleWithoutATrustedKeyIsNotReportedIntactUnlessIntegrityAloneIsAskedFor() {
    Path zip = dir.resolve("untrusted.zip");
    assertThat(export("example.cn", "--out", zip.toString(), "--jdbc-url", db.jdbcUrl()).exitCode())
        .isZero();

    var noKey = sitewatch("evidence", "verify", zip.toString());
    assertThat(noKey.exitCode()).isEqualTo(1);
    assertThat(noKey.out())
        .contains("NOT VERIFIED")
        .contains("which is not a trusted key")
        .contains("proves nothing about origin")
        .doesNotContain("intact");

    var integrityOnly = sitewatch("evidence", "verify", zip.toString(), "--allow-unsigned");
    assertThat(integrityOnly.exitCode()).isZero();
    assertThat(integrityOnly.out())
        .contains("integrity only (--allow-unsigned)")
        .contains("proves nothing about origin")
        .doesNotContain("intact");
  }

  @Test
  void verifyAgainstTheDatabaseChecksTheCustodyHead() throws IOException {
    Path zip = dir.resolve("anchored.zip");
    assertThat(export("example.cn", "--out", zip.toString(), "--jdbc-url", db.jdbcUrl()).exitCode())
        .isZero();

    var anchored = verify(zip, "--jdbc-url", db.jdbcUrl());
    assertThat(anchored.exitCode()).as(anchored.out() + anchored.err()).isZero();
    assertThat(anchored.out())
        .contains("intact")
        .contains("database: custody head seq ")
        .contains("which records this export");

    Database other = Database.external(databases.migratedDatabaseUrl(), "postgres", "");
    try {
      var elsewhere = verify(zip, "--jdbc-url", other.jdbcUrl());
      assertThat(elsewhere.exitCode()).isEqualTo(1);
      assertThat(elsewhere.out()).contains("this export is not recorded there");
    } finally {
      other.close();
    }
  }

  @Test
  void theDatabaseNamedInTheReportCarriesNoPasswordInAnyForm() throws IOException {
    Path zip = dir.resolve("secret.zip");
    assertThat(export("example.cn", "--out", zip.toString(), "--jdbc-url", db.jdbcUrl()).exitCode())
        .isZero();
    String base = db.jdbcUrl();

    // password parameters (the server trusts local connections, so it still connects)
    var params = verify(zip, "--jdbc-url", base + "?user=postgres&password=s3cret&sslpassword=k3y");
    assertThat(params.exitCode()).as(params.out() + params.err()).isZero();
    assertThat(params.out())
        .contains("which records this export")
        .contains(base + "?user=postgres&password=***&sslpassword=***");
    assertThat(params.out() + params.err()).doesNotContain("s3cret").doesNotContain("k3y");

    // user information before the host, which the driver does not read (it would take
    // "postgres:s3cret" for part of the host name, or "s3cret@localhost" for the port, and log
    // it): refused before the driver sees it
    String hostAndRest = base.substring("jdbc:postgresql://".length());
    String path = hostAndRest.substring(hostAndRest.indexOf('/'));
    List<String> driverLog = new java.util.ArrayList<>();
    java.util.logging.Logger driver = java.util.logging.Logger.getLogger("org.postgresql");
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            driverLog.add(
                String.valueOf(r.getMessage())
                    + " "
                    + java.util.Arrays.toString(r.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    driver.addHandler(capture);
    try {
      for (String url :
          List.of(
              "jdbc:postgresql://postgres:s3cret@" + hostAndRest,
              "jdbc:postgresql://postgres:s3cret@localhost" + path)) {
        var userInfo = verify(zip, "--jdbc-url", url);
        assertThat(userInfo.exitCode()).as(userInfo.out() + userInfo.err()).isEqualTo(2);
        assertThat(userInfo.err()).contains("must not carry user information").contains("***@");
        assertThat(userInfo.out() + userInfo.err()).doesNotContain("s3cret");
      }
    } finally {
      driver.removeHandler(capture);
    }
    assertThat(driverLog).noneMatch(m -> m.contains("s3cret"));
  }

  @Test
  void withoutAConfiguredKeyExportSignsWithALocalKeyKeptInTheDataFolder() {
    Path data = dir.resolve("local-data");
    Path zip = dir.resolve("local.zip");
    var export =
        sitewatch(
            "evidence",
            "export",
            "example.cn",
            "--out",
            zip.toString(),
            "--jdbc-url",
            db.jdbcUrl(),
            "--set",
            "local.data-dir=" + data);
    assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
    Path localPublic = data.resolve("evidence-key/evidence-signing-key.pub.pem");
    assertThat(export.out())
        .contains("local key in " + data.resolve("evidence-key"))
        .contains("--public-key " + localPublic);

    var verify =
        sitewatch("evidence", "verify", zip.toString(), "--public-key", localPublic.toString());
    assertThat(verify.exitCode()).as(verify.out()).isZero();
    assertThat(verify.out()).contains("intact");
  }

  private static Map<String, byte[]> unzip(Path zip) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        files.put(e.getName(), z.readAllBytes());
      }
    }
    return files;
  }

  private static void flipOneByte(Path zip, String name) throws IOException {
    Map<String, byte[]> files = unzip(zip);
    files.get(name)[50] ^= 1;
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue());
        z.closeEntry();
      }
    }
  }
}
