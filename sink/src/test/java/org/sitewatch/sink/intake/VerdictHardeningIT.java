package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.store.LeadStore;

/**
 * Verdicts an attacker or a broken stage can put on the topic, through the real sink consumer on a
 * real broker into PostgreSQL, as the sink role: long URLs and identifiers, forged revisions and
 * epochs, a classifier that lost its state, and replays.
 */
class VerdictHardeningIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  /** The classifier's state generation: created a day before NOW. */
  private static final long EPOCH = NOW.minus(Duration.ofDays(1)).toEpochMilli();

  private static final AtomicInteger RUNS = new AtomicInteger();

  private static EmbeddedKafka kafka;
  private static TestDatabase postgres;
  private static KafkaProducer<String, SiteVerdict> producer;

  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(NOW);
  private Topics topics;
  private TestDatabase.RoleDatabases db;
  private LeadStore leads;
  private LeadSink sink;

  @BeforeAll
  static void startInfrastructure() {
    kafka = EmbeddedKafka.start();
    postgres = TestDatabase.start();
    producer =
        new KafkaProducer<>(
            kafka.clientProps(), new StringSerializer(), JsonSerde.of(SiteVerdict.class));
  }

  @AfterAll
  static void stopInfrastructure() throws Exception {
    producer.close();
    kafka.close();
    postgres.close();
  }

  @BeforeEach
  void startTheSinkAsTheSinkRole() {
    int run = RUNS.incrementAndGet();
    topics = Topics.withPrefix("hardening" + run + ".");
    kafka.createTopics(1, topics.verdicts(), topics.outcomes());
    db = postgres.roleDatabases();
    leads = new LeadStore(db.analyst(), clock);
    sink =
        new LeadSink(
            new SinkSettings("hardening" + run, Duration.ofMillis(200)),
            db.sink(),
            kafka.clientProps(),
            topics,
            clock,
            (lead, result) -> heard.add(result + " " + lead.site() + " " + lead.revision()));
    sink.start();
  }

  @AfterEach
  void stopTheSink() {
    sink.close();
  }

  @Test
  void sitesWithUrlsAndIdentifiersOf4KbAnd64KbBecomeLeadsAndLaterVerdictsStillApply()
      throws SQLException {
    for (int size : new int[] {4 * 1024, 64 * 1024}) {
      String site = "long-" + size + ".example";
      // random characters: PostgreSQL compresses long values before indexing them, so a
      // repetitive URL would slip under the index row limit that real URLs exceed
      String url = longUrl(site, size);
      String qq = digits(size);
      send(verdict(site, 1, 0.7, url, qq));
      send(verdict(site, 2, 0.9, url, qq));
    }

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(heard)
                    .containsExactlyInAnyOrder(
                        "OPENED long-4096.example 1", "UPDATED long-4096.example 2",
                        "OPENED long-65536.example 1", "UPDATED long-65536.example 2"));
    for (int size : new int[] {4 * 1024, 64 * 1024}) {
      Lead lead = leads.findBySite("long-" + size + ".example").orElseThrow();
      assertThat(lead.revision()).isEqualTo(2);
      assertThat(lead.pages().get(0).url()).hasSize(size);
      assertThat(
              count(
                  "SELECT count(*) FROM lead_page_simhash WHERE lead_id = "
                      + lead.id()
                      + " AND length(url) = "
                      + size))
          .isEqualTo(1);
      assertThat(
              count(
                  "SELECT count(*) FROM lead_identifier WHERE lead_id = "
                      + lead.id()
                      + " AND length(value) = "
                      + size))
          .isEqualTo(1);
    }
    assertThat(readOutcomes()).isEmpty();
  }

  @Test
  void aVerdictWithOversizedConductReasonsOpensItsLeadWithBoundedReasonsAndSaysWhatWasCut() {
    List<ConductReason> reasons = new ArrayList<>();
    // as many as fit in a record (Kafka bounds a record to 1 MB): 100 reasons, each with a NUL
    // (which PostgreSQL's jsonb refuses) in a 3 KB snippet on a 4 KB URL
    for (int i = 0; i < 100; i++) {
      reasons.add(
          new ConductReason(
              "for-profit",
              "membership-price",
              "会员专区 VIP " + i + " 元\0" + "x".repeat(3 * 1024),
              longUrl("vip-videos.example", 4 * 1024)));
    }
    SiteVerdict v = verdict("vip-videos.example", 1, 0.8);
    SiteVerdict oversized =
        SiteVerdict.builder()
            .site(v.site())
            .revision(1)
            .flagged(true)
            .score(0.8)
            .pagesScored(v.pagesScored())
            .categories(v.categories())
            .signals(v.signals())
            .pages(v.pages())
            .lexiconVersion(v.lexiconVersion())
            .decidedAt(v.decidedAt())
            .conducts(v.conducts())
            .epoch(EPOCH)
            .conductReasons(reasons)
            .build();
    send(oversized);

    await().atMost(WAIT).until(() -> heard.contains("OPENED vip-videos.example 1"));
    Lead lead = leads.findBySite("vip-videos.example").orElseThrow();
    assertThat(lead.conductReasons()).hasSize(64);
    assertThat(lead.conductReasons().get(0).snippet())
        .startsWith("会员专区 VIP 0 元\uFFFDx")
        .hasSize(301)
        .endsWith("…");
    assertThat(lead.conductReasons().get(0).url()).isEmpty();
    Outcome trimmed = awaitOutcomes(1).get(0);
    assertThat(trimmed.kind()).isEqualTo(Outcome.Kind.OTHER);
    assertThat(trimmed.details()).containsEntry("kind", "trimmed");
    assertThat(trimmed.reason())
        .startsWith("verdict conduct reasons trimmed: 36 of 100 reasons dropped")
        .contains("64 page URL(s) longer than 2048 characters emptied");

    // a replay changes nothing and says nothing again; the next site's trim is the next outcome
    send(oversized);
    SiteVerdict other = verdict("other-videos.example", 1, 0.8);
    send(
        SiteVerdict.builder()
            .site(other.site())
            .revision(1)
            .flagged(true)
            .score(0.8)
            .pagesScored(other.pagesScored())
            .decidedAt(other.decidedAt())
            .conducts(other.conducts())
            .epoch(EPOCH)
            .conductReasons(reasons)
            .build());
    await().atMost(WAIT).until(() -> heard.contains("OPENED other-videos.example 1"));
    assertThat(awaitOutcomes(2))
        .extracting(Outcome::site)
        .startsWith("vip-videos.example", "other-videos.example");
  }

  @Test
  void aForgedVerdictWithTheLargestRevisionIsRefusedAndDoesNotFreezeTheLead() {
    send(verdict("vip-videos.example", 1, 0.7));
    send(verdict("vip-videos.example", Long.MAX_VALUE, 0.01));
    send(verdict("vip-videos.example", 2, 0.8));

    await().atMost(WAIT).until(() -> heard.contains("UPDATED vip-videos.example 2"));
    Lead lead = leads.findBySite("vip-videos.example").orElseThrow();
    assertThat(lead.score()).isEqualTo(0.8);
    Outcome refused = awaitOutcomes(1).get(0);
    assertThat(refused.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
    assertThat(refused.reason()).startsWith("verdict refused: revision " + Long.MAX_VALUE);
    assertThat(refused.details()).containsEntry("revision", Long.toString(Long.MAX_VALUE));
    assertThat(leads.history("vip-videos.example"))
        .extracting(LeadEvent::revision)
        .containsExactly(1L, 2L);
  }

  @Test
  void anEpochTooFarInTheFutureIsRefusedAndLeavesTheLeadAsItWas() {
    send(verdict("vip-videos.example", 1, 0.7));
    long future = NOW.plus(Duration.ofHours(2)).toEpochMilli();
    send(withEpoch(verdict("vip-videos.example", 1, 0.01), future));
    send(verdict("vip-videos.example", 2, 0.8));

    await().atMost(WAIT).until(() -> heard.contains("UPDATED vip-videos.example 2"));
    assertThat(awaitOutcomes(1).get(0).reason()).startsWith("verdict refused: epoch " + future);
    assertThat(leads.findBySite("vip-videos.example").orElseThrow().score()).isEqualTo(0.8);
  }

  @Test
  void aClassifierThatLostItsStateStartsANewEpochAndStillUpdatesTheLead() {
    send(verdict("vip-videos.example", 40, 0.7));
    long restarted = NOW.minus(Duration.ofMinutes(5)).toEpochMilli();
    send(withEpoch(verdict("vip-videos.example", 1, 0.9), restarted));
    await().atMost(WAIT).until(() -> heard.contains("UPDATED vip-videos.example 1"));
    // a late copy from the old generation changes nothing, and is reported
    send(verdict("vip-videos.example", 41, 0.2));
    send(withEpoch(verdict("vip-videos.example", 2, 0.95), restarted));

    await().atMost(WAIT).until(() -> heard.contains("UPDATED vip-videos.example 2"));
    assertThat(heard)
        .containsExactly(
            "OPENED vip-videos.example 40",
            "UPDATED vip-videos.example 1",
            "UPDATED vip-videos.example 2");
    assertThat(leads.findBySite("vip-videos.example").orElseThrow().score()).isEqualTo(0.95);
    assertThat(awaitOutcomes(1).get(0).reason())
        .startsWith("verdict refused: epoch ")
        .contains("is older than the lead's epoch " + restarted);
  }

  @Test
  void aReplayedVerdictAddsNoHistoryNoCustodyAndNoPageCount() throws SQLException {
    SiteVerdict first = verdict("vip-videos.example", 1, 0.7);
    send(first);
    send(first); // at-least-once: the same record again
    // the classifier re-processed the same pages: a new revision, the same evidence, more pages
    send(copy(first, 2, 3 * first.pagesScored()));
    send(verdict("vip-videos.example", 3, 0.9)); // real news afterwards

    await().atMost(WAIT).until(() -> heard.contains("UPDATED vip-videos.example 3"));
    assertThat(heard)
        .containsExactly("OPENED vip-videos.example 1", "UPDATED vip-videos.example 3");
    long id = leads.findBySite("vip-videos.example").orElseThrow().id();
    assertThat(count("SELECT count(*) FROM lead_event WHERE lead_id = " + id)).isEqualTo(2);
    assertThat(
            count(
                "SELECT count(*) FROM custody_entry WHERE lead_id = "
                    + id
                    + " AND action = 'LEAD_UPDATED'"))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM custody_entry WHERE lead_id = "
                    + id
                    + " AND action = 'LEAD_OPENED'"))
        .isEqualTo(1);
  }

  @Test
  void aReplayDoesNotInflateThePageCount() throws SQLException {
    SiteVerdict first = verdict("vip-videos.example", 1, 0.7);
    send(first);
    send(copy(first, 2, 3 * first.pagesScored()));
    send(verdict("other-site.example", 1, 0.7)); // a marker: everything before it is consumed

    await().atMost(WAIT).until(() -> heard.contains("OPENED other-site.example 1"));
    assertThat(count("SELECT pages_scored FROM lead WHERE site = 'vip-videos.example'"))
        .isEqualTo(first.pagesScored());
    assertThat(count("SELECT revision FROM lead WHERE site = 'vip-videos.example'")).isEqualTo(2);
  }

  private static SiteVerdict verdict(String site, long revision, double score) {
    return verdict(site, revision, score, "https://" + site + "/vip", "10001");
  }

  private static SiteVerdict verdict(
      String site, long revision, double score, String url, String qq) {
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        revision,
        true,
        score,
        3,
        List.of("explicit"),
        List.of(
            new SignalHit(
                "kw.zh.explicit.seqing", "explicit", 0.6, 2, "免费在线 视频 每日更新 score " + score, url)),
        List.of(
            new PageRef(
                url, score, "ab".repeat(32), NOW.minusSeconds(60), "0123456789abcdef", null)),
        "lex-1",
        NOW.minusSeconds(30),
        List.of("for-profit"),
        List.of(
            new Identifier(
                "qq", qq, "QQ " + qq.substring(0, Math.min(5, qq.length())), url, Map.of())),
        List.of(),
        EPOCH);
  }

  private static SiteVerdict withEpoch(SiteVerdict v, long epoch) {
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
        epoch);
  }

  private static SiteVerdict copy(SiteVerdict v, long revision, int pagesScored) {
    return new SiteVerdict(
        v.v(),
        v.site(),
        revision,
        v.flagged(),
        v.score(),
        pagesScored,
        v.categories(),
        v.signals(),
        v.pages(),
        v.lexiconVersion(),
        v.decidedAt().plusSeconds(5),
        v.conducts(),
        v.identifiers(),
        v.findings(),
        v.epoch());
  }

  private static String longUrl(String site, int size) {
    String prefix = "https://" + site + "/page?q=";
    java.util.Random random = new java.util.Random(size);
    StringBuilder url = new StringBuilder(prefix);
    String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
    while (url.length() < size) {
      url.append(chars.charAt(random.nextInt(chars.length())));
    }
    return url.toString();
  }

  private static String digits(int size) {
    java.util.Random random = new java.util.Random(-size);
    StringBuilder digits = new StringBuilder();
    while (digits.length() < size) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  private void send(SiteVerdict verdict) {
    try {
      producer.send(new ProducerRecord<>(topics.verdicts(), verdict.site(), verdict)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Outcome> awaitOutcomes(int count) {
    List<Outcome> seen = new ArrayList<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              seen.clear();
              seen.addAll(readOutcomes());
              return seen.size() >= count;
            });
    return seen;
  }

  private List<Outcome> readOutcomes() {
    List<Outcome> read = new ArrayList<>();
    try (KafkaConsumer<String, Outcome> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            JsonSerde.of(Outcome.class))) {
      consumer.subscribe(List.of(topics.outcomes()));
      long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < until) {
        for (ConsumerRecord<String, Outcome> r : consumer.poll(Duration.ofMillis(200))) {
          read.add(r.value());
        }
      }
    }
    return read;
  }

  private long count(String sql) throws SQLException {
    try (Connection c = db.admin().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
