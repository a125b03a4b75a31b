package org.sitewatch.crawler.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.crawl.CrawlJob;
import org.sitewatch.crawler.crawl.CrawlJobFactory;
import org.sitewatch.crawler.crawl.SiteReport;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.crawler.state.CheckpointWriter;
import org.sitewatch.crawler.state.CrawlProgress;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.CrawlResult;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the worker's site crawls: a fixed pool of daemon threads ({@code crawler-site-N}), crawls
 * waiting for a thread in {@link QueuedCrawl} order. Each acted-on request ends here with exactly
 * one {@code SITE_CRAWLED} outcome, whatever the crawl did. The consumer thread submits requests
 * and takes finished ones back ({@link #takeFinished()}); the site threads run them.
 */
final class CrawlPool {
  private static final Logger log = LoggerFactory.getLogger(CrawlPool.class);

  /** How long a finished crawl waits for its pages to be acknowledged before its outcome. */
  static final Duration DELIVERY_WAIT = Duration.ofSeconds(5);

  /** The same while the worker is stopping (its close budget is short). */
  static final Duration DELIVERY_WAIT_STOPPING = Duration.ofMillis(250);

  private final CrawlJobFactory jobs;
  private final Output output;
  private final Clock clock;
  private final CrawlerMetrics metrics;
  private final CheckpointSettings checkpointSettings;
  private final ThreadPoolExecutor threads;
  private final LinkedBlockingQueue<AcceptedRequest> finished = new LinkedBlockingQueue<>();
  private final Map<String, CrawlJob> running = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean stopping;
  // owned by the consumer thread
  private final Map<String, AcceptedRequest> bySite = new HashMap<>();
  private long queued;

  CrawlPool(
      int threadCount,
      CrawlJobFactory jobs,
      Output output,
      Clock clock,
      CrawlerMetrics metrics,
      CheckpointSettings checkpointSettings) {
    this.jobs = jobs;
    this.output = output;
    this.clock = clock;
    this.metrics = metrics;
    this.checkpointSettings = checkpointSettings;
    this.threads =
        new ThreadPoolExecutor(
            threadCount,
            threadCount,
            0,
            TimeUnit.MILLISECONDS,
            // crawls waiting for a thread start by priority (see QueuedCrawl)
            new PriorityBlockingQueue<>(16, QueuedCrawl.ORDER),
            // daemons: a crawl that ignores stop and interrupt must not keep the JVM alive
            Threads.named("crawler-site").numbered().daemon());
    ThreadPoolExecutor pool = threads;
    metrics.queueDepth(() -> pool.getQueue().size());
  }

  // --- consumer thread ---

  /**
   * Queues the crawl of {@code task}; {@code writer} receives its checkpoints ({@code null}: the
   * crawl is not tracked), only its done record when {@code doneOnly}.
   */
  void submit(AcceptedRequest task, CheckpointWriter writer, boolean doneOnly) {
    bySite.put(task.request.site(), task);
    if (writer != null) {
      task.handOversAtSubmit = writer.handOvers(task.origin.partition().partition());
    }
    inFlight.incrementAndGet();
    threads.execute(new QueuedCrawl(task.request, queued++, () -> crawl(task, writer, doneOnly)));
  }

  /**
   * The crawls of requests read from {@code partitions}, which move to another worker: a queued one
   * will not start, a running one is stopped after its current page; both leave their request
   * uncommitted and without an outcome (as a crawl stopped with the worker does), so the next
   * owner, which reads the partitions' crawl state once the revocation ended, resumes it from its
   * last checkpoint and publishes its one {@code SITE_CRAWLED}. A crawl that had already ended is
   * published by the checkpoint writer before that ({@code CheckpointWriter.handOver}). Returns how
   * many crawls were handed over.
   */
  int handOver(Collection<TopicPartition> partitions) {
    int count = 0;
    for (var it = bySite.values().iterator(); it.hasNext(); ) {
      AcceptedRequest task = it.next();
      if (!partitions.contains(task.origin.partition())) {
        continue;
      }
      task.handedOver = true;
      CrawlJob job = task.job;
      if (job != null) {
        job.stop();
      }
      it.remove(); // no longer "being crawled" here; takeFinished drops it when it ends
      count++;
    }
    return count;
  }

  boolean isCrawling(String site) {
    return bySite.containsKey(site);
  }

  /** The accepted request that {@code position} started, or {@code null}. */
  AcceptedRequest startedBy(Position position) {
    for (AcceptedRequest task : bySite.values()) {
      if (task.origin.equals(position)) {
        return task;
      }
    }
    return null;
  }

  /** Accepted requests not yet taken back (queued, running or finished). */
  Collection<AcceptedRequest> accepted() {
    return bySite.values();
  }

  /** Whether a crawl waits for a thread. */
  boolean hasWaiting() {
    return !threads.getQueue().isEmpty();
  }

  boolean hasFinished() {
    return !finished.isEmpty();
  }

  /** The requests whose crawls ended (or were dropped) since the last call. */
  List<AcceptedRequest> takeFinished() {
    List<AcceptedRequest> done = new ArrayList<>();
    AcceptedRequest task;
    while ((task = finished.poll()) != null) {
      bySite.remove(task.request.site(), task);
      done.add(task);
    }
    return done;
  }

  // --- any thread ---

  /** Number of site crawls running or queued. */
  int inFlight() {
    return inFlight.get();
  }

  boolean stopping() {
    return stopping;
  }

  /** Asks running crawls to stop after their current page; queued ones will not be acted on. */
  void stop() {
    stopping = true;
    output.stopping(); // a fetch thread waiting for the broker must see the stop too
    running.values().forEach(CrawlJob::stop);
  }

  /** Stops the crawls and waits within the budget: first for them to stop, then interrupted. */
  void shutDown(CloseBudget budget) {
    stop();
    threads.shutdown();
    try {
      if (!threads.awaitTermination(budget.crawlStop().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("site crawls did not stop within {}; interrupting them", budget.crawlStop());
        threads.shutdownNow();
        if (!threads.awaitTermination(budget.interrupt().toMillis(), TimeUnit.MILLISECONDS)) {
          log.warn("site crawls ignored the interrupt; leaving their requests uncommitted");
        }
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  void shutDownNow() {
    threads.shutdownNow();
  }

  // --- site threads ---

  /**
   * Null when everything sent so far (this crawl's pages among it) is acknowledged, else why not.
   * Waits for everything sent before it, not only this site's (but not for what other crawls send
   * meanwhile): one round trip when the broker is well.
   */
  private String deliveryProblem() {
    try {
      return output.flush(stopping ? DELIVERY_WAIT_STOPPING : DELIVERY_WAIT)
          ? null
          : SiteCrawledOutcome.PUBLISH_UNCONFIRMED;
    } catch (IllegalStateException e) {
      return SiteCrawledOutcome.PUBLISH_FAILED;
    }
  }

  private void crawl(AcceptedRequest task, CheckpointWriter writer, boolean doneOnly) {
    try {
      if (stopping || task.handedOver) {
        return; // not acted on: the request stays uncommitted and will be consumed again
      }
      task.acted = true;
      run(task, writer, doneOnly);
    } finally {
      finished.add(task);
      inFlight.decrementAndGet();
    }
  }

  private void run(AcceptedRequest task, CheckpointWriter writer, boolean doneOnly) {
    CrawlRequest request = task.request;
    CrawlProgress progress =
        new CrawlProgress(
            request,
            task.origin.partition().partition(),
            task.origin.offset(),
            checkpointSettings,
            clock,
            writer == null || doneOnly
                ? c -> {}
                : c -> {
                  if (!task.handedOver) { // its next owner writes the request's state now
                    writer.write(c);
                  }
                },
            task.resumeFrom);
    long startNanos = System.nanoTime();
    log.info(
        "site {} crawl started: {} request trace={}",
        request.site(),
        request.source(),
        request.traceId());
    SiteReport report = null;
    String error = null;
    CrawlJob crawl = null;
    metrics.siteStarted();
    try {
      crawl = jobs.create(request, output, progress);
      running.put(request.site(), crawl);
      task.job = crawl;
      if (stopping || task.handedOver) {
        crawl.stop();
      }
      report = crawl.run();
    } catch (Exception e) {
      log.error("crawl of site {} failed", request.site(), e);
      error = e.toString();
      output.outcome(
          new Outcome(
              Outcome.VERSION,
              request.site(),
              request.url(),
              Outcome.Stage.CRAWLER,
              Outcome.Kind.OTHER,
              "crawl failed: " + e,
              clock.instant(),
              Map.of()));
    } finally {
      if (crawl != null) {
        running.remove(request.site(), crawl);
      }
      if (report == null) { // the crawl threw (even an Error): the site-level outcome is still due
        report =
            new SiteReport(
                CrawlResult.UNREACHABLE,
                "crawl failed: " + (error == null ? "unexpected error" : error),
                0,
                1,
                stopping || task.handedOver);
      }
      // a crawl that ended before it was stopped for a hand-over is still published, unless the
      // checkpoint writer already handed its partition over, even if it came back since
      // (writer.finish answers false then)
      if (report.interrupted()) {
        leaveToSuccessor(task, request, report);
      } else {
        finish(task, request, report, error, startNanos, progress, writer);
      }
    }
  }

  /**
   * A crawl cut short by the worker's stop is not the site's result: its request stays uncommitted,
   * so the partition's next owner crawls it again from its last checkpoint (or from the start) and
   * publishes the one SITE_CRAWLED of the request. Publishing it here and committing would end the
   * site's crawl at whatever page the stop found it on.
   */
  private void leaveToSuccessor(AcceptedRequest task, CrawlRequest request, SiteReport report) {
    task.acted = false;
    metrics.siteEnded();
    // no checkpoint now: a crawl cut short by crawler4j's shutdown no longer knows its pending URLs
    // (the fault benchmark saw a successor "resume" such a snapshot with nothing left to fetch);
    // the last checkpoint taken while it ran, or none, is what the next owner resumes from
    log.info(
        "site {} crawl stopped {} after {} pages: left uncommitted for the next owner of its"
            + " partition, which resumes it from its checkpoint trace={}",
        request.site(),
        task.handedOver ? "as its partition moved to another worker" : "with the worker",
        report.pages(),
        request.traceId());
  }

  private void finish(
      AcceptedRequest task,
      CrawlRequest request,
      SiteReport report,
      String error,
      long startNanos,
      CrawlProgress progress,
      CheckpointWriter writer) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    String crawlId =
        SiteCrawledOutcome.crawlId(
            task.origin.partition(), task.origin.offset(), request.requestedAt());
    String publish = deliveryProblem();
    Outcome outcome =
        SiteCrawledOutcome.of(request, crawlId, report, error, took, clock.instant(), publish);
    if (writer == null) {
      output.outcome(outcome);
    } else if (!writer.finish(progress.snapshot(true), outcome, task.handOversAtSubmit)) {
      // outcome and done record are published together or not at all (docs/crawl-state.md): the
      // request stays uncommitted and the partition's next owner publishes the one SITE_CRAWLED
      // (the writer has tried it again while the partition was ours: it is revoked now, the
      // worker stops, or the attempts are used up)
      task.acted = false;
      metrics.siteEnded();
      log.warn(
          "site {} crawled ({} pages) but its outcome and done record could not be published:"
              + " left uncommitted for the next owner of its partition trace={}",
          request.site(),
          report.pages(),
          request.traceId());
      return;
    }
    if (publish == null) {
      log.info(
          "site {} crawled: {} ({} pages, {} failures, {} ms) trace={}",
          request.site(),
          report.result(),
          report.pages(),
          report.failures(),
          took.toMillis(),
          request.traceId());
    } else {
      log.warn(
          "site {} crawl ended (result {}, {} pages, {} failures, {} ms) but its output was not"
              + " published (publish {}): its request is not committed unless it is acknowledged"
              + " trace={}",
          request.site(),
          report.result(),
          report.pages(),
          report.failures(),
          took.toMillis(),
          publish,
          request.traceId());
    }
    metrics.siteEnded();
  }
}
