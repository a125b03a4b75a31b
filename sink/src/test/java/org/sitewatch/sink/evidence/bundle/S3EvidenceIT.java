package org.sitewatch.sink.evidence.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.sitewatch.common.objectstore.S3Location;
import org.sitewatch.common.objectstore.S3Store;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.WarcRef;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.evidence.BundleFiles;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.evidence.verify.VerificationReport;
import org.sitewatch.sink.evidence.warc.DirectoryWarcSource;
import org.sitewatch.sink.evidence.warc.S3WarcSource;
import org.sitewatch.sink.evidence.warc.WarcStoreSource;
import org.sitewatch.sink.jurisdiction.JurisdictionRouter;
import org.sitewatch.sink.jurisdiction.JurisdictionTables;
import org.sitewatch.sink.jurisdiction.RouteStore;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Evidence export reading WARC records back from an object store (a real in-process S3 server) by
 * ranged reads, beside references to the folder store written before it existed.
 */
class S3EvidenceIT {
  private static final Instant FETCHED = Instant.parse("2026-11-20T07:59:00Z");
  private static final String VIP = "https://example.cn/vip";
  private static final String HOME = "https://example.cn/";
  private static final S3Location WARCS = S3Location.parse("s3://evidence/warc");
  private static TestDatabase database;
  private static S3TestServer server;

  @TempDir Path dir;
  private Path folder;
  private DataSource dataSource;
  private WarcRef vipInStore;
  private TestWarcs.Exchange vip;
  private TestWarcs.Exchange home;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.start();
    server = new S3TestServer("evidence", "other-bucket");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    database.close();
  }

  @BeforeEach
  void oneFileUploadedAndOneInTheFolder() throws IOException {
    Path spool = Files.createDirectories(dir.resolve("spool"));
    String name = "sitewatch-20261120075900000-00001-w1.warc.gz";
    Path uploaded = spool.resolve(name);
    TestWarcs.append(uploaded, "https://other.example/", "<p>ordinary recipe</p>", FETCHED);
    vip = TestWarcs.append(uploaded, VIP, "<h1>开通VIP会员 观看成人视频</h1>", FETCHED);
    TestWarcs.append(uploaded, "https://other.example/blog", "<p>ordinary blog</p>", FETCHED);
    try (S3Store store = new S3Store(server.settings())) {
      store.upload(uploaded, WARCS.address(name));
    }
    vipInStore = withFile(vip.ref(), WARCS.address(name).toString(), vip.ref().offset());

    folder = Files.createDirectories(dir.resolve("sitewatch-warc"));
    home =
        TestWarcs.append(
            folder.resolve("sitewatch-20261120075800000-00001-w0.warc.gz"),
            HOME,
            "<h1>adult videos</h1>",
            FETCHED.plusSeconds(1));
    dataSource = database.migratedDatabase();
  }

  @Test
  void bundleCopiesRecordsFromTheObjectStoreAndTheFolderAndVerifies() throws IOException {
    Path zip = dir.resolve("lead.zip");

    BundleExporter.Exported exported =
        bundle().exportBundle(lead(vipInStore, home.ref()), zip, "analyst-li");

    assertThat(exported.notes()).isEmpty();
    assertThat(exported.warcRecords()).isEqualTo(6);
    VerificationReport report = EvidenceFixtures.verify(zip);
    assertThat(report.problems()).isEmpty();
    List<String> ids = new ArrayList<>();
    try (WarcReader reader =
        new WarcReader(
            new java.io.ByteArrayInputStream(BundleFiles.read(zip).get("warc/pages.warc.gz")))) {
      for (WarcRecord r : reader) {
        ids.add("<" + r.id() + ">");
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
  }

  @Test
  void wrongOffsetOrMissingObjectIsStatedNotCopied() throws IOException {
    WarcRef shifted = withFile(vipInStore, vipInStore.file(), vipInStore.offset() + 1);
    WarcRef notUploaded =
        withFile(home.ref(), WARCS.address("sitewatch-not-uploaded.warc.gz").toString(), 0);
    Path zip = dir.resolve("lead.zip");

    BundleExporter.Exported exported =
        bundle().exportBundle(lead(shifted, notUploaded), zip, "analyst-li");

    assertThat(exported.notes())
        .hasSize(2)
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains(VIP)
                    .contains("at offset " + shifted.offset() + " of " + shifted.file())
                    .contains("is unreadable"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains(HOME)
                    .contains("sitewatch-not-uploaded.warc.gz is missing from the object store"));
    assertThat(BundleFiles.read(zip)).doesNotContainKey("warc/pages.warc.gz");
    assertThat(EvidenceFixtures.verify(zip).problems()).isEmpty();
  }

  @Test
  void referenceOutsideTheConfiguredStoreIsRefusedNotFetched() throws IOException {
    Path copy = dir.resolve("copy.warc.gz");
    try (S3Store store = new S3Store(server.settings())) {
      try (var in =
          store.open(
              org.sitewatch.common.objectstore.S3Address.parse(vipInStore.file()).orElseThrow())) {
        var buffer = java.nio.ByteBuffer.allocate((int) in.size());
        while (buffer.hasRemaining() && in.read(buffer) >= 0) {}
        Files.write(copy, buffer.array());
      }
      // the same bytes, readable with the same credentials, but not where the crawler writes
      store.upload(copy, S3Location.parse("s3://other-bucket/warc").address("copy.warc.gz"));
      store.upload(copy, S3Location.parse("s3://evidence/private").address("copy.warc.gz"));
    }
    WarcRef otherBucket =
        withFile(vipInStore, "s3://other-bucket/warc/copy.warc.gz", vipInStore.offset());
    WarcRef outsidePrefix =
        withFile(vipInStore, "s3://evidence/private/copy.warc.gz", vipInStore.offset());
    Path zip = dir.resolve("lead.zip");

    BundleExporter.Exported exported =
        bundle().exportBundle(lead(otherBucket, outsidePrefix), zip, "analyst-li");

    assertThat(exported.notes())
        .hasSize(2)
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains(
                        "s3://other-bucket/warc/copy.warc.gz is not in the configured WARC store s3://evidence/warc"))
        .anySatisfy(
            n ->
                assertThat(n)
                    .contains(
                        "s3://evidence/private/copy.warc.gz is not in the configured WARC store s3://evidence/warc"));
    assertThat(exported.warcRecords()).isZero();
    assertThat(BundleFiles.read(zip)).doesNotContainKey("warc/pages.warc.gz");
  }

  private BundleExporter bundle() {
    return EvidenceFixtures.exporter(
        dataSource,
        new WarcStoreSource(
            new DirectoryWarcSource(folder),
            Optional.of(new S3WarcSource(new S3Store(server.settings()), WARCS))));
  }

  private static WarcRef withFile(WarcRef ref, String file, long offset) {
    return new WarcRef(
        file, offset, ref.length(), ref.recordId(), ref.blockDigest(), ref.payloadDigest());
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
    return leads.findBySite("example.cn").orElseThrow().id();
  }
}
