package org.sitewatch.sink.tips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sitewatch.sink.Verdicts.flagged;
import static org.sitewatch.sink.Verdicts.unflagged;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.intake.SinkSettings;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;

/**
 * The tip follower on a real broker and a real database, as the sink role: crawl outcomes and leads
 * move tips, the follow-up pass links, closes, opens by hand, counts, sends and erases.
 */
class TipFollowerIT {
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration GRACE = Duration.ofMinutes(2);
  private static final Duration RETRY = Duration.ofHours(6);
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final AtomicInteger RUNS = new AtomicInteger();

  private static EmbeddedKafka kafka;
  private static TestDatabase postgres;

  private TestDatabase.RoleDatabases db;
  private Jdbi admin;
  private final MutableClock clock = new MutableClock(T0);
  private Topics topics;
  private SinkSettings settings;
  private TipStore tips;
  private LeadStore leads;
  private TipFollower follower;
  private KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void startInfrastructure() {
    kafka = EmbeddedKafka.start();
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopInfrastructure() throws Exception {
    kafka.close();
    postgres.close();
  }

  @BeforeEach
  void setUp() {
    int run = RUNS.incrementAndGet();
    topics = Topics.withPrefix("tips-it-" + run + ".");
    kafka.createTopics(1, topics.crawlRequests(), topics.outcomes());
    db = postgres.roleDatabases();
    admin = Database.configure(Jdbi.create(db.admin()));
    settings =
        SinkSettings.builder()
            .groupId("tips-it-" + run)
            .pollTimeout(Duration.ofMillis(200))
            .tips(
                new TipSettings(
                    Duration.ofHours(1), GRACE, Duration.ofSeconds(30), RETRY, 2, RETENTION))
            .build();
    tips = new TipStore(db.tips(), clock, new Receipts(), RETENTION);
    leads = new LeadStore(db.sink(), clock);
    follower = new TipFollower(settings, db.sink(), kafka.clientProps(), topics, clock);
    producer =
        new KafkaProducer<>(kafka.clientProps(), new StringSerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void tearDown() {
    follower.close();
    producer.close();
  }

  @Test
  void aCrawledSiteThatIsFlaggedMakesItsTipsActionTakenAndRaisesTheLeadsPriority() {
    long tip = report("vip-videos.example");
    follower.start();
    publish(crawled("vip-videos.example", T0.plusSeconds(60), CrawlResult.OK));
    awaitStatus(tip, "REVIEWING");
    assertThat(row(tip).reason()).isEqualTo("crawled");

    leads.apply(flagged("vip-videos.example", 1, 0.5));
    int before = leadInt("vip-videos.example", "priority");
    follower.followOnce();

    Tip t = row(tip);
    assertThat(t.status()).isEqualTo("ACTION_TAKEN");
    assertThat(t.reason()).isEqualTo("lead");
    assertThat(t.leadId()).isEqualTo(leads.findBySite("vip-videos.example").orElseThrow().id());
    assertThat(leadInt("vip-videos.example", "tips")).isEqualTo(1);
    assertThat(leadInt("vip-videos.example", "priority")).isEqualTo(before + 5);

    // a second tip on the site: the lead counts both at once, but the tip says "action taken" only
    // once its own crawl ended, so a report is no instant answer to "is this site investigated?"
    long second = report("vip-videos.example");
    follower.followOnce();
    assertThat(row(second).status()).isEqualTo("RECEIVED");
    assertThat(leadInt("vip-videos.example", "tips")).isEqualTo(2);
    assertThat(leadInt("vip-videos.example", "priority")).isEqualTo(before + 10);
    publish(crawled("vip-videos.example", clock.instant().plusSeconds(60), CrawlResult.OK));
    awaitStatus(second, "REVIEWING");
    follower.followOnce();
    assertThat(row(second).status()).isEqualTo("ACTION_TAKEN");
    assertThat(events(tip))
        .containsExactly("RECEIVED//public", "REVIEWING/crawled/sink", "ACTION_TAKEN/lead/sink");
  }

  @Test
  void aCrawledSiteWithoutALeadAfterTheGraceIsNotActionableAndItsVerdictIsKept() {
    long tip = report("calm-pictures.example");
    long other = report("quiet-films.example");
    follower.start();
    publish(crawled("calm-pictures.example", T0.plusSeconds(60), CrawlResult.OK));
    awaitStatus(tip, "REVIEWING");
    leads.apply(unflagged("calm-pictures.example", 1, 0.1));
    leads.apply(unflagged("calm-pictures.example", 3, 0.2));
    leads.apply(unflagged("calm-pictures.example", 2, 0.3)); // older: not kept
    leads.apply(unflagged("never-reported.example", 1, 0.1)); // no tip: not kept

    clock.advance(GRACE); // one minute after the crawl: still within the grace
    follower.followOnce();
    assertThat(row(tip).status()).isEqualTo("REVIEWING");

    clock.advance(Duration.ofMinutes(1));
    follower.followOnce();
    assertThat(row(tip).status()).isEqualTo("NOT_ACTIONABLE");
    assertThat(row(tip).reason()).isEqualTo("not-flagged");
    assertThat(row(other).status()).isEqualTo("RECEIVED"); // never crawled: waits
    assertThat(texts("SELECT site || ':' || revision FROM tip_verdict", 0))
        .containsExactly("calm-pictures.example:3");
    assertThat(leads.findBySite("calm-pictures.example")).isEmpty();
  }

  @Test
  void anUnreachableSiteIsRetriedThenNotActionable() {
    long tip = report("far-away.example");
    tips.markSent(List.of(tip));
    follower.start();
    Instant firstEnd = T0.plusSeconds(60);
    publish(crawled("far-away.example", firstEnd, CrawlResult.UNREACHABLE));
    awaitStatus(tip, "REVIEWING");
    Tip t = row(tip);
    assertThat(t.reason()).isEqualTo("unreachable-retrying");
    assertThat(t.attempts()).isEqualTo(1);
    assertThat(t.retryAt()).isEqualTo(firstEnd.plus(RETRY));

    follower.followOnce();
    assertThat(follower.followOnce().retriesSent()).isZero();

    clock.advance(RETRY.plusSeconds(60));
    assertThat(follower.followOnce().retriesSent()).isEqualTo(1);
    assertThat(row(tip).retryAt()).isNull();
    assertThat(row(tip).sentAt()).isEqualTo(clock.instant());
    assertThat(requests("far-away.example"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.source()).isEqualTo(CrawlRequest.Source.TIP);
              assertThat(r.url()).isEqualTo("http://www.far-away.example/start");
            });

    publish(crawled("far-away.example", clock.instant().plusSeconds(30), CrawlResult.UNREACHABLE));
    awaitStatus(tip, "NOT_ACTIONABLE");
    assertThat(row(tip).reason()).isEqualTo("unreachable");
    assertThat(row(tip).attempts()).isEqualTo(2);
    assertThat(row(tip).retryAt()).isNull();
  }

  @Test
  void aSecondOutcomeOfTheSameCrawlIsNotAFurtherAttempt() {
    long tip = report("far-away.example");
    long marker = report("inner-host.example");
    follower.start();
    Instant end = T0.plusSeconds(60);
    publish(crawled("far-away.example", end, CrawlResult.UNREACHABLE, "crawl-requests:0:7:1"));
    awaitStatus(tip, "REVIEWING");
    assertThat(row(tip).attempts()).isEqualTo(1);

    // the same crawl's outcome once more, later (published again after the crawler's partition
    // moved); then another site's outcome, so the duplicate was read when that one's is applied
    publish(
        crawled(
            "far-away.example",
            end.plusSeconds(30),
            CrawlResult.UNREACHABLE,
            "crawl-requests:0:7:1"));
    publish(crawled("inner-host.example", end.plusSeconds(31), CrawlResult.REFUSED));
    awaitStatus(marker, "NOT_ACTIONABLE");

    Tip t = row(tip);
    assertThat(t.attempts()).as("one crawl, one attempt (of 2)").isEqualTo(1);
    assertThat(t.status()).isEqualTo("REVIEWING");
    assertThat(t.reason()).isEqualTo("unreachable-retrying");
    assertThat(t.retryAt()).isEqualTo(end.plus(RETRY));

    // another crawl of the site (its retry) is a further attempt
    publish(
        crawled(
            "far-away.example",
            end.plusSeconds(90),
            CrawlResult.UNREACHABLE,
            "crawl-requests:0:9:2"));
    awaitStatus(tip, "NOT_ACTIONABLE");
    assertThat(row(tip).attempts()).isEqualTo(2);
  }

  @Test
  void aRefusedSeedMakesTheTipNotActionableAtOnce() {
    long tip = report("inner-host.example");
    follower.start();
    publish(crawled("inner-host.example", T0.plusSeconds(60), CrawlResult.REFUSED));
    awaitStatus(tip, "NOT_ACTIONABLE");
    assertThat(row(tip).reason()).isEqualTo("refused");
  }

  @Test
  void aTipLeftUnsentIsRequestedExactlyOnceAndMarkedSent() {
    long tip = report("late-news.example");
    long sentByItsProcess = report("early-news.example");
    tips.markSent(List.of(sentByItsProcess));

    assertThat(follower.followOnce().requestsSent()).isZero(); // not late yet
    clock.advance(Duration.ofSeconds(31));
    assertThat(follower.followOnce().requestsSent()).isEqualTo(1);
    assertThat(follower.followOnce().requestsSent()).isZero();

    assertThat(row(tip).sentAt()).isEqualTo(clock.instant());
    assertThat(requests("late-news.example"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.source()).isEqualTo(CrawlRequest.Source.TIP);
              assertThat(r.priority()).isEqualTo(CrawlRequest.TIP_PRIORITY);
            });
    assertThat(requests("early-news.example")).isEmpty();
  }

  @Test
  void aDismissedLeadMakesItsTipsNotActionableAndAReopeningTakesThemBack() {
    long tip = report("vip-videos.example");
    follower.start();
    publish(crawled("vip-videos.example", T0.plusSeconds(60), CrawlResult.OK));
    awaitStatus(tip, "REVIEWING");
    leads.apply(flagged("vip-videos.example", 1, 0.8));
    follower.followOnce();
    assertThat(row(tip).status()).isEqualTo("ACTION_TAKEN");

    long lead = leads.findBySite("vip-videos.example").orElseThrow().id();
    LeadWorkflow workflow = new LeadWorkflow(db.analyst(), clock);
    workflow.perform(
        lead,
        LeadAction.DISMISS,
        ActionRequest.by("wang").withReason(DismissReason.FALSE_POSITIVE));
    follower.followOnce();
    assertThat(row(tip).status()).isEqualTo("NOT_ACTIONABLE");
    assertThat(row(tip).reason()).isEqualTo("lead-dismissed");
    follower.followOnce(); // settled: a further pass moves nothing
    assertThat(events(tip))
        .containsExactly(
            "RECEIVED//public",
            "REVIEWING/crawled/sink",
            "ACTION_TAKEN/lead/sink",
            "NOT_ACTIONABLE/lead-dismissed/sink");

    workflow.perform(lead, LeadAction.REOPEN, ActionRequest.by("wang"));
    follower.followOnce();
    assertThat(row(tip).status()).isEqualTo("ACTION_TAKEN");
    assertThat(row(tip).leadId()).isEqualTo(lead);
  }

  @Test
  void aLeadAskedForByHandIsOpenedFromTheKeptVerdict() {
    long tip = report("calm-pictures.example");
    leads.apply(unflagged("calm-pictures.example", 4, 0.3));
    // the workbench, as the analyst role: the tip is taken up by hand
    Jdbi analyst = Database.configure(Jdbi.create(db.analyst()));
    analyst.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE tip SET status = 'ACTION_TAKEN', status_reason = 'opened-by-hand',"
                      + " status_at = :at WHERE id = :id")
              .bind("id", tip)
              .bind("at", clock.instant())
              .execute();
          h.createUpdate(
                  "INSERT INTO tip_event (tip_id, status, reason, actor, at)"
                      + " VALUES (:id, 'ACTION_TAKEN', 'opened-by-hand', 'analyst-li', :at)")
              .bind("id", tip)
              .bind("at", clock.instant())
              .execute();
        });

    assertThat(follower.followOnce().openedByHand()).isEqualTo(1);

    long lead = leads.findBySite("calm-pictures.example").orElseThrow().id();
    assertThat(row(tip).leadId()).isEqualTo(lead);
    assertThat(row(tip).status()).isEqualTo("ACTION_TAKEN");
    assertThat(leadInt("calm-pictures.example", "tips")).isEqualTo(1);
    assertThat(texts("SELECT flagged::text FROM lead WHERE id = :id", lead))
        .containsExactly("false");
    assertThat(leads.history("calm-pictures.example"))
        .singleElement()
        .satisfies(e -> assertThat(e.revision()).isEqualTo(4));
    assertThat(texts("SELECT actor || ' ' || action FROM custody_entry WHERE lead_id = :id", lead))
        .containsExactly("analyst-li LEAD_OPENED");
    // nothing more on the next pass
    assertThat(follower.followOnce().openedByHand()).isZero();
  }

  @Test
  void contactDataIsErasedAfterItsRetentionAndTheTipStays() {
    long tip = report("vip-videos.example");
    follower.followOnce();
    assertThat(contacts()).isEqualTo(1);

    clock.advance(RETENTION.minusMinutes(1));
    assertThat(follower.followOnce().contactsErased()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(follower.followOnce().contactsErased()).isEqualTo(1);
    assertThat(contacts()).isZero();
    assertThat(row(tip).status()).isEqualTo("RECEIVED");
  }

  @Test
  void theFollowerPassesOverAnUnreadableOutcomeAndGoesOn() {
    long tip = report("vip-videos.example");
    follower.start();
    producer.send(
        new ProducerRecord<>(
            topics.outcomes(),
            "vip-videos.example",
            "{not an outcome".getBytes(StandardCharsets.UTF_8)));
    publish(
        Outcome.of(
            "vip-videos.example",
            "http://www.vip-videos.example/a",
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SKIPPED,
            "crawl-trap limit depth cut",
            T0.plusSeconds(30)));
    publish(crawled("vip-videos.example", T0.plusSeconds(60), CrawlResult.OK));

    awaitStatus(tip, "REVIEWING");
    assertThat(follower.isRunning()).isTrue();
  }

  @Test
  void closingStopsBothThreads() {
    follower.start();
    await().atMost(WAIT).until(follower::isRunning);
    assertThat(threads()).isNotEmpty();

    follower.close();

    assertThat(follower.isRunning()).isFalse();
    assertThat(threads()).isEmpty();
  }

  private List<String> threads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.startsWith("sitewatch-tip-follower")
                    || n.startsWith("sitewatch-tips-" + settings.groupId()))
        .toList();
  }

  // fixtures

  private long report(String site) {
    String url = "http://www." + site + "/start";
    NewReport report =
        new NewReport(
            List.of(new ReportedUrls.Url(url, site, "www." + site, "www." + site)),
            TipChannel.WEB,
            TipCategory.EXPLICIT,
            "a site with adult videos",
            Optional.of("reporter@example.org"),
            Optional.empty(),
            Optional.empty());
    return tips.record(report).tips().get(0).id();
  }

  private static Outcome crawled(String site, Instant at, CrawlResult result) {
    return crawled(site, at, result, null);
  }

  private static Outcome crawled(String site, Instant at, CrawlResult result, String crawlId) {
    return new Outcome(
        Outcome.VERSION,
        site,
        "http://www." + site + "/start",
        Outcome.Stage.CRAWLER,
        Outcome.Kind.SITE_CRAWLED,
        "crawled",
        at,
        crawlId == null
            ? Map.of("source", "TIP")
            : Map.of("source", "TIP", Outcome.CRAWL_ID, crawlId),
        result,
        null);
  }

  private void publish(Outcome o) {
    producer.send(
        new ProducerRecord<>(
            topics.outcomes(), o.site(), JsonSerde.of(Outcome.class).serialize(null, o)));
    producer.flush();
  }

  private record Tip(
      String status, String reason, Long leadId, int attempts, Instant retryAt, Instant sentAt) {}

  private Tip row(long id) {
    return admin.withHandle(
        h ->
            h.createQuery(
                    "SELECT status, status_reason, lead_id, crawl_attempts, retry_at, crawl_sent_at"
                        + " FROM tip WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new Tip(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getObject(3) == null ? null : rs.getLong(3),
                            rs.getInt(4),
                            instant(rs.getTimestamp(5)),
                            instant(rs.getTimestamp(6))))
                .one());
  }

  private static Instant instant(java.sql.Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private void awaitStatus(long tip, String status) {
    await().atMost(WAIT).until(() -> row(tip).status().equals(status));
  }

  private List<String> texts(String sql, long id) {
    List<String> rows =
        admin.withHandle(h -> h.createQuery(sql).bind("id", id).mapTo(String.class).list());
    return rows;
  }

  private List<String> events(long tip) {
    return admin.withHandle(
        h ->
            h.createQuery(
                    "SELECT status || '/' || reason || '/' || actor FROM tip_event"
                        + " WHERE tip_id = :id ORDER BY id")
                .bind("id", tip)
                .mapTo(String.class)
                .list());
  }

  private int leadInt(String site, String column) {
    return admin.withHandle(
        h ->
            h.createQuery("SELECT " + column + " FROM lead WHERE site = :site")
                .bind("site", site)
                .mapTo(Integer.class)
                .one());
  }

  private long contacts() {
    return admin.withHandle(
        h -> h.createQuery("SELECT count(*) FROM tip_contact").mapTo(Long.class).one());
  }

  /**
   * The crawl requests of a site on the topic: a marker is published after them, and the topic is
   * read up to the marker, so "none" and "exactly one" are both seen.
   */
  private List<CrawlRequest> requests(String site) {
    String marker = "zz-marker-" + RUNS.incrementAndGet() + ".example";
    try (KafkaProducer<String, CrawlRequest> p =
        new KafkaProducer<>(
            kafka.clientProps(), new StringSerializer(), JsonSerde.of(CrawlRequest.class))) {
      CrawlRequest m =
          new CrawlRequest(
              CrawlRequest.VERSION,
              "http://" + marker + "/",
              marker,
              CrawlRequest.Source.SEED,
              0,
              null,
              clock.instant());
      p.send(new ProducerRecord<>(topics.crawlRequests(), marker, m));
      p.flush();
    }
    List<CrawlRequest> read = new ArrayList<>();
    try (KafkaConsumer<String, CrawlRequest> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + marker,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            JsonSerde.of(CrawlRequest.class))) {
      consumer.subscribe(List.of(topics.crawlRequests()));
      await()
          .atMost(WAIT)
          .until(
              () -> {
                for (ConsumerRecord<String, CrawlRequest> r :
                    consumer.poll(Duration.ofMillis(200))) {
                  read.add(r.value());
                }
                return read.stream().anyMatch(r -> r.site().equals(marker));
              });
    }
    return read.stream().filter(r -> r.site().equals(site)).toList();
  }
}
