package org.sitewatch.infra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.demo.DemoFarm;
import org.sitewatch.infra.demo.FarmSite;
import org.sitewatch.sink.lead.Lead;

/**
 * The whole pipeline on a real (in-process) Kafka broker, a real embedded PostgreSQL and the demo
 * farm on loopback: the exact set of sites that become leads, and replays that change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIT {
  private DemoFarm farm;
  private LocalPipeline pipeline;
  private SitewatchConfig config;
  private Set<String> seededSites;
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> openedLeads = new ConcurrentLinkedQueue<>();

  @BeforeAll
  void crawlTheWholeFarm(@TempDir Path dir) throws Exception {
    farm = DemoFarm.start(InetAddress.getLoopbackAddress(), 0);
    Map<String, String> settings = new HashMap<>();
    settings.put("local.data-dir", dir.toString());
    settings.put("crawler.warc-dir", dir.resolve("warc").toString());
    settings.put("crawler.allow-private-addresses", "true");
    settings.put("crawler.only-resolved-hosts", "true");
    settings.put("crawler.politeness-delay", "50ms");
    settings.put("local.idle-quiet-period", "1s");
    settings.put("local.idle-timeout", "4m");
    settings.put(
        "crawler.resolve",
        farm.resolveTable().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(",")));
    config = ConfigLoader.load(Optional.empty(), Map.of(), settings);
    pipeline =
        LocalPipeline.start(
            config,
            Clock.systemUTC(),
            new PipelineListener() {
              @Override
              public void onLead(Lead lead, org.sitewatch.sink.lead.ApplyResult result) {
                if (result == org.sitewatch.sink.lead.ApplyResult.OPENED) {
                  openedLeads.add(lead.site());
                }
              }

              @Override
              public void onOutcome(Outcome outcome) {
                outcomes.add(outcome);
              }
            });
    seededSites =
        pipeline.seed(farm.sites().stream().map(farm::seedUrl).toList(), CrawlRequest.Source.SEED);
    assertThat(pipeline.awaitIdle(seededSites, config.local().idleTimeout()))
        .as("pipeline drained; outcomes so far: %s", pipeline.outcomeCounts())
        .isTrue();
  }

  @AfterAll
  void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (farm != null) {
      farm.close();
    }
  }

  @Test
  void exactlyTheAdultLookingSitesBecomeLeads() {
    Set<String> expected =
        farm.sites().stream()
            .filter(FarmSite::expectLead)
            .map(s -> Sites.siteOf(farm.seedUrl(s)))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> actual =
        pipeline.leads().stream().map(Lead::site).collect(Collectors.toCollection(TreeSet::new));
    assertThat(expected).hasSizeGreaterThanOrEqualTo(5);
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void everySeededSiteIsCrawledExactlyOnce() {
    Map<String, Long> crawled =
        outcomes.stream()
            .filter(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
            .collect(Collectors.groupingBy(Outcome::site, Collectors.counting()));
    assertThat(crawled.keySet()).containsExactlyInAnyOrderElementsOf(seededSites);
    assertThat(crawled.values()).allMatch(n -> n == 1);
    assertThat(outcomes).noneMatch(o -> o.kind() == Outcome.Kind.BAD_RECORD);
  }

  @Test
  void leadsCarryTheirEvidence() {
    for (Lead lead : pipeline.leads()) {
      assertThat(lead.score()).isGreaterThanOrEqualTo(config.classifier().siteThreshold());
      assertThat(lead.signals()).as("signals of %s", lead.site()).isNotEmpty();
      assertThat(lead.signals())
          .allSatisfy(
              s -> {
                assertThat(s.snippet()).isNotBlank();
                assertThat(s.url()).contains(lead.site());
              });
      assertThat(lead.pages())
          .as("pages of %s", lead.site())
          .isNotEmpty()
          .allSatisfy(p -> assertThat(p.bodySha256()).hasSize(64));
      assertThat(lead.categories()).isNotEmpty();
    }
  }

  @Test
  void everyLeadKeepsTheTraceIdOfACrawlRequestForItsSiteAndEveryStageMetered() throws Exception {
    Map<String, Set<String>> tracesBySite = new HashMap<>();
    JsonSerde<CrawlRequest> requests = JsonSerde.of(CrawlRequest.class);
    for (ConsumerRecord<byte[], byte[]> r : readAll(config.topics().crawlRequests())) {
      CrawlRequest request = requests.deserialize(r.topic(), r.value());
      assertThat(request.traceId()).as("request for %s", request.url()).isNotNull();
      tracesBySite.computeIfAbsent(request.site(), k -> new TreeSet<>()).add(request.traceId());
    }
    Map<String, String> leadTraces = new HashMap<>();
    try (var db = org.sitewatch.infra.db.Database.external(pipeline.analystLogin());
        var c = db.dataSource().getConnection();
        var rs = c.createStatement().executeQuery("SELECT site, trace_id FROM lead")) {
      while (rs.next()) {
        leadTraces.put(rs.getString(1), rs.getString(2));
      }
    }
    assertThat(leadTraces).isNotEmpty();
    leadTraces.forEach(
        (site, trace) ->
            assertThat(tracesBySite.getOrDefault(site, Set.of()))
                .as("trace of the lead of %s", site)
                .contains(trace));

    var meters = pipeline.meters();
    assertThat(meters.get("sitewatch.sink.leads").tag("result", "OPENED").counter().count())
        .isEqualTo(leadTraces.size());
    assertThat(meters.get("sitewatch.fetch.to.lead").timer().count())
        .isGreaterThanOrEqualTo(leadTraces.size());
    assertThat(meters.get("sitewatch.classifier.pages").counter().count()).isPositive();
    assertThat(meters.get("sitewatch.fetch.to.verdict").timer().count()).isPositive();
    assertThat(meters.find("sitewatch.consumer.lag").gauges())
        .extracting(g -> g.getId().getTag("stage"))
        .contains("crawler", "classifier", "sink");
  }

  @Test
  void everyLeadExportsABundleWhoseWarcRecordsTheCrawlerWroteVerify(@TempDir Path out)
      throws Exception {
    try (var db = org.sitewatch.infra.db.Database.external(pipeline.analystLogin())) {
      exportAndVerifyEveryLead(db.dataSource(), out);
    }
  }

  @Test
  void theLocalDatabaseWantsPasswordsAndTheAnalystCannotRewriteHistory() throws Exception {
    // no trust any more: the superuser without a password (what any local user could do) is refused
    assertThatThrownBy(
            () -> java.sql.DriverManager.getConnection(pipeline.jdbcUrl(), "postgres", "").close())
        .isInstanceOf(java.sql.SQLException.class)
        .hasMessageContaining("password");
    assertThatThrownBy(
            () ->
                java.sql.DriverManager.getConnection(pipeline.jdbcUrl(), "postgres", "guess")
                    .close())
        .isInstanceOf(java.sql.SQLException.class)
        .hasMessageContaining("password authentication failed");
    // the analyst logs in with the password generated for this run, as written for --config
    var login = pipeline.analystLogin();
    assertThat(login.username()).isEqualTo("sitewatch_analyst");
    Path file = config.local().dataDir().toAbsolutePath().resolve("analyst-login.properties");
    assertThat(java.nio.file.Files.readString(file)).contains("db.password=" + login.password());
    try (var c =
            java.sql.DriverManager.getConnection(
                login.jdbcUrl(), login.username(), login.password());
        var s = c.createStatement()) {
      var rs = s.executeQuery("SELECT count(*) FROM lead_event");
      rs.next();
      assertThat(rs.getLong(1)).isPositive();
      assertThatThrownBy(() -> s.execute("DELETE FROM lead_event"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("UPDATE lead SET score = 0"))
          .hasMessageContaining("permission denied");
      assertThatThrownBy(() -> s.execute("CREATE TABLE scratch (x int)"))
          .hasMessageContaining("permission denied");
    }
  }

  private void exportAndVerifyEveryLead(javax.sql.DataSource db, Path out) throws Exception {
    // as `evidence export` does without evidence.signing-key: a local key kept in the data folder
    var key =
        org.sitewatch.sink.evidence.signing.SigningKey.loadOrCreate(
            org.sitewatch.infra.config.Sections.Evidence.localKeyDir(config.local().dataDir()));
    var review = config.sink().review();
    var bundles =
        org.sitewatch.sink.evidence.bundle.BundleExporter.builder()
            .dataSource(db)
            .clock(Clock.systemUTC())
            .sitewatchVersion("test")
            .signingKey(key)
            .leads(new org.sitewatch.sink.store.LeadStore(db, Clock.systemUTC(), review))
            .custody(new org.sitewatch.sink.evidence.custody.CustodyLog(db, Clock.systemUTC()))
            .operations(new org.sitewatch.sink.operations.Operations(db, Clock.systemUTC(), review))
            .warcs(
                new org.sitewatch.sink.evidence.warc.DirectoryWarcSource(
                    config.evidence().warcDir()))
            .build();
    var verifier =
        new org.sitewatch.sink.evidence.verify.BundleVerifier(
                List.of(org.sitewatch.sink.evidence.signing.TrustedKey.of(key, "local key")),
                org.sitewatch.sink.evidence.verify.BundleLimits.DEFAULTS)
            .withCustodyLog(
                new org.sitewatch.sink.evidence.custody.CustodyLog(db, Clock.systemUTC()),
                "the pipeline's database");
    for (Lead lead : pipeline.leads()) {
      assertThat(lead.pages())
          .as("pages of %s", lead.site())
          .allSatisfy(p -> assertThat(p.warc()).as("WARC reference of %s", p.url()).isNotNull());
      Path zip = out.resolve(lead.site() + ".zip");
      var exported = bundles.exportBundle(lead.id(), zip, "pipeline-it");
      assertThat(exported.notes()).as("pages of %s without WARC records", lead.site()).isEmpty();
      assertThat(exported.warcRecords()).isGreaterThanOrEqualTo(lead.pages().size());
      var report = verifier.verify(zip);
      assertThat(report.problems()).as("verification of %s", lead.site()).isEmpty();
      assertThat(report.intact()).isTrue();
      assertThat(report.anchor()).contains("which records this export");
    }
  }

  @Test
  void everyLeadOpenedExactlyOnce() {
    List<String> opened = new ArrayList<>(openedLeads);
    assertThat(opened).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(opened))
        .isEqualTo(
            pipeline.leads().stream()
                .map(Lead::site)
                .collect(Collectors.toCollection(TreeSet::new)));
  }

  @Test
  void replayingEveryVerdictOpensNoDuplicateLeadAndChangesNothing() throws Exception {
    List<Lead> before = pipeline.leads();
    Map<String, Integer> historyBefore = history(before);
    List<ConsumerRecord<byte[], byte[]>> verdicts = readAll(config.topics().verdicts());
    assertThat(verdicts).isNotEmpty();
    Map<String, Object> props = Map.of("bootstrap.servers", pipeline.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int round = 0; round < 2; round++) {
        for (ConsumerRecord<byte[], byte[]> r : verdicts) {
          producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
        }
      }
      producer.flush();
    }
    assertThat(pipeline.awaitIdle(seededSites, Duration.ofMinutes(1))).isTrue();
    List<Lead> after = pipeline.leads();
    assertThat(after).hasSameSizeAs(before);
    assertThat(after)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyInAnyOrderElementsOf(before);
    assertThat(history(after)).isEqualTo(historyBefore);
  }

  private Map<String, Integer> history(List<Lead> leads) {
    Map<String, Integer> sizes = new HashMap<>();
    for (Lead lead : leads) {
      sizes.put(lead.site(), pipeline.leadHistory(lead.site()).size());
    }
    return sizes;
  }

  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", pipeline.bootstrapServers());
    props.put("group.id", "test-reader-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      int emptyPolls = 0;
      while (emptyPolls < 5) {
        var batch = consumer.poll(Duration.ofMillis(500));
        if (batch.isEmpty()) {
          emptyPolls++;
        } else {
          emptyPolls = 0;
          batch.forEach(records::add);
        }
      }
    }
    return records;
  }
}
