package org.sitewatch.sink.evidence.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.Json;
import org.sitewatch.sink.evidence.BundleFiles;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.evidence.bundle.BundleExporter;
import org.sitewatch.sink.evidence.bundle.BundleLayout;
import org.sitewatch.sink.evidence.bundle.BundleSignature;
import org.sitewatch.sink.evidence.bundle.FileDigest;
import org.sitewatch.sink.evidence.bundle.Origin;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.evidence.signing.SigningKey;
import org.sitewatch.sink.store.LeadStore;

/**
 * Finding 7: a self-consistent bundle proves nothing by itself. Bundles built from nothing, real
 * bundles rewritten and rehashed, and bundles signed by an unknown key are never reported intact;
 * the custody head is checked against the database. Finding 15: the export entry exists only once
 * its file does.
 */
class ForgedBundleIT {
  private static final SigningKey FORGER = SigningKey.generate();

  private static org.sitewatch.sink.TestDatabase database;
  private static DataSource dataSource;
  private static long leadId;

  @TempDir Path dir;

  @BeforeAll
  static void lead() {
    database = org.sitewatch.sink.TestDatabase.start();
    dataSource = database.migratedDatabase();
    leadId = openAndUpdate(dataSource, "example.cn");
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    database.close();
  }

  @Test
  void aBundleBuiltFromNothingIsSelfConsistentButNeverIntact() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    files.put(
        "lead.json",
        "{\"format\":\"sitewatch-lead/1\",\"lead\":{\"site\":\"made-up.cn\",\"score\":0.99}}\n"
            .getBytes(StandardCharsets.UTF_8));
    files.put("report.html", "<p>made up</p>\n".getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> zip =
        sealed(
            files,
            List.of(
                CustodyEntry.sealed(
                    9,
                    1,
                    Instant.parse("2026-11-20T08:00:00Z"),
                    "sink",
                    "LEAD_OPENED",
                    Json.mapper().createObjectNode().put("score", 0.99),
                    CustodyEntry.GENESIS)),
            null);
    Path forged = write("forged.zip", zip);

    VerificationReport unsigned = EvidenceFixtures.verify(forged);
    assertThat(unsigned.integrityHolds())
        .as("the forgery is self-consistent: %s", unsigned.problems())
        .isTrue();
    assertThat(unsigned.origin()).isEqualTo(Origin.UNSIGNED);
    assertThat(unsigned.intact()).isFalse();
    assertThat(unsigned.passes(false)).isFalse();
    assertThat(String.join("\n", unsigned.summary("forged.zip", false)))
        .contains("NOT VERIFIED")
        .contains("unsigned: integrity only, proves nothing about origin")
        .doesNotContain("intact");

    Path signedByForger =
        write(
            "forged-signed.zip",
            sealed(
                files,
                List.of(
                    CustodyEntry.sealed(
                        9,
                        1,
                        Instant.parse("2026-11-20T08:00:00Z"),
                        "sink",
                        "LEAD_OPENED",
                        Json.mapper().createObjectNode().put("score", 0.99),
                        CustodyEntry.GENESIS)),
                FORGER));
    VerificationReport untrusted = EvidenceFixtures.verify(signedByForger);
    assertThat(untrusted.integrityHolds()).isTrue();
    assertThat(untrusted.origin()).isEqualTo(Origin.UNTRUSTED);
    assertThat(untrusted.intact()).isFalse();
    assertThat(untrusted.originStatement())
        .contains("signed by key " + FORGER.keyId())
        .contains("not a trusted key")
        .contains("proves nothing about origin");
  }

  @Test
  void aRealBundleWithReportScoreAndManifestRewrittenAndRehashedFails() throws IOException {
    Path zip = dir.resolve("real.zip");
    bundle(dataSource).export(leadId, zip, "analyst-li");
    assertThat(EvidenceFixtures.verify(zip).intact()).isTrue();
    LinkedHashMap<String, byte[]> real = BundleFiles.read(zip);

    Map<String, byte[]> content = new TreeMap<>(real);
    content.remove("manifest.json");
    content.remove("manifest.sig");
    content.remove("custody.jsonl");
    content.put(
        "report.html",
        text(content.get("report.html"))
            .replace("0.800", "0.999")
            .getBytes(StandardCharsets.UTF_8));
    content.put(
        "lead.json",
        text(content.get("lead.json"))
            .replace("\"score\" : 0.8", "\"score\" : 0.999")
            .getBytes(StandardCharsets.UTF_8));
    List<CustodyEntry> chain =
        text(real.get("custody.jsonl")).lines().map(CustodyEntry::fromJsonLine).toList();

    // the original signature stays: it no longer matches the rewritten manifest
    Map<String, byte[]> keptSignature =
        new TreeMap<>(sealed(content, chain.subList(0, chain.size() - 1), null));
    keptSignature.put("manifest.sig", real.get("manifest.sig"));
    VerificationReport resigned =
        EvidenceFixtures.verify(write("kept-signature.zip", keptSignature));
    assertThat(resigned.origin()).isEqualTo(Origin.INVALID);
    assertThat(resigned.intact()).isFalse();
    assertThat(resigned.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "the signature by trusted key "
                            + EvidenceFixtures.KEY.keyId()
                            + " does not match manifest.json"));

    VerificationReport stripped =
        EvidenceFixtures.verify(
            write("stripped.zip", sealed(content, chain.subList(0, chain.size() - 1), null)));
    assertThat(stripped.integrityHolds()).as("%s", stripped.problems()).isTrue();
    assertThat(stripped.origin()).isEqualTo(Origin.UNSIGNED);
    assertThat(stripped.intact()).isFalse();

