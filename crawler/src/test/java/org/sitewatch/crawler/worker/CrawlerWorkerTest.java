package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.crawl.CrawlJob;
import org.sitewatch.crawler.crawl.CrawlJobFactory;
import org.sitewatch.crawler.crawl.SiteReport;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.Emitter;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.crawler.state.CrawlStateStore;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;

/**
 * The worker's consumer logic (offsets, rebalances, idleness, failures, close) against Kafka's
 * {@link MockConsumer}, with crawls the test starts and ends at will. Rebalances run as poll tasks,
 * so that the listener runs on the consumer thread as it does with a real consumer.
 */
class CrawlerWorkerTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final Topics TOPICS = Topics.withPrefix("unit.");
  private static final String TOPIC = TOPICS.crawlRequests();
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final CloseBudget SHORT =
      new CloseBudget(
          Duration.ofMillis(300),
          Duration.ofMillis(300),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofSeconds(3),
          Duration.ofSeconds(1));

  @TempDir Path workDir;

  private final TestConsumer consumer = new TestConsumer();
  private final RecordingOutput output = new RecordingOutput();
  private final ControlledCrawls crawls = new ControlledCrawls();
  private CrawlerWorker worker;

  @AfterEach
  void closeWorker() {
    crawls.releaseAll();
    if (worker != null) {
      worker.close();
    }
  }

  @Test
  void aCrawlWhosePartitionIsRevokedStopsAndItsRequestIsCrawledOnceByTheNextOwner()
      throws Exception {
    crawls.hold("alpha-shop.test");
    start(record(0, "alpha-shop.test"));
    await().until(() -> crawls.started.contains("alpha-shop.test"));

    // an eager rebalance takes the partition away (its next owner, here this worker again, reads
    // its state once the revocation ended) and gives it back: offset 0 comes again
    onConsumerThread(
        () -> {
          consumer.rebalance(List.of());
          consumer.rebalance(List.of(P0));
          consumer.addRecord(record(0, "alpha-shop.test"));
        });
    await().until(worker::isIdle);

    assertThat(crawls.started)
        .as("stopped when revoked, crawled by the partition's next owner")
        .containsExactly("alpha-shop.test", "alpha-shop.test");
    assertThat(output.kinds()).containsExactly(Outcome.Kind.SITE_CRAWLED);
    assertThat(committed()).isEqualTo(1);
  }

  @Test
  void onlyCommitsARedeliveredRequestWhoseWorkFinishedBeforeThePartitionCameBack()
      throws Exception {
    crawls.hold("alpha-shop.test");
    start(record(0, "alpha-shop.test"), record(1, "beta-news.test"));
    await().until(() -> output.siteCrawled().contains("beta-news.test"));
    assertThat(committed()).as("offset 0 still runs").isZero();

    onConsumerThread(
        () -> {
          consumer.rebalance(List.of());
          consumer.rebalance(List.of(P0));
          consumer.addRecord(record(0, "alpha-shop.test"));
          consumer.addRecord(record(1, "beta-news.test"));
        });
    afterOnePass();
    crawls.release("alpha-shop.test");
    await().until(worker::isIdle);

    assertThat(output.kinds())
        .containsExactly(Outcome.Kind.SITE_CRAWLED, Outcome.Kind.SITE_CRAWLED);
    assertThat(output.siteCrawled()).containsExactlyInAnyOrder("alpha-shop.test", "beta-news.test");
    assertThat(crawls.started)
        .as("beta is only committed; alpha, stopped when revoked, is crawled again")
        .containsExactlyInAnyOrder("alpha-shop.test", "beta-news.test", "alpha-shop.test");
    assertThat(committed()).isEqualTo(2);
  }

  @Test
  void isNotIdleWhileFinishedWorkIsBeingCommitted() throws Exception {
    crawls.hold("alpha-shop.test");
    start(record(0, "alpha-shop.test"));
    await().until(() -> crawls.started.contains("alpha-shop.test"));
    afterOnePass();
    afterOnePass(); // some passes with empty polls while the crawl runs
    consumer.holdCommitOf(1);
    crawls.release("alpha-shop.test");
    assertThat(consumer.commitHeld.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(worker.isIdle()).as("idle while committing the finished crawl").isFalse();

    consumer.releaseCommit();
    await().until(worker::isIdle);
    assertThat(committed()).as("idle only after the commit").isEqualTo(1);
    assertThat(output.flushes).as("flushed before committing").isPositive();
  }

  @Test
  void reportsTheFailureAndIsNeitherRunningNorIdleOnceTheConsumerThreadDies() {
    output.failFlushWith(
        new IllegalStateException("a crawler output record could not be published"));
    start(record(0, "alpha-shop.test"));

    await().until(() -> !worker.isRunning());
    assertThat(worker.failure())
        .get()
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
        .hasMessageContaining("could not be published");
    assertThat(worker.isIdle()).isFalse();
    assertThat(committed()).as("nothing committed past lost output").isNull();
  }

  @Test
  void aCrawlWhoseOutputCouldNotBePublishedSaysSoInItsOutcomeAndIsNotCommitted() {
    // the output fails while the crawl runs (failing it before, the worker could stop first and
    // the crawl, cut short by the stop, is then rightly left unreported to the next worker)
    crawls.hold("alpha-shop.test");
    start(record(0, "alpha-shop.test"));
    await().until(() -> crawls.started.contains("alpha-shop.test"));
    output.failFlushWith(
        new IllegalStateException("a crawler output record could not be published"));
    crawls.release("alpha-shop.test");

    await().until(() -> output.siteCrawled().size() == 1 && !worker.isRunning());
    assertThat(output.outcomes)
        .filteredOn(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.details())
                    .containsEntry(SiteCrawledOutcome.PUBLISH, SiteCrawledOutcome.PUBLISH_FAILED));
    Long committed = committed();
    assertThat(committed == null ? 0L : committed)
        .as("nothing committed past lost output (the record at offset 0)")
        .isZero();
  }

  @Test
  void aCrawlWhoseOutputIsDeliveredCarriesNoPublishProblem() {
    start(record(0, "alpha-shop.test"));

    await().until(() -> output.siteCrawled().size() == 1 && worker.isIdle());
    assertThat(output.outcomes)
        .filteredOn(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
        .singleElement()
        .satisfies(o -> assertThat(o.details()).doesNotContainKey(SiteCrawledOutcome.PUBLISH));
  }

  @Test
  void closingWithUnacknowledgedOutputCommitsNothingAndClosesTheClientsWithoutWaiting() {
    crawls.holdFinishingWhenStopped("alpha-shop.test");
    start(record(0, "alpha-shop.test"));
    await().until(() -> crawls.started.contains("alpha-shop.test"));
    await().until(() -> Long.valueOf(0).equals(committed()));
    output.blockFlushesUntilClosed(); // the broker goes away

    worker.close(); // stops the crawl, which then counts as done, but its output is not acked

    assertThat(worker.isRunning()).isFalse();
    assertThat(output.closed).isTrue();
    assertThat(consumer.closed()).isTrue();
    assertThat(committed()).as("left to the next worker").isZero();
    assertThat(output.outcomes)
        .filteredOn(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.details())
                    .containsEntry(
                        SiteCrawledOutcome.PUBLISH, SiteCrawledOutcome.PUBLISH_UNCONFIRMED));
  }

  @Test
  void aCrawlStoppedWithTheWorkerIsNotReportedAndItsRequestIsLeftToTheNextWorker() {
    crawls.hold("alpha-shop.test");
    start(record(0, "alpha-shop.test"));
    await().until(() -> crawls.started.contains("alpha-shop.test"));
    await().until(() -> Long.valueOf(0).equals(committed()));

    worker.close(); // the crawl is cut short: not the site's result

    assertThat(output.siteCrawled()).isEmpty();
    assertThat(committed()).as("left to the next worker").isZero();
  }

  @Test
  void isRunningFromStartUntilCloseWithoutAFailure() {
    start();
    assertThat(worker.isRunning()).isTrue();
    await().until(worker::isIdle);
    worker.close();
    assertThat(worker.isRunning()).isFalse();
    assertThat(worker.isIdle()).isFalse();
    assertThat(worker.failure()).isEmpty();
  }

  @Test
  void reportsARequestWhoseSiteIsNotTheSiteOfItsUrlAsABadRecordAndDoesNotCrawlIt() {
    CrawlRequest lying = CrawlRequest.seed("http://www.beta-news.test/", "alpha-shop.test", NOW);
    start(
        new ConsumerRecord<>(
            TOPIC,
            0,
            0,
            "alpha-shop.test",
            JsonSerde.of(CrawlRequest.class).serialize(TOPIC, lying)));

    await().until(worker::isIdle);
    assertThat(output.outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
              assertThat(o.site()).isEqualTo("alpha-shop.test");
              assertThat(o.reason())
                  .contains("'alpha-shop.test'")
                  .contains("http://www.beta-news.test/")
                  .contains("'beta-news.test'");
            });
    assertThat(crawls.started).isEmpty();
    assertThat(committed()).isEqualTo(1);
  }

  @Test
  void countsUnreadableAndSelfContradictingRequestsAsRejectedByReason() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CrawlRequest lying = CrawlRequest.seed("http://www.beta-news.test/", "alpha-shop.test", NOW);
    worker =
        CrawlerWorker.builder(CrawlerSettings.defaults(workDir), TOPICS)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .jobs(crawls)
            .clients(consumer, output)
            .closeBudget(SHORT)
            .metrics(new CrawlerMetrics(registry))
            .build();
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          consumer.addRecord(
              new ConsumerRecord<>(
                  TOPIC, 0, 0, "x.test", "{not json".getBytes(StandardCharsets.UTF_8)));
          consumer.addRecord(
              new ConsumerRecord<>(
                  TOPIC,
                  0,
                  1,
                  "alpha-shop.test",
                  JsonSerde.of(CrawlRequest.class).serialize(TOPIC, lying)));
        });
    worker.start();

    await().until(worker::isIdle);
    assertThat(rejected(registry, "unreadable")).isEqualTo(1.0);
    assertThat(rejected(registry, "inconsistent")).isEqualTo(1.0);
    assertThat(crawls.started).isEmpty();
  }

  private static double rejected(SimpleMeterRegistry registry, String reason) {
    var counter =
        registry
            .find("sitewatch.records.rejected")
            .tags("stage", "crawler", "topic", TOPIC, "reason", reason)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void retriesTheFinalCommitOnceWhenAPendingWakeupInterruptsIt() {
    crawls.holdFinishingWhenStopped("alpha-shop.test");
    start(record(0, "alpha-shop.test"));
    await().until(() -> crawls.started.contains("alpha-shop.test"));
    await().until(() -> Long.valueOf(0).equals(committed()));

    consumer.wakeUpNextCommit();
    worker.close(); // stops the crawl, which then counts as done

    assertThat(committed()).isEqualTo(1);
    assertThat(output.siteCrawled()).containsExactly("alpha-shop.test");
  }

  @Test
  void closeForceClosesTheClientsEndsTheConsumerThreadAndLeavesNoNonDaemonThreadWhenWorkHangs() {
    crawls.holdFinishingWhenStopped("alpha-shop.test");
    crawls.hangIgnoringStopAndInterrupt("beta-news.test");
    start(record(0, "alpha-shop.test"), record(1, "beta-news.test"));
    await().until(() -> crawls.started.size() == 2);
    await().until(() -> Long.valueOf(0).equals(committed()));
    // the broker stops answering: the final commit's flush only ends when the producer is closed
    output.blockFlushesUntilClosed();

    // close() is bounded by its budget (join + forced wait); the guard only keeps a hang short
    assertTimeoutPreemptively(Duration.ofSeconds(60), worker::close);

    assertThat(output.closed).as("force-closed by close()").isTrue();
    Thread consumerThread = output.blockedFlusher;
    assertThat(consumerThread).as("the final commit flushed").isNotNull();
    await().until(() -> !consumerThread.isAlive());
    assertThat(consumer.closed()).isTrue();
    assertThat(siteThreads()).as("the hanging crawl").isNotEmpty().allMatch(Thread::isDaemon);
    assertThat(committed()).as("nothing committed past unflushed output").isZero();
  }

  @Test
  void deletesFrontierFoldersLeftByAnEarlierRunWhenStarting() throws Exception {
    Path stale = Files.createDirectories(workDir.resolve("site-alpha-shop.test-123/frontier"));
    Files.writeString(stale.resolve("frontier.data"), "old");
    Path other = Files.createDirectories(workDir.resolve("kafka"));
    start();
    assertThat(workDir.resolve("site-alpha-shop.test-123")).doesNotExist();
    assertThat(other).exists();
  }

  @Test
  void asksForTheCooperativeStickyAssignorUnlessTheGroupProtocolOrAStrategyIsGiven() {
    CrawlerSettings settings = CrawlerSettings.defaults(workDir);
    assertThat(WorkerClients.consumerProps(Map.of("bootstrap.servers", "127.0.0.1:1"), settings))
        .containsEntry(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            CooperativeStickyAssignor.class.getName());
    assertThat(
            WorkerClients.consumerProps(
                Map.of("bootstrap.servers", "127.0.0.1:1", "group.protocol", "consumer"), settings))
        .doesNotContainKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
    assertThat(
            WorkerClients.consumerProps(
                Map.of(
                    "bootstrap.servers",
                    "127.0.0.1:1",
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                    "org.apache.kafka.clients.consumer.RangeAssignor"),
                settings))
        .containsEntry(
            ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
            "org.apache.kafka.clients.consumer.RangeAssignor");
  }

  @Test
  void onlyCommitsARequestWhoseCrawlAnEarlierWorkerFinishedAndKeepsItsDoneRecord()
      throws Exception {
    FakeState state = new FakeState();
    CrawlRequest request = CrawlRequest.seed("http://www.alpha-shop.test/", "alpha-shop.test", NOW);
    state.saved.put("alpha-shop.test", checkpoint(request, 0, true));
    startWithState(state, record(0, "alpha-shop.test"));

    await().until(() -> Long.valueOf(1).equals(committed()) && worker.isIdle());
    assertThat(crawls.started).as("not crawled again").isEmpty();
    assertThat(output.outcomes).as("its outcome was published by the earlier worker").isEmpty();
    assertThat(state.tombstones).as("the done record is the site's last crawl").isEmpty();
  }

  @Test
  void skipsALinkOrSeedForASiteThatAnEarlierOwnerOfThePartitionCrawledRecentlyButNotATip()
      throws Exception {
    FakeState state = new FakeState();
    CrawlRequest earlier =
        CrawlRequest.seed("http://www.alpha-shop.test/", "alpha-shop.test", NOW.minusSeconds(60));
    state.saved.put("alpha-shop.test", checkpoint(earlier, 0, true, NOW.minusSeconds(30)));
    consumer.commitSync(Map.of(P0, new OffsetAndMetadata(1))); // the earlier owner committed it
    startWithState(
        state,
        record(1, "alpha-shop.test", CrawlRequest.Source.LINK, 0),
        record(2, "alpha-shop.test", CrawlRequest.Source.SEED, 0));

    await().until(() -> Long.valueOf(3).equals(committed()) && worker.isIdle());
    assertThat(crawls.started).as("crawled 30 s ago by another worker").isEmpty();
    assertThat(output.outcomes)
        .extracting(Outcome::kind)
        .containsExactly(Outcome.Kind.SKIPPED, Outcome.Kind.SKIPPED);

    onConsumerThread(
        () -> consumer.addRecord(record(3, "alpha-shop.test", CrawlRequest.Source.TIP, 5)));
    await().until(() -> crawls.started.size() == 1 && worker.isIdle());
    assertThat(output.siteCrawled()).containsExactly("alpha-shop.test");
  }

  @Test
  void deletesADoneRecordOlderThanRecrawlAfterAndCrawlsItsSiteAgain() throws Exception {
    FakeState state = new FakeState();
    CrawlRequest earlier =
        CrawlRequest.seed("http://www.alpha-shop.test/", "alpha-shop.test", NOW.minusSeconds(60));
    Instant longAgo = NOW.minus(CrawlerSettings.defaults(workDir).recrawlAfter()).minusSeconds(1);
    state.saved.put("alpha-shop.test", checkpoint(earlier, 0, true, longAgo));
    consumer.commitSync(Map.of(P0, new OffsetAndMetadata(1)));
    startWithState(state, record(1, "alpha-shop.test", CrawlRequest.Source.LINK, 0));

    await().until(() -> crawls.started.size() == 1 && worker.isIdle());
    // its deletion may be overtaken by the new crawl's done record in the writer's queue
    await().until(() -> state.log.contains("alpha-shop.test:done"));
    assertThat(state.log).last().isEqualTo("alpha-shop.test:done");
  }

  @Test
  void aCrawlResumedAfterItsOutcomeButBeforeItsDoneCheckpointRepeatsTheSameCrawlId()
      throws Exception {
    CrawlRequest request = CrawlRequest.seed("http://www.alpha-shop.test/", "alpha-shop.test", NOW);
    // first attempt: the crawl ends and publishes SITE_CRAWLED ...
    startWithState(new FakeState(), record(0, "alpha-shop.test"));
    await().until(() -> output.siteCrawled().size() == 1);
    String first =
        output.outcomes.stream()
            .filter(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
            .findFirst()
            .orElseThrow()
            .details()
            .get(Outcome.CRAWL_ID);
    worker.close();

    // ... and is killed before its done checkpoint: its successor finds a running checkpoint
    // with everything fetched and nothing pending, and ends the crawl again
    TestConsumer successorConsumer = new TestConsumer();
    RecordingOutput successorOutput = new RecordingOutput();
    FakeState state = new FakeState();
    state.saved.put(
        "alpha-shop.test",
        new CrawlCheckpoint(
            request.site(),
            request.url(),
            request.requestedAt(),
            0,
            0,
            false,
            NOW,
            NOW,
            1,
            0,
            100,
            new long[] {CrawlCheckpoint.hash(request.url())},
            List.of()));
    worker =
        CrawlerWorker.builder(CrawlerSettings.defaults(workDir), TOPICS)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .jobs(crawls)
            .clients(successorConsumer, successorOutput)
            .closeBudget(SHORT)
            .metrics(new CrawlerMetrics())
            .checkpoints(CheckpointSettings.defaults())
            .stateStore(state)
            .build();
    successorConsumer.schedulePollTask(
        () -> {
          successorConsumer.rebalance(List.of(P0));
          successorConsumer.addRecord(record(0, "alpha-shop.test"));
        });
    worker.start();
    await().until(() -> successorOutput.siteCrawled().size() == 1);
    String second =
        successorOutput.outcomes.stream()
            .filter(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
            .findFirst()
            .orElseThrow()
            .details()
            .get(Outcome.CRAWL_ID);

    assertThat(crawls.resumed).containsExactly("alpha-shop.test");
    assertThat(first).isEqualTo(TOPIC + ":0:0:" + NOW.toEpochMilli());
    assertThat(second).as("a consumer can drop the second SITE_CRAWLED").isEqualTo(first);
  }

  private static CrawlCheckpoint checkpoint(CrawlRequest request, long offset, boolean done) {
    return checkpoint(request, offset, done, NOW);
  }

  private static CrawlCheckpoint checkpoint(
      CrawlRequest request, long offset, boolean done, Instant writtenAt) {
    return new CrawlCheckpoint(
        request.site(),
        request.url(),
        request.requestedAt(),
        0,
        offset,
        done,
        NOW,
        writtenAt,
        3,
        0,
        300,
        new long[] {CrawlCheckpoint.hash(request.url())},
        done ? List.of() : List.of(new CrawlCheckpoint.Pending("http://www.alpha-shop.test/b", 1)));
  }

  @SafeVarargs
  private void startWithState(FakeState state, ConsumerRecord<String, byte[]>... records) {
    worker =
        CrawlerWorker.builder(CrawlerSettings.defaults(workDir), TOPICS)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .jobs(crawls)
            .clients(consumer, output)
            .closeBudget(SHORT)
            .metrics(new CrawlerMetrics())
            .checkpoints(CheckpointSettings.defaults())
            .stateStore(state)
            .build();
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          for (ConsumerRecord<String, byte[]> r : records) {
            consumer.addRecord(r);
          }
        });
    worker.start();
  }

  /** Crawl state in memory: what was saved before, what the worker writes and deletes. */
  private static final class FakeState implements CrawlStateStore {
    final Map<String, CrawlCheckpoint> saved = new ConcurrentHashMap<>();
    final List<String> written = new CopyOnWriteArrayList<>();
    final List<String> tombstones = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();

    @Override
    public int partitions() {
      return 1;
    }

    @Override
    public Map<String, CrawlCheckpoint> read(int partition, Duration timeout) {
      return Map.copyOf(saved);
    }

    @Override
    public void write(String site, int partition, CrawlCheckpoint checkpoint) {
      (checkpoint == null ? tombstones : written).add(site);
      log.add(
          site + ":" + (checkpoint == null ? "tombstone" : checkpoint.done() ? "done" : "running"));
    }

    @Override
    public void close(Duration timeout) {}
  }

  @Test
  void startsWaitingOperatorRequestsByPriorityThenInArrivalOrderAndDiscoveredLinksLast()
      throws Exception {
    crawls.hold("first.test");
    CrawlerSettings d = CrawlerSettings.defaults(workDir);
    CrawlerSettings oneAtATime =
        CrawlerSettings.builder()
            .maxPagesPerSite(d.maxPagesPerSite())
            .maxDepth(d.maxDepth())
            .maxSiteHops(d.maxSiteHops())
            .politenessDelayMs(d.politenessDelayMs())
            .maxConcurrentSites(1)
            .maxBodyBytes(d.maxBodyBytes())
            .connectTimeoutMs(d.connectTimeoutMs())
            .readTimeoutMs(d.readTimeoutMs())
            .userAgent(d.userAgent())
            .respectRobots(d.respectRobots())
            .allowPrivateAddresses(d.allowPrivateAddresses())
            .onlyResolvedHosts(d.onlyResolvedHosts())
            .resolve(d.resolve())
            .recrawlAfter(d.recrawlAfter())
            .workDir(d.workDir())
            .groupId(d.groupId())
            .capture(d.capture())
            .limits(d.limits())
            .build();
    start(
        oneAtATime,
        record(0, "first.test"),
        record(1, "low.test", CrawlRequest.Source.SEED, 0),
        record(2, "link.test", CrawlRequest.Source.LINK, 5),
        record(3, "tip.test", CrawlRequest.Source.TIP, 5),
        record(4, "urgent.test", CrawlRequest.Source.SEED, 9),
        record(5, "tip-two.test", CrawlRequest.Source.TIP, 5));
    await().until(() -> crawls.started.contains("first.test"));
    afterOnePass();
    assertThat(committed()).as("offset 0 is still running").isZero();

    crawls.release("first.test");
    await().until(worker::isIdle);

    assertThat(crawls.started)
        .containsExactly(
            "first.test", "urgent.test", "tip.test", "tip-two.test", "low.test", "link.test");
    assertThat(committed()).isEqualTo(6);
  }

  @Test
  void aDiscoveryCrawlNeverStandsInForALaterTipOfTheSameSiteButDoesForALaterLink()
      throws Exception {
    start(record(0, "alpha-shop.test", CrawlRequest.Source.LINK, 0));
    await().until(() -> crawls.started.size() == 1 && worker.isIdle());

    // a second link right after the discovery crawl: skipped because of that discovery crawl
    onConsumerThread(
        () -> {
          consumer.addRecord(record(1, "alpha-shop.test", CrawlRequest.Source.LINK, 0));
        });
    await().until(() -> committed() != null && committed() == 2);
    assertThat(crawls.started).hasSize(1);

    onConsumerThread(
        () -> {
          consumer.addRecord(record(2, "alpha-shop.test", CrawlRequest.Source.TIP, 5));
        });
    await().until(() -> crawls.started.size() == 2 && worker.isIdle());
    onConsumerThread(
        () -> {
          consumer.addRecord(record(3, "alpha-shop.test", CrawlRequest.Source.LINK, 0));
        });
    await().until(() -> committed() != null && committed() == 4);

    assertThat(crawls.started).containsExactly("alpha-shop.test", "alpha-shop.test");
    assertThat(output.outcomes)
        .filteredOn(o -> o.kind() == Outcome.Kind.SKIPPED)
        .hasSize(2)
        .allSatisfy(o -> assertThat(o.details()).containsEntry("source", "LINK"));
  }

  @Test
  void aTipOrAnAnalystsRequestIsCrawledEvenRightAfterACrawlOfTheSiteButASeedIsNot()
      throws Exception {
    start(record(0, "beta-shop.test", CrawlRequest.Source.SEED, 0));
    await().until(() -> crawls.started.size() == 1 && worker.isIdle());

    onConsumerThread(
        () -> consumer.addRecord(record(1, "beta-shop.test", CrawlRequest.Source.SEED, 0)));
    await().until(() -> committed() != null && committed() == 2);
    assertThat(crawls.started).hasSize(1);

    onConsumerThread(
        () -> consumer.addRecord(record(2, "beta-shop.test", CrawlRequest.Source.TIP, 5)));
    await().until(() -> crawls.started.size() == 2 && worker.isIdle());
    onConsumerThread(
        () -> consumer.addRecord(record(3, "beta-shop.test", CrawlRequest.Source.ANALYST, 5)));
    await().until(() -> crawls.started.size() == 3 && worker.isIdle());

    assertThat(output.outcomes)
        .filteredOn(o -> o.kind() == Outcome.Kind.SKIPPED)
        .singleElement()
        .satisfies(o -> assertThat(o.details()).containsEntry("source", "SEED"));
  }

  // --- helpers ---

  @SafeVarargs
  private void start(ConsumerRecord<String, byte[]>... records) {
    start(CrawlerSettings.defaults(workDir), records);
  }

  @SafeVarargs
  private void start(CrawlerSettings settings, ConsumerRecord<String, byte[]>... records) {
    worker =
        CrawlerWorker.builder(settings, TOPICS)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .jobs(crawls)
            .clients(consumer, output)
            .closeBudget(SHORT)
            .build();
    consumer.schedulePollTask(
        () -> {
          consumer.rebalance(List.of(P0));
          for (ConsumerRecord<String, byte[]> r : records) {
            consumer.addRecord(r);
          }
        });
    worker.start();
  }

  private void onConsumerThread(Runnable task) {
    consumer.schedulePollTask(task);
  }

  /** Waits until the consumer loop has finished the pass that is running or scheduled now. */
  private void afterOnePass() throws InterruptedException {
    CountDownLatch passed = new CountDownLatch(1);
    consumer.schedulePollTask(passed::countDown);
    assertThat(passed.await(10, TimeUnit.SECONDS)).isTrue();
  }

  /** The offset last committed for P0 (readable after the consumer is closed), or null. */
  private Long committed() {
    return consumer.lastCommitted;
  }

  private static List<Thread> siteThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("crawler-site-") && t.isAlive())
        .toList();
  }

  private static ConsumerRecord<String, byte[]> record(long offset, String site) {
    return record(offset, CrawlRequest.seed("http://www." + site + "/", site, NOW));
  }

  private static ConsumerRecord<String, byte[]> record(
      long offset, String site, CrawlRequest.Source source, int priority) {
    boolean link = source == CrawlRequest.Source.LINK;
    return record(
        offset,
        new CrawlRequest(
            CrawlRequest.VERSION,
            "http://www." + site + "/",
            site,
            source,
            link ? 1 : 0,
            link ? "http://www.first.test/" : null,
            NOW,
            priority,
            null));
  }

  private static ConsumerRecord<String, byte[]> record(long offset, CrawlRequest request) {
    String site = request.site();
    return new ConsumerRecord<>(
        TOPIC, 0, offset, site, JsonSerde.of(CrawlRequest.class).serialize(TOPIC, request));
  }

  /** A mock consumer that does not spin, and can hold or wake up a commit like a real one. */
  private static final class TestConsumer extends MockConsumer<String, byte[]> {
    final CountDownLatch commitHeld = new CountDownLatch(1);
    private final CountDownLatch commitRelease = new CountDownLatch(1);
    private volatile long holdCommitOf = -1;
    private volatile boolean wakeUpNextCommit;
    volatile Long lastCommitted;

    TestConsumer() {
      super("earliest");
      updateBeginningOffsets(Map.of(P0, 0L));
    }

    void holdCommitOf(long offset) {
      holdCommitOf = offset;
    }

    void releaseCommit() {
      commitRelease.countDown();
    }

    /** Like a wakeup() that no poll consumed: the next blocking call throws. */
    void wakeUpNextCommit() {
      wakeUpNextCommit = true;
    }

    @Override
    public ConsumerRecords<String, byte[]> poll(Duration timeout) {
      ConsumerRecords<String, byte[]> records = super.poll(timeout);
      if (records.isEmpty()) {
        try {
          Thread.sleep(5); // the mock returns at once; a real poll would wait for records
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return records;
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (wakeUpNextCommit) {
        wakeUpNextCommit = false;
        throw new WakeupException();
      }
      OffsetAndMetadata offset = offsets.get(P0);
      if (offset != null && offset.offset() == holdCommitOf) {
        holdCommitOf = -1;
        commitHeld.countDown();
        try {
          commitRelease.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      super.commitSync(offsets);
      if (offset != null) {
        lastCommitted = offset.offset();
      }
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      commitSync(offsets);
    }
  }

  /** Keeps outcomes; can fail or block flushes. */
  private static final class RecordingOutput implements Output {
    final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    volatile int flushes;
    volatile boolean closed;
    private volatile RuntimeException flushFailure;
    private final CountDownLatch closeLatch = new CountDownLatch(1);
    private volatile boolean blockFlushes;
    volatile Thread blockedFlusher;

    void failFlushWith(RuntimeException e) {
      flushFailure = e;
    }

    void blockFlushesUntilClosed() {
      blockFlushes = true;
    }

    List<Outcome.Kind> kinds() {
      return outcomes.stream().map(Outcome::kind).toList();
    }

    List<String> siteCrawled() {
      return outcomes.stream()
          .filter(o -> o.kind() == Outcome.Kind.SITE_CRAWLED)
          .map(Outcome::site)
          .toList();
    }

    @Override
    public void page(FetchedPage page) {}

    @Override
    public void outcome(Outcome outcome) {
      outcomes.add(outcome);
    }

    @Override
    public void request(CrawlRequest request) {}

    @Override
    public void flush() {
      flushes++;
      if (blockFlushes) {
        blockedFlusher = Thread.currentThread();
        // like a producer flush to an unreachable broker: only a close ends it, not an interrupt
        boolean interrupted = false;
        while (closeLatch.getCount() > 0) {
          try {
            closeLatch.await();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("producer closed during flush");
      }
      if (flushFailure != null) {
        throw flushFailure;
      }
    }

    /** Like a producer whose broker is away: nothing is acknowledged until it is closed. */
    @Override
    public boolean flush(Duration timeout) {
      flushes++;
      if (blockFlushes) {
        blockedFlusher = Thread.currentThread();
        try {
          if (!closeLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        throw new IllegalStateException("producer closed during flush");
      }
      if (flushFailure != null) {
        throw flushFailure;
      }
      return true;
    }

    @Override
    public void stopping() {}

    @Override
    public boolean hasPending() {
      return blockFlushes && closeLatch.getCount() > 0;
    }

    @Override
    public void close(Duration timeout) {
      closed = true;
      closeLatch.countDown();
    }
  }

  /** Crawls that run until the test releases them (or they are stopped). */
  private static final class ControlledCrawls implements CrawlJobFactory {
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> resumed = new CopyOnWriteArrayList<>();

    @Override
    public CrawlJob create(CrawlRequest request, Emitter emitter, CrawlProgress progress) {
      if (progress.resumed()) {
        resumed.add(request.site());
      }
      return create(request, emitter);
    }

    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Set<String> stubborn = ConcurrentHashMap.newKeySet();
    private final Set<String> finishing = ConcurrentHashMap.newKeySet();
    private final CountDownLatch endOfTest = new CountDownLatch(1);

    void hold(String site) {
      held.put(site, new CountDownLatch(1));
    }

    void hangIgnoringStopAndInterrupt(String site) {
      stubborn.add(site);
    }

    /** Held until stopped, then ends as a finished crawl (its last page came as the stop did). */
    void holdFinishingWhenStopped(String site) {
      hold(site);
      finishing.add(site);
    }

    void release(String site) {
      held.get(site).countDown();
    }

    void releaseAll() {
      held.values().forEach(CountDownLatch::countDown);
      endOfTest.countDown();
    }

    @Override
    public CrawlJob create(CrawlRequest request, Emitter emitter) {
      String site = request.site();
      CountDownLatch gate = held.getOrDefault(site, new CountDownLatch(0));
      return new CrawlJob() {
        private volatile boolean stopped;

        @Override
        public SiteReport run() throws InterruptedException {
          started.add(site);
          if (stubborn.contains(site)) {
            boolean ended = false;
            while (!ended) {
              try {
                ended = endOfTest.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                // ignores the interrupt on purpose
              }
            }
          } else {
            gate.await();
          }
          return new SiteReport(
              CrawlResult.OK, "crawled 1 page(s)", 1, 0, stopped && !finishing.contains(site));
        }

        @Override
        public void stop() {
          stopped = true;
          if (!stubborn.contains(site)) {
            gate.countDown();
          }
        }
      };
    }
  }
}
