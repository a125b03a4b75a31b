package org.sitewatch.crawler.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.BoundedOutput;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/**
 * The checkpoint writer over a transactional store that fails: a failed batch (even one whose abort
 * throws) never ends the writer thread, a finish is answered false when its batch fails, is not
 * answered in time or the writer closes under it, an output that cannot be flushed publishes
 * neither outcome nor done record, and failed batches in a row make the writer report a problem.
 */
class CheckpointWriterTransactionTest {
  private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");
  private static final Duration IDLE = Duration.ofSeconds(10);

  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<Outcome> sent = new CopyOnWriteArrayList<>();
  private final FailingStore store = new FailingStore();
  private final Output output = new FlushOutput();
  private final CrawlerMetrics metrics = new CrawlerMetrics();
  private volatile boolean failFlush;
  private CheckpointWriter writer =
      new CheckpointWriter(store, output, metrics, CheckpointWriter.FINISH_TIMEOUT, Duration.ZERO);

  @AfterEach
  void close() {
    store.hold.countDown();
    writer.close(IDLE);
  }

  @Test
  void aBatchWhoseAbortThrowsDoesNotEndTheWriterAndTheNextFinishIsPublished() {
    store.commitFailures.add(new IllegalStateException("commit timed out"));
    store.abortFailure = new IllegalStateException("a commit is pending: retry it");
    writer.released(0); // not tried again

    assertThat(writer.finish(done("alpha.test", 1), outcome("alpha.test"))).isFalse();
    CompletableFuture<Boolean> next =
        CompletableFuture.supplyAsync(
            () -> writer.finish(done("beta.test", 2), outcome("beta.test")));

    await().atMost(IDLE).until(next::isDone);
    assertThat(next.join()).isTrue();
    assertThat(log).contains("outcome beta.test", "write beta.test done", "commit");
  }

  @Test
  void aFinishNotAnsweredWithinItsTimeoutIsNotPublished() {
    writer.close(IDLE);
    writer = new CheckpointWriter(store, output, metrics, Duration.ofMillis(50), Duration.ZERO);
    store.holdCommits();

    CompletableFuture<Boolean> finish =
        CompletableFuture.supplyAsync(
            () -> writer.finish(done("alpha.test", 1), outcome("alpha.test")));

    await().atMost(IDLE).until(finish::isDone);
    assertThat(finish.join()).isFalse();
  }

  @Test
  void closingTheWriterAnswersAFinishThatWaitsForItsCommitWithFalse() throws Exception {
    store.holdCommits();
    CompletableFuture<Boolean> finish =
        CompletableFuture.supplyAsync(
            () -> writer.finish(done("alpha.test", 1), outcome("alpha.test")));
    assertThat(store.committing.await(10, TimeUnit.SECONDS)).isTrue();

    writer.close(Duration.ofMillis(1)); // the commit is still held

    await().atMost(IDLE).until(finish::isDone);
    assertThat(finish.join()).isFalse();
  }

  @Test
  void anOutputThatCannotBeFlushedPublishesNeitherTheOutcomeNorTheDoneRecord() {
    failFlush = true;

    assertThat(writer.finish(done("alpha.test", 1), outcome("alpha.test"))).isFalse();
    assertThat(log).doesNotContain("outcome alpha.test", "write alpha.test done");
  }

  @Test
  void threeFailedBatchesInARowAreAProblemUntilABatchIsWrittenAgain() {
    writer.released(0); // each finish in one batch only
    for (int i = 0; i < CheckpointWriter.FAILURES_BEFORE_UNHEALTHY; i++) {
      store.commitFailures.add(new IllegalStateException("not authorised"));
    }
    for (int i = 1; i < CheckpointWriter.FAILURES_BEFORE_UNHEALTHY; i++) {
      assertThat(writer.finish(done("alpha.test", i), outcome("alpha.test"))).isFalse();
      assertThat(writer.problem()).isEmpty();
    }
    assertThat(writer.finish(done("alpha.test", 9), outcome("alpha.test"))).isFalse();
    assertThat(writer.problem()).hasValueSatisfying(p -> assertThat(p).contains("not authorised"));

    assertThat(writer.finish(done("alpha.test", 10), outcome("alpha.test"))).isTrue();
    assertThat(writer.problem()).isEmpty();
  }

