package org.sitewatch.sink.evidence.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.WarcRef;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.evidence.BundleFiles;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.evidence.verify.VerificationReport;
import org.sitewatch.sink.evidence.warc.DirectoryWarcSource;
import org.sitewatch.sink.jurisdiction.JurisdictionRouter;
import org.sitewatch.sink.jurisdiction.JurisdictionTables;
import org.sitewatch.sink.jurisdiction.RouteStore;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Bundles with real WARC records from a directory store: export, verify, tamper, lose the store.
 */
class EvidenceWarcIT {
  private static final Instant FETCHED = Instant.parse("2026-11-20T07:59:00Z");
  private static final String VIP = "https://example.cn/vip";
  private static final String HOME = "https://example.cn/";
  private static TestDatabase database;

  @TempDir Path dir;
  private Path store;
  private DataSource dataSource;
  private TestWarcs.Exchange vip;
  private TestWarcs.Exchange home;

  @BeforeAll
  static void startDatabase() {
    database = TestDatabase.start();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    database.close();
  }

  @BeforeEach
  void storeWithTwoCapturedPagesBetweenOthers() throws IOException {
    store = Files.createDirectories(dir.resolve("sitewatch-warc"));
    Path file = store.resolve("sitewatch-20261120075900000-00001-w1.warc.gz");
    TestWarcs.append(file, "https://other.example/", "<p>ordinary recipe</p>", FETCHED);
    vip = TestWarcs.append(file, VIP, "<h1>开通VIP会员 观看成人视频</h1>", FETCHED);
    TestWarcs.append(file, "https://other.example/blog", "<p>ordinary blog</p>", FETCHED);
    home = TestWarcs.append(file, HOME, "<h1>adult videos</h1>", FETCHED.plusSeconds(1));
    dataSource = database.migratedDatabase();
  }

  @Test
  void bundleHoldsEachPagesRecordsAndVerifies() throws IOException {
    long id = lead(vip.ref(), home.ref());
    Path zip = dir.resolve("lead.zip");

    BundleExporter.Exported exported = bundle().exportBundle(id, zip, "analyst-li");

    assertThat(exported.notes()).isEmpty();
    assertThat(exported.warcRecords()).isEqualTo(6);
    VerificationReport report = EvidenceFixtures.verify(zip);
    assertThat(report.problems()).isEmpty();

    Map<String, byte[]> files = BundleFiles.read(zip);
    assertThat(files).containsKeys("warc/pages.warc.gz", "warc/README.txt");
    List<String> ids = new ArrayList<>();
    List<String> types = new ArrayList<>();
    try (WarcReader reader =
        new WarcReader(new java.io.ByteArrayInputStream(files.get("warc/pages.warc.gz")))) {
      for (WarcRecord r : reader) {
        ids.add("<" + r.id() + ">");
        types.add(r.type());
      }
    }
    assertThat(ids)
        .containsExactly(
            vip.ref().recordId(),
            vip.requestId(),
            vip.metadataId(),
            home.ref().recordId(),
            home.requestId(),
            home.metadataId());
    assertThat(types)
        .containsExactly("response", "request", "metadata", "response", "request", "metadata");

    JsonNode lead = Json.mapper().readTree(files.get("lead.json"));
    assertThat(lead.at("/lead/pages/0/warc/recordId").asText()).isEqualTo(vip.ref().recordId());
    assertThat(lead.at("/warc/pages/0/status").asText()).isEqualTo("included");
    assertThat(lead.at("/warc/pages/0/records/0/source_offset").asLong())
        .isEqualTo(vip.ref().offset());
    assertThat(lead.at("/jurisdiction/routed").asBoolean()).isTrue();
    assertThat(lead.at("/jurisdiction/routes/0/bureau/name").asText()).contains("北京");
    assertThat(lead.at("/jurisdiction/routes/0/bases/0").asText()).isEqualTo("ICP_PROVINCE");

    String html = new String(files.get("report.html"), StandardCharsets.UTF_8);
    assertThat(html)
        .contains("<h2>Jurisdiction</h2>")
        .contains("ICP_PROVINCE")
        .contains(Html.escape(vip.ref().recordId()))
        .contains(Html.escape(vip.requestId()));
  }

  @Test
  void oneAlteredByteInTheWarcFileIsNamedWithItsRecordAndPage() throws IOException {
    Path zip = dir.resolve("lead.zip");
    bundle().exportBundle(lead(vip.ref(), home.ref()), zip, "analyst-li");

    BundleFiles.rewrite(
        zip, files -> files.get("warc/pages.warc.gz")[(int) (vip.ref().length() / 2)] ^= 0x20);

    VerificationReport report = EvidenceFixtures.verify(zip);
    assertThat(report.intact()).isFalse();
    assertThat(report.problems())
        .anySatisfy(p -> assertThat(p).contains("warc/pages.warc.gz was altered"));
    assertThat(report.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("warc/pages.warc.gz")
                    .contains(vip.ref().recordId())
                    .contains(VIP));
  }

  @Test
  void aRemovedWarcFileIsNamed() throws IOException {
    Path zip = dir.resolve("lead.zip");
    bundle().exportBundle(lead(vip.ref()), zip, "analyst-li");

    BundleFiles.rewrite(zip, files -> files.remove("warc/pages.warc.gz"));

    VerificationReport report = EvidenceFixtures.verify(zip);
    assertThat(report.intact()).isFalse();
    assertThat(report.problems())
        .anySatisfy(p -> assertThat(p).contains("warc/pages.warc.gz was removed"));
    assertThat(report.problems())
        .anySatisfy(p -> assertThat(p).contains(vip.ref().recordId()).contains(VIP));
  }