    VerificationReport byForger =
        EvidenceFixtures.verify(
            write("by-forger.zip", sealed(content, chain.subList(0, chain.size() - 1), FORGER)));
    assertThat(byForger.origin()).isEqualTo(Origin.UNTRUSTED);
    assertThat(byForger.intact()).isFalse();
  }

  @Test
  void theCustodyHeadIsCheckedAgainstTheDatabase() throws IOException {
    Path zip = dir.resolve("anchored.zip");
    DataSource db = database.migratedDatabase();
    long id = openAndUpdate(db, "example.cn");
    CustodyEntry exported = bundle(db).export(id, zip, "analyst-li");
    BundleVerifier verifier = EvidenceFixtures.verifier();

    VerificationReport same =
        verifier.withCustodyLog(new CustodyLog(db, EvidenceFixtures.CLOCK), "db-a").verify(zip);
    assertThat(same.problems()).isEmpty();
    assertThat(same.intact()).isTrue();
    assertThat(same.anchor())
        .contains("custody head seq " + exported.seq() + " (hash " + exported.hash() + ")")
        .contains("which records this export");

    new CustodyLog(db, EvidenceFixtures.CLOCK)
        .append(id, "analyst-li", CustodyAction.REVIEWED, Map.of("note", "seen"));
    assertThat(
            verifier
                .withCustodyLog(new CustodyLog(db, EvidenceFixtures.CLOCK), "db-a")
                .verify(zip)
                .anchor())
        .contains("the log has 1 later entries");

    // another deployment's database: the same lead number, another history, no such export
    DataSource other = database.migratedDatabase();
    long otherId = openAndUpdate(other, "example.cn");
    assertThat(otherId).isEqualTo(id);
    new CustodyLog(other, EvidenceFixtures.CLOCK)
        .append(id, "x", CustodyAction.REVIEWED, Map.of("note", "a"));
    new CustodyLog(other, EvidenceFixtures.CLOCK)
        .append(id, "x", CustodyAction.REVIEWED, Map.of("note", "b"));
    VerificationReport elsewhere =
        verifier.withCustodyLog(new CustodyLog(other, EvidenceFixtures.CLOCK), "db-b").verify(zip);
    assertThat(elsewhere.intact()).isFalse();
    assertThat(elsewhere.problems())
        .anySatisfy(p -> assertThat(p).contains("the custody head does not match"));

    DataSource empty = database.migratedDatabase();
    openAndUpdate(empty, "example.cn");
    VerificationReport unrecorded =
        verifier.withCustodyLog(new CustodyLog(empty, EvidenceFixtures.CLOCK), "db-c").verify(zip);
    assertThat(unrecorded.intact()).isFalse();
    assertThat(unrecorded.problems())
        .anySatisfy(p -> assertThat(p).contains("this export is not recorded there"));
  }

  /**
   * The files, custody.jsonl (chain plus an EXPORTED entry of these files), manifest, signature if
   * any.
   */
  private static Map<String, byte[]> sealed(
      Map<String, byte[]> files, List<CustodyEntry> chain, SigningKey key) throws IOException {
    Map<String, FileDigest> digests = new TreeMap<>();
    files.forEach((name, bytes) -> digests.put(name, FileDigest.of(bytes)));
    CustodyEntry last = chain.get(chain.size() - 1);
    ObjectNode details =
        Json.mapper()
            .createObjectNode()
            .put("manifest_sha256", FileDigest.contentHash(digests))
            .put("format", BundleLayout.FORMAT);
    CustodyEntry export =
        CustodyEntry.sealed(
            last.leadId(),
            last.seq() + 1,
            last.at().plusSeconds(60),
            "sitewatch",
            "EXPORTED",
            details,
            last.hash());
    StringBuilder log = new StringBuilder();
    chain.forEach(e -> log.append(e.toJsonLine()).append('\n'));
    log.append(export.toJsonLine()).append('\n');
    Map<String, byte[]> all = new TreeMap<>(files);
    all.put("custody.jsonl", log.toString().getBytes(StandardCharsets.UTF_8));
    digests.put("custody.jsonl", FileDigest.of(all.get("custody.jsonl")));
    ObjectNode manifest =
        Json.mapper()
            .createObjectNode()
            .put("format", BundleLayout.FORMAT)
            .put("lead_id", last.leadId());
    manifest.set("files", FileDigest.fileList(digests, null));
    byte[] manifestBytes = Json.mapper().writeValueAsBytes(manifest);
    all.put("manifest.json", manifestBytes);
    if (key != null) {
      all.put("manifest.sig", BundleSignature.sign(manifestBytes, key));
    }
    return all;
  }

  private Path write(String name, Map<String, byte[]> files) throws IOException {
    Path zip = dir.resolve(name);
    Files.write(zip, new byte[0]);
    BundleFiles.rewrite(
        zip,
        current -> {
          current.clear();
          current.putAll(files);
        });
    return zip;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static BundleExporter bundle(DataSource db) {
    return EvidenceFixtures.exporter(db);
  }

  private static long openAndUpdate(DataSource db, String site) {
    LeadStore leads = new LeadStore(db, EvidenceFixtures.CLOCK);
    leads.apply(EvidenceFixtures.verdict(site, 1));
    leads.apply(EvidenceFixtures.verdict(site, 2));
    return leads.findBySite(site).orElseThrow().id();
  }
}
