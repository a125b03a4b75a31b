package org.sitewatch.sink.recrawl;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.common.KafkaException;
import org.sitewatch.common.concurrent.Backoff;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.store.LeadStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules the re-checks of open leads: every {@link RecrawlSettings#checkInterval()} it claims
 * the leads whose check is due ({@link LeadChecks#claimDue}) and publishes one {@link CrawlRequest}
 * with source {@link CrawlRequest.Source#RECRAWL} per lead, on its own named thread. Several sinks
 * may run one each: the claim makes sure a lead is scheduled by one of them only. With a zero
 * interval it starts no thread and schedules nothing.
 */
public final class Recrawler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Recrawler.class);

  /** Leads claimed per transaction; a tick claims batches until none is due. */
  static final int BATCH = 200;

  private final RecrawlSettings settings;
  private final LeadChecks checks;
  private final Consumer<List<CrawlRequest>> publisher;
  private final AutoCloseable publisherResource;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean started = new AtomicBoolean();
  private final Backoff failures = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

  /**
   * @param publisher publishes a batch of requests and returns only once they are acknowledged;
   *     throws if they may not be (then the claim is rolled back)
   */
  public Recrawler(
      RecrawlSettings settings,
      DataSource dataSource,
      Clock clock,
      Consumer<List<CrawlRequest>> publisher) {
    this(settings, dataSource, clock, publisher, () -> {});
  }

  private Recrawler(
      RecrawlSettings settings,
      DataSource dataSource,
      Clock clock,
      Consumer<List<CrawlRequest>> publisher,
      AutoCloseable publisherResource) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.checks = new LeadChecks(dataSource, clock);
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.publisherResource = publisherResource;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(Threads.named("sitewatch-recrawler").daemon());
  }

  /** A recrawler that publishes to the crawl-request topic with its own producer. */
  public static Recrawler kafka(
      RecrawlSettings settings,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Topics topics,
      Clock clock) {
    CrawlRequestSender sender =
        new CrawlRequestSender(kafkaProps, topics, "sitewatch-recrawler", "recrawl");
    return new Recrawler(settings, dataSource, clock, sender::send, sender);
  }

  /** Starts looking for due leads (first look at once), unless recrawling is off. */
  public void start() {
    if (!settings.enabled()) {
      log.info("recrawl is off (sink.recrawl-interval = 0)");
      return;
    }
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("recrawler already started");
    }
    long every = settings.checkInterval().toMillis();
    executor.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    log.info(
        "recrawler started: sites of open leads every {}, due leads looked for every {}",
        settings.interval(),
        settings.checkInterval());
  }

  /**
   * Claims and publishes every lead due now, in batches.
   *
   * @return how many recrawl requests were published
   * @throws LeadStoreException or a {@link KafkaException} if claiming or publishing fails (the
   *     failed batch stays due)
   */
  public int runOnce() {
    if (!settings.enabled()) {
      return 0;
    }
    int total = 0;
    while (!Thread.currentThread().isInterrupted()) {
      int n = checks.claimDue(settings.interval(), BATCH, publisher).size();
      total += n;
      if (n < BATCH) {
        break;
      }
    }
    return total;
  }

  private void tick() {
    try {
      int n = runOnce();
      if (n > 0) {
        log.info("scheduled {} recrawl check(s)", n);
      }
      int failed = failures.succeeded();
      if (failed > 0) {
        log.info("recrawl scheduling works again after {} failed attempt(s)", failed);
      }
    } catch (RuntimeException e) {
      failures.failed();
      if (failures.worthLogging()) {
        log.warn(
            "cannot schedule recrawls ({} failed attempt(s)); due leads stay due: {}",
            failures.failures(),
            e.toString());
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CrawlRequestSender.WAIT.toSeconds() + 5, TimeUnit.SECONDS)) {
        log.warn("recrawler thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      publisherResource.close();
    } catch (Exception e) {
      log.warn("error closing the recrawl producer", e);
    }
  }
}
