package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.CaptureSettings;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * A worker started while its broker is away waits for it (the crawl-state producer's transactions,
 * up to the producer's {@code max.block.ms}, 60 s), but a stop that comes meanwhile, a {@link
 * CrawlerWorker#close()} from another thread or an interrupt of the starting thread (what SIGTERM
 * does in the stage commands), ends the start within seconds and the worker never runs. The broker
 * was there once (the topics exist) and is stopped before the worker is built. The times are
 * printed; the assertions only bound them far below the 60 s the start would block.
 */
class StartWithBrokerAwayIT {
  /** Far below {@code max.block.ms} (60 s), far above the close budget (about 5 s). */
  private static final Duration BOUND = Duration.ofSeconds(20);

  /**
   * Below the close's join budget (6 s), which a close waits out only when it failed to end the
   * start's wait: so a close that missed the start fails here.
   */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

  private final Clock clock = Clock.systemUTC();
  private final Topics topics = Topics.withPrefix("it-start-away.");
  private Path workDir;
  private String bootstrap;

  @BeforeEach
  void brokerThatWentAway() throws Exception {
    workDir = Files.createTempDirectory("start-away-it");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"))) {
      kafka.createTopics(
          1,
          topics.crawlRequests(),
          topics.pages(),
          topics.outcomes(),
          topics.crawlState(),
          topics.crawlDiscoveries());
      bootstrap = kafka.bootstrapServers();
    }
  }

  @AfterEach
  void deleteWorkDir() throws Exception {
    try (Stream<Path> paths = Files.walk(workDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Test
  void aCloseWhileTheStartWaitsForTheBrokerEndsTheStartWithinSeconds() throws Exception {
    Starting starting = new Starting();
    CrawlerWorker worker = starting.awaitWaitingForTheBroker();

    long begin = System.nanoTime();
    worker.close();
    long closeMs = (System.nanoTime() - begin) / 1_000_000;
    starting.thread.join(BOUND.toMillis());
    long startEndedMs = (System.nanoTime() - begin) / 1_000_000;
    System.out.printf(
        "broker away during start: close() took %d ms, start() ended %d ms after the close%n",
        closeMs, startEndedMs);

    assertThat(starting.thread.isAlive()).as("start() has returned").isFalse();
    assertThat(closeMs).isLessThan(CLOSE_BOUND.toMillis());
    assertThat(starting.failure.get()).isNull();
    assertThat(worker.isRunning()).isFalse();
  }

  @Test
  void anInterruptWhileTheStartWaitsForTheBrokerEndsTheStartAndKeepsTheInterrupt()
      throws Exception {
    Starting starting = new Starting();
    CrawlerWorker worker = starting.awaitWaitingForTheBroker();

    long begin = System.nanoTime();
    starting.thread.interrupt();
    starting.thread.join(BOUND.toMillis());
    long startEndedMs = (System.nanoTime() - begin) / 1_000_000;
    System.out.printf(
        "broker away during start: start() ended %d ms after the interrupt%n", startEndedMs);

    assertThat(starting.thread.isAlive()).as("start() has returned").isFalse();
    assertThat(starting.failure.get()).isNull();
    assertThat(starting.interruptedAfterStart.get())
        .as("the interrupt is kept for the caller, which then closes its stages")
        .isTrue();
    assertThat(worker.isRunning()).isFalse();
    long closeBegin = System.nanoTime();
    worker.close();
    System.out.printf("then close() took %d ms%n", (System.nanoTime() - closeBegin) / 1_000_000);
  }

  /** A thread that builds the worker against the absent broker and starts it. */
  private final class Starting {
    final AtomicReference<CrawlerWorker> built = new AtomicReference<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final AtomicBoolean interruptedAfterStart = new AtomicBoolean();
    final Thread thread;

    Starting() {
      thread =
          new Thread(
              () -> {
                try {
                  CrawlerWorker worker = builder().build();
                  built.set(worker);
                  worker.start();
                  interruptedAfterStart.set(Thread.currentThread().isInterrupted());
                } catch (RuntimeException e) {
                  failure.set(e);
                }
              },
              "start-away-it-starter");
      thread.setDaemon(true);
      thread.start();
    }

    /** The built worker, once its start waits (for the broker: nothing else there blocks). */
    CrawlerWorker awaitWaitingForTheBroker() {
      await()
          .atMost(BOUND)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  built.get() != null
                      && (thread.getState() == Thread.State.TIMED_WAITING
                          || thread.getState() == Thread.State.WAITING));
      return built.get();
    }
  }

  private CrawlerWorker.Builder builder() {
    return CrawlerWorker.builder(settings(), topics)
        .kafka(Map.of("bootstrap.servers", bootstrap, "client.id", "start-away"))
        .clock(clock)
        .checkpoints(new CheckpointSettings(5, Duration.ofSeconds(10)))
        .metrics(new CrawlerMetrics());
  }

  private CrawlerSettings settings() {
    return CrawlerSettings.builder()
        .maxPagesPerSite(10)
        .maxDepth(1)
        .maxSiteHops(0)
        .politenessDelayMs(200)
        .maxConcurrentSites(2)
        .maxBodyBytes(64 * 1024)
        .connectTimeoutMs(2_000)
        .readTimeoutMs(5_000)
        .userAgent(CrawlerSettings.DEFAULT_USER_AGENT)
        .respectRobots(false)
        .allowPrivateAddresses(true)
        .recrawlAfter(Duration.ofHours(1))
        .workDir(workDir.resolve("worker"))
        .groupId("start-away-it")
        .capture(CaptureSettings.defaults().withWarcDir(workDir.resolve("warc")))
        .build();
  }
}