  @Test
  void aWarcRefOnTheLeadThatDiffersFromTheRecordIsNamed() throws IOException {
    Path zip = dir.resolve("lead.zip");
    bundle().exportBundle(lead(vip.ref()), zip, "analyst-li");
    String other = TestWarcs.sha256("something else".getBytes(StandardCharsets.UTF_8)).toString();

    BundleFiles.rewrite(
        zip,
        files ->
            files.put(
                "lead.json",
                new String(files.get("lead.json"), StandardCharsets.UTF_8)
                    .replace(vip.ref().payloadDigest(), other)
                    .getBytes(StandardCharsets.UTF_8)));

    VerificationReport report = EvidenceFixtures.verify(zip);
    assertThat(report.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("WarcRef")
                    .contains(other)
                    .contains(vip.ref().recordId())
                    .contains(VIP));
  }

  @Test
  void aMissingStoreFileIsStatedAndTheRestStillVerifies() throws IOException {
    WarcRef lost =
        new WarcRef(
            "sitewatch-20261119000000000-00001-w1.warc.gz",
            0,
            900,
            "<urn:uuid:00000000-0000-4000-8000-000000000001>",
            vip.ref().blockDigest(),
            vip.ref().payloadDigest());
    Path zip = dir.resolve("lead.zip");

    BundleExporter.Exported exported =
        bundle().exportBundle(lead(lost, home.ref()), zip, "analyst-li");

    assertThat(exported.notes())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n)
                    .startsWith("WARC record for page " + VIP + " not available: ")
                    .contains("is missing from the store"));
    assertThat(exported.warcRecords()).isEqualTo(3);
    assertThat(EvidenceFixtures.verify(zip).problems()).isEmpty();
    Map<String, byte[]> files = BundleFiles.read(zip);
    JsonNode lead = Json.mapper().readTree(files.get("lead.json"));
    assertThat(lead.at("/warc/pages/0/status").asText()).isEqualTo("unavailable");
    assertThat(lead.at("/warc/notes/0").asText()).isEqualTo(exported.notes().get(0));
    assertThat(new String(files.get("warc/README.txt"), StandardCharsets.UTF_8))
        .contains(exported.notes().get(0));
    assertThat(new String(files.get("report.html"), StandardCharsets.UTF_8))
        .contains("not available: WARC file");
  }

  @Test
  void aRecordThatNoLongerMatchesItsReferenceIsNotCopiedAndSaysWhy() throws IOException {
    WarcRef wrong =
        new WarcRef(
            vip.ref().file(),
            vip.ref().offset(),
            vip.ref().length(),
            vip.ref().recordId(),
            vip.ref().blockDigest(),
            home.ref().payloadDigest());
    Path zip = dir.resolve("lead.zip");

    BundleExporter.Exported exported = bundle().exportBundle(lead(wrong), zip, "analyst-li");

    assertThat(exported.notes())
        .singleElement()
        .satisfies(
            n ->
                assertThat(n)
                    .contains(VIP)
                    .contains("payload digest")
                    .contains("differs from the lead's reference"));
    assertThat(BundleFiles.read(zip)).doesNotContainKey("warc/pages.warc.gz");
    assertThat(EvidenceFixtures.verify(zip).problems()).isEmpty();
  }

  @Test
  void aWrongOffsetIsStatedNotCopied() throws IOException {
    WarcRef shifted =
        new WarcRef(
            vip.ref().file(),
            vip.ref().offset() + 1,
            vip.ref().length(),
            vip.ref().recordId(),
            vip.ref().blockDigest(),
            vip.ref().payloadDigest());

    BundleExporter.Exported exported =
        bundle().exportBundle(lead(shifted), dir.resolve("lead.zip"), "analyst-li");

    assertThat(exported.notes())
        .singleElement()
        .satisfies(n -> assertThat(n).contains("is unreadable"));
  }

  private BundleExporter bundle() {
    return EvidenceFixtures.exporter(dataSource, new DirectoryWarcSource(store));
  }

  /** Opens a routed lead whose pages carry the given references, and returns its id. */
  private long lead(WarcRef... refs) {
    List<PageRef> pages = new ArrayList<>();
    String[] urls = {VIP, HOME};
    for (int i = 0; i < refs.length; i++) {
      pages.add(new PageRef(urls[i], 0.8 - i * 0.1, "ab".repeat(32), FETCHED, null, refs[i]));
    }
    SiteVerdict base = EvidenceFixtures.verdict("example.cn", 1);
    SiteVerdict verdict =
        new SiteVerdict(
            SiteVerdict.VERSION,
            base.site(),
            1,
            true,
            base.score(),
            3,
            base.categories(),
            base.signals(),
            pages,
            base.lexiconVersion(),
            base.decidedAt(),
            base.conducts(),
            List.of(new Identifier("icp", "京ICP备12345678号-1", "京ICP备12345678号-1", VIP, Map.of())),
            base.findings());
    RouteStore routes =
        new RouteStore(
            dataSource,
            new JurisdictionRouter(JurisdictionTables.sample()),
            EvidenceFixtures.CLOCK);
    LeadStore leads =
        new LeadStore(dataSource, EvidenceFixtures.CLOCK, ReviewPolicy.DEFAULTS, routes);
    leads.apply(verdict);
    var lead = leads.findBySite("example.cn").orElseThrow();
    assertThat(lead.pages()).isEqualTo(pages);
    return lead.id();
  }
}