  @Test
  void aFinishWhoseBatchFailsIsTriedAgainWhileItsPartitionIsOwned() {
    writer.assigned(0);
    store.commitFailures.add(new IllegalStateException("transaction aborted by the broker"));

    assertThat(writer.finish(done("alpha.test", 1), outcome("alpha.test"))).isTrue();
    assertThat(log)
        .containsSubsequence(
            "outcome alpha.test",
            "write alpha.test done",
            "abort",
            "outcome alpha.test",
            "write alpha.test done",
            "commit");
  }

  @Test
  void aFinishIsTriedInABoundedNumberOfBatches() {
    for (int i = 0; i < CheckpointWriter.FINISH_ATTEMPTS + 1; i++) {
      store.commitFailures.add(new IllegalStateException("transaction aborted by the broker"));
    }

    assertThat(writer.finish(done("alpha.test", 1), outcome("alpha.test"))).isFalse();
    assertThat(log.stream().filter(l -> l.equals("outcome alpha.test")))
        .hasSize(CheckpointWriter.FINISH_ATTEMPTS);
  }

  @Test
  void aFinishWhosePartitionWasReleasedIsNotTriedAgain() throws Exception {
    store.holdCommits();
    store.commitFailures.add(new IllegalStateException("transaction aborted by the broker"));
    CompletableFuture<Boolean> finish =
        CompletableFuture.supplyAsync(
            () -> writer.finish(done("alpha.test", 1), outcome("alpha.test")));
    assertThat(store.committing.await(10, TimeUnit.SECONDS)).isTrue();

    writer.released(0); // a rebalance took the partition while the batch was being written
    store.hold.countDown();

    await().atMost(IDLE).until(finish::isDone);
    assertThat(finish.join()).isFalse();
    assertThat(log.stream().filter(l -> l.equals("outcome alpha.test"))).hasSize(1);
  }

