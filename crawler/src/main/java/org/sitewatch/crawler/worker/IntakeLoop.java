package org.sitewatch.crawler.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.output.Output;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the worker's consumer thread ({@code crawler-consumer}, a common {@code ConsumerLoop} that
 * owns the poll, the thread and the consumer's close) does with each poll: hand each record to
 * {@link RequestIntake}, take back finished crawls, read the discoveries lane while the seed lane
 * is quiet, commit, and note idleness; partitions are paused while the local backlog is full. When
 * the loop stops (or fails) it stops the crawls, commits what finished and closes the other
 * clients.
 */
final class IntakeLoop {
  private static final Logger log = LoggerFactory.getLogger(IntakeLoop.class);

  private final CrawlerSettings settings;
  private final String requestTopic;
  private final Clock clock;
  private final Consumer<String, byte[]> consumer;
  private final Output output;
  private final DiscoveryLane lane; // null: no discoveries lane
  private final CrawlPool pool;
  private final OffsetTracker offsets;
  private final RecentCrawls recent;
  private final WorkerCrawlState crawlState;
  private final Commits commits;
  private final RequestIntake intake;
  private final CloseBudget budget;
  private final java.util.function.Consumer<Duration> closeClients;
  private volatile boolean idle;

  IntakeLoop(
      CrawlerSettings settings,
      String requestTopic,
      Clock clock,
      Consumer<String, byte[]> consumer,
      Output output,
      DiscoveryLane lane,
      CrawlPool pool,
      WorkerCrawlState crawlState,
      CloseBudget budget,
      java.util.function.Consumer<Duration> closeClients) {
    this.settings = settings;
    this.requestTopic = requestTopic;
    this.clock = clock;
    this.consumer = consumer;
    this.output = output;
    this.lane = lane;
    this.pool = pool;
    this.crawlState = crawlState;
    this.budget = budget;
    this.closeClients = closeClients;
    this.offsets = new OffsetTracker();
    this.recent = new RecentCrawls();
    this.commits = new Commits(consumer, output, lane, offsets);
    // finished crawls found on assignment count as recent crawls here too (docs/crawl-state.md)
    crawlState.remember(recent, clock, settings.recrawlAfter());
    this.intake =
        new RequestIntake(
            settings.recrawlAfter(), clock, output, offsets, pool, recent, crawlState, lane);
  }

  boolean idle() {
    return idle;
  }

  /** The worker's rebalance listener; turns crawl state on before the first assignment. */
  ConsumerRebalanceListener rebalance() {
    return new Rebalance(consumer, this, commits, offsets, crawlState, lane, pool, budget);
  }

  /**
   * One pass of the consumer loop, after each poll (empty ones too): take back finished crawls,
   * handle the records, read the discoveries lane while the seed lane is quiet, commit, note
   * idleness, and pause or resume the request partitions for the next poll.
   */
  void handle(ConsumerRecords<String, byte[]> records) {
    if (!records.isEmpty()) {
      idle = false;
    }
    // crawls that ended while we polled: a request for such a site is not "being crawled"
    drainFinished();
    for (ConsumerRecord<String, byte[]> record : records) {
      intake.handle(record);
    }
    drainFinished();
    boolean discoveriesQuiet = readDiscoveries(records.isEmpty());
    commits.commitFinished();
    updateIdle(records.isEmpty() && discoveriesQuiet);
    applyBackpressure();
  }

  /** On the loop thread when it ends (closed or failed), before the loop closes the consumer. */
  void stopped() {
    idle = false;
    shutDown();
  }

  /** Takes back finished crawls: their records may be committed, their sites count as crawled. */
  void drainFinished() {
    for (AcceptedRequest task : pool.takeFinished()) {
      if (task.acted) {
        recent.crawled(task.request, clock.instant());
        for (Position p : task.positions) {
          offsets.done(p.partition(), p.offset());
        }
      }
    }
    recent.prune(clock.instant().minus(settings.recrawlAfter()));
  }

  private void updateIdle(boolean lastPollEmpty) {
    boolean quiet =
        lastPollEmpty
            && pool.accepted().isEmpty()
            && !pool.hasFinished()
            && !offsets.hasUncommitted();
    if (quiet && output.hasPending()) {
      // e.g. outcomes of requests whose partition was revoked meanwhile; bounded: a broker that is
      // away must not hold the consumer thread (it would not notice close())
      output.flush(Commits.FLUSH_WAIT);
    }
    idle = quiet && !output.hasPending();
  }

  private void applyBackpressure() {
    int limit = settings.maxConcurrentSites() * 2; // running crawls plus a small backlog
    if (pool.accepted().size() >= limit) {
      Set<TopicPartition> assigned = consumer.assignment();
      if (!assigned.isEmpty() && !consumer.paused().containsAll(assigned)) {
        consumer.pause(assigned);
        log.debug("paused {} partition(s): {} crawls in flight", assigned.size(), pool.inFlight());
      }
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  /**
   * Takes discoveries from their lane while the seed lane has no waiting work: the last poll of the
   * request topic was empty, no crawl waits for a thread, and discoveries hold fewer than {@code
   * maxConcurrentSites - 1} crawl threads (one is kept for the next seed). Returns whether the lane
   * is read to its end.
   */
  private boolean readDiscoveries(boolean seedPollEmpty) {
    if (lane == null) {
      return true;
    }
    boolean took = false;
    for (int i = 0; i < settings.maxConcurrentSites() && seedPollEmpty && seedLaneHasRoom(); i++) {
      ConsumerRecords<String, byte[]> found = lane.poll();
      if (found.isEmpty()) {
        break;
      }
      took = true;
      for (ConsumerRecord<String, byte[]> record : found) {
        intake.handle(record);
      }
    }
    return !took && lane.caughtUp();
  }

  private boolean seedLaneHasRoom() {
    if (!consumer.paused().isEmpty() || pool.hasWaiting()) {
      return false;
    }
    int discoveries = 0;
    for (AcceptedRequest task : pool.accepted()) {
      if (DiscoveryLane.carries(lane, task.origin.partition())) {
        discoveries++;
      }
    }
    return discoveries < Math.max(1, settings.maxConcurrentSites() - 1);
  }

  private void shutDown() {
    long start = System.nanoTime();
    pool.shutDown(budget);
    try {
      drainFinished();
      Map<TopicPartition, OffsetAndMetadata> toCommit = offsets.committable();
      if (!toCommit.isEmpty()) {
        commits.commit(toCommit, budget.commit());
      }
    } catch (RuntimeException e) {
      log.warn("final commit failed: {}", e.toString());
    } finally {
      // output still unacknowledged after the bounded commit means the broker is away: waiting
      // for it in each close would only wait out timeouts; what it holds is not committed, so the
      // next worker does that work again
      Duration wait = output.hasPending() ? Duration.ZERO : budget.clientClose();
      crawlState.close(wait);
      // The consumer goes first, as before the consumer loop: its close runs the rebalance
      // listener (which unfollows the discoveries lane) and sends the LeaveGroup, so both need
      // the lane and the output still open. The loop's own close of the consumer is then a no-op.
      try {
        consumer.close(wait);
      } catch (RuntimeException e) {
        log.warn("closing the crawler consumer failed: {}", e.toString());
      }
      closeClients.accept(wait);
      log.info(
          "crawler worker stopped in {} ms{}",
          (System.nanoTime() - start) / 1_000_000,
          wait.isZero() ? " (output not acknowledged: its requests are left uncommitted)" : "");
    }
  }
}
