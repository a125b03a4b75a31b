package org.sitewatch.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.LeadStore;
import org.sitewatch.sink.Migrations;

/** {@code sitewatch evidence export} and {@code verify} against an embedded PostgreSQL. */
class EvidenceCommandIT {
  @TempDir static Path dir;
  private static Database db;
  private static long leadId;

  @BeforeAll
  static void leadInTheDatabase() {
    db = Database.embedded(dir.resolve("db"));
    Migrations.migrate(db.dataSource());
    LeadStore leads = new LeadStore(db.dataSource(), Clock.systemUTC());
    String page = "https://example.cn/vip";
    leads.apply(new SiteVerdict(SiteVerdict.VERSION, "example.cn", 1, true, 0.8, 2,
        List.of("explicit"),
        List.of(new SignalHit("kw.zh.explicit.seqing", "explicit", 0.6, 2, "免费在线 色情 视频", page)),
        List.of(new PageRef(page, 0.8, "cd".repeat(32), Instant.parse("2026-11-20T08:00:00Z"))),
        "lex-1", Instant.parse("2026-11-20T08:01:00Z")));
    leadId = leads.findBySite("example.cn").orElseThrow().id();
  }

  @AfterAll
  static void stopDatabase() {
    db.close();
  }

  @Test
  void exportedBundleVerifiesAndTamperingMakesVerifyFail() throws IOException {
    Path zip = dir.resolve("out/example.zip");

    var export = sitewatch("evidence", "export", "example.cn", "--out", zip.toString(),
        "--actor", "analyst-li", "--jdbc-url", db.jdbcUrl());
    assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
    assertThat(export.out()).contains("exported lead " + leadId).contains("manifest_sha256");

    var verify = sitewatch("evidence", "verify", zip.toString());
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out()).contains("intact");

    flipOneByte(zip, "report.html");
    var tampered = sitewatch("evidence", "verify", zip.toString());
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.out()).contains("1 problem(s)").contains("report.html was altered");
  }

  @Test
  void exportStatesEveryPageWhoseWarcRecordIsNotInTheStore() throws IOException {
    LeadStore leads = new LeadStore(db.dataSource(), Clock.systemUTC());
    String page = "https://captured.cn/vip";
    org.sitewatch.events.WarcRef ref = new org.sitewatch.events.WarcRef(
        "sitewatch-20261120080000000-00001-w1.warc.gz", 0, 512,
        "<urn:uuid:00000000-0000-4000-8000-00000000000a>", "sha256:" + "A".repeat(52), "sha256:" + "B".repeat(52));
    leads.apply(new SiteVerdict(SiteVerdict.VERSION, "captured.cn", 1, true, 0.8, 1, List.of("explicit"),
        List.of(new SignalHit("kw.zh.explicit.seqing", "explicit", 0.6, 1, "成人视频", page)),
        List.of(new PageRef(page, 0.8, "cd".repeat(32), Instant.parse("2026-11-20T08:00:00Z"), null, ref)),
        "lex-1", Instant.parse("2026-11-20T08:01:00Z")));
    Path store = Files.createDirectories(dir.resolve("empty-warc-store"));
    Path zip = dir.resolve("captured.zip");

    var export = sitewatch("evidence", "export", "captured.cn", "--out", zip.toString(),
        "--warc-dir", store.toString(), "--jdbc-url", db.jdbcUrl());

    assertThat(export.exitCode()).as(export.out() + export.err()).isZero();
    assertThat(export.out()).contains("WARC records: 0 from " + store)
        .contains("WARC record for page " + page + " not available: WARC file " + ref.file()
            + " is missing from the store");
    assertThat(sitewatch("evidence", "verify", zip.toString()).exitCode()).isZero();
  }

  @Test
  void exportTakesALeadNumberAndRecordsEachExport() {
    Path first = dir.resolve("by-id-1.zip");
    Path second = dir.resolve("by-id-2.zip");

    var one = sitewatch("evidence", "export", Long.toString(leadId), "--out", first.toString(), "--jdbc-url", db.jdbcUrl());
    var two = sitewatch("evidence", "export", Long.toString(leadId), "--out", second.toString(), "--jdbc-url", db.jdbcUrl());

    assertThat(one.exitCode()).as(one.out() + one.err()).isZero();
    assertThat(two.exitCode()).as(two.out() + two.err()).isZero();
    assertThat(sitewatch("evidence", "verify", first.toString()).exitCode()).isZero();
    assertThat(sitewatch("evidence", "verify", second.toString()).exitCode()).isZero();
  }

  @Test
  void exportNeedsADatabaseAndAnExistingLead() {
    var noDb = sitewatch("evidence", "export", "example.cn", "--out", dir.resolve("x.zip").toString());
    assertThat(noDb.exitCode()).isEqualTo(2);
    assertThat(noDb.err()).contains("--jdbc-url");

    var noLead = sitewatch("evidence", "export", "unknown.example", "--out", dir.resolve("y.zip").toString(),
        "--jdbc-url", db.jdbcUrl());
    assertThat(noLead.exitCode()).isEqualTo(2);
    assertThat(noLead.err()).contains("no lead for site unknown.example");
  }

  @Test
  void verifyOfAMissingFileFails() {
    var missing = sitewatch("evidence", "verify", dir.resolve("nothing-here.zip").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.out()).contains("cannot read");
  }

  private static void flipOneByte(Path zip, String name) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
      for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
        files.put(e.getName(), z.readAllBytes());
      }
    }
    files.get(name)[50] ^= 1;
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        z.putNextEntry(new ZipEntry(f.getKey()));
        z.write(f.getValue());
        z.closeEntry();
      }
    }
  }
}