  @Test
  void aPartitionHandedOverPublishesWhatWasHandedInBeforeAndWritesNothingAfter() throws Exception {
    store.holdCommits();
    CompletableFuture<Boolean> before =
        CompletableFuture.supplyAsync(
            () -> writer.finish(done("alpha.test", 1), outcome("alpha.test")));
    assertThat(store.committing.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(writer.handOver(0, Duration.ofMillis(300)))
        .as("the batch with alpha's finish is still being written")
        .isFalse();
    store.hold.countDown();
    assertThat(before.get(10, TimeUnit.SECONDS)).as("handed in before: published").isTrue();
    assertThat(writer.handOver(0, IDLE)).isTrue();

    assertThat(writer.finish(done("beta.test", 2), outcome("beta.test")))
        .as("the partition's next owner crawls beta")
        .isFalse();
    writer.write(running("gamma.test", 3));
    assertThat(writer.awaitIdle(IDLE)).isTrue();
    assertThat(log).doesNotContain("outcome beta.test", "write beta.test done");
    assertThat(log).doesNotContain("write gamma.test running");

    writer.assigned(0); // the partition came back
    assertThat(writer.finish(done("beta.test", 4), outcome("beta.test"))).isTrue();
  }

  @Test
  void aCrawlStartedBeforeAHandOverIsNotPublishedEvenWhenItsPartitionCameBack() throws Exception {
    int atStart = writer.handOvers(0);
    assertThat(writer.handOver(0, IDLE)).isTrue();
    writer.assigned(0); // A -> B -> A: the request is read again here and crawled anew

    assertThat(writer.finish(done("alpha.test", 1), outcome("alpha.test"), atStart))
        .as("the new crawl of the request publishes its one SITE_CRAWLED")
        .isFalse();
    assertThat(writer.awaitIdle(IDLE)).isTrue();
    assertThat(log).doesNotContain("outcome alpha.test", "write alpha.test done");

    assertThat(writer.finish(done("alpha.test", 1), outcome("alpha.test"), writer.handOvers(0)))
        .as("a crawl started after the partition came back")
        .isTrue();
  }

  @Test
  void theOutcomeInTheTransactionIsBoundedLikeEveryOutcomeOfTheCrawler() {
    String longReason = "crawled ".repeat(10_000);
    Outcome outcome =
        Outcome.of(
            "alpha.test",
            "http://www.alpha.test/",
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            longReason,
            AT);

    assertThat(writer.finish(done("alpha.test", 1), outcome)).isTrue();
    assertThat(sent).singleElement().isEqualTo(BoundedOutput.bound(outcome));
    assertThat(sent.get(0).reason()).hasSizeLessThan(longReason.length());
  }

  private static Outcome outcome(String site) {
    return Outcome.of(
        site,
        "http://www." + site + "/",
        Outcome.Stage.CRAWLER,
        Outcome.Kind.SITE_CRAWLED,
        "crawled",
        AT);
  }

  private static CrawlCheckpoint running(String site, long offset) {
    return new CrawlCheckpoint(
        site,
        "http://www." + site + "/",
        AT,
        0,
        offset,
        false,
        AT,
        AT.plusSeconds(1),
        1,
        0,
        1000L,
        new long[0],
        List.of());
  }

  private static CrawlCheckpoint done(String site, long offset) {
    return new CrawlCheckpoint(
        site,
        "http://www." + site + "/",
        AT,
        0,
        offset,
        true,
        AT,
        AT.plusSeconds(1),
        1,
        0,
        1000L,
        new long[0],
        List.of());
  }

  /** A transactional store that logs its calls; commits can fail or be held, aborts can throw. */
  private final class FailingStore implements CrawlStateStore {
    final ConcurrentLinkedQueue<RuntimeException> commitFailures = new ConcurrentLinkedQueue<>();
    final CountDownLatch committing = new CountDownLatch(1);
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile RuntimeException abortFailure;

    void holdCommits() {
      hold = new CountDownLatch(1);
    }

    @Override
    public int partitions() {
      return 1;
    }

    @Override
    public Map<String, CrawlCheckpoint> read(int partition, Duration timeout) {
      return Map.of();
    }

    @Override
    public void write(String site, int partition, CrawlCheckpoint c) {
      log.add("write " + site + (c == null ? " tombstone" : c.done() ? " done" : " running"));
    }

    @Override
    public boolean transactional() {
      return true;
    }

    @Override
    public void begin() {
      log.add("begin");
    }

    @Override
    public void outcome(Outcome outcome) {
      log.add("outcome " + outcome.site());
      sent.add(outcome);
    }

    @Override
    public void commit() {
      committing.countDown();
      // like a commit waiting for an unreachable broker: an interrupt does not end it
      boolean interrupted = false;
      while (hold.getCount() > 0) {
        try {
          hold.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      RuntimeException failure = commitFailures.poll();
      if (failure != null) {
        throw failure;
      }
      log.add("commit");
    }

    @Override
    public void abort() {
      log.add("abort");
      RuntimeException failure = abortFailure;
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public void close(Duration timeout) {}
  }

  /** An output that only flushes, and can fail to. */
  private final class FlushOutput implements Output {
    @Override
    public void flush() {
      if (failFlush) {
        throw new IllegalStateException("page records could not be written");
      }
    }

    @Override
    public boolean flush(Duration timeout) {
      flush();
      return true;
    }

    @Override
    public void stopping() {}

    @Override
    public boolean hasPending() {
      return false;
    }

    @Override
    public void close(Duration timeout) {}

    @Override
    public void page(FetchedPage page) {}

    @Override
    public void outcome(Outcome outcome) {}

    @Override
    public void request(CrawlRequest request) {}
  }
}
