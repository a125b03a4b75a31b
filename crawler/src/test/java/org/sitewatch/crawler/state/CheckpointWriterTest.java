package org.sitewatch.crawler.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;

/**
 * What the background checkpoint writer writes, in which order and when: the output is flushed
 * before any checkpoint, a site's newest pending record replaces older ones, a tombstone is written
 * only for the request that owns the site's state, and close writes what is pending. The store and
 * the output record every call in one log, so the order between them is checked.
 */
class CheckpointWriterTest {
  private static final Instant AT = Instant.parse("2026-12-01T08:00:00Z");
  private static final Duration IDLE = Duration.ofSeconds(10);

  private final List<String> log = new CopyOnWriteArrayList<>();
  private final RecordingStore store = new RecordingStore();
  private final FlushingOutput output = new FlushingOutput();
  private final CrawlerMetrics metrics = new CrawlerMetrics();
  private final CheckpointWriter writer = new CheckpointWriter(store, output, metrics);

  @AfterEach
  void close() {
    store.release();
    writer.close(IDLE);
  }

  @Test
  void flushesTheOutputBeforeWritingACheckpointAndCountsIt() throws Exception {
    writer.write(checkpoint("alpha.test", 2, 41, 3, false));

    assertThat(writer.awaitIdle(IDLE)).isTrue();
    assertThat(log).containsExactly("flush", "write alpha.test p2 @41 pages=3 running");
    assertThat(
            metrics
                .registry()
                .get("sitewatch.crawler.checkpoints")
                .tag("state", "running")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void writesOnlyTheNewestPendingRecordOfASiteWhileAWriteIsUnderWay() throws Exception {
    store.holdWrites();
    writer.write(checkpoint("alpha.test", 0, 5, 1, false));
    assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
    writer.write(checkpoint("alpha.test", 0, 5, 2, false));
    writer.write(checkpoint("beta.test", 0, 6, 1, false));
    writer.write(checkpoint("alpha.test", 0, 5, 4, true));
    store.release();

    assertThat(writer.awaitIdle(IDLE)).isTrue();
    assertThat(log)
        .filteredOn(l -> l.startsWith("write"))
        .containsExactly(
            "write alpha.test p0 @5 pages=1 running",
            "write alpha.test p0 @5 pages=4 done",
            "write beta.test p0 @6 pages=1 running");
  }

  @Test
  void deletesASitesStateOnlyForTheRequestThatOwnsIt() throws Exception {
    writer.restored(checkpoint("alpha.test", 1, 5, 9, true)); // read from the topic on assignment
    writer.clear("alpha.test", new CheckpointWriter.Owner(1, 4)); // an older request: not its state
    assertThat(writer.awaitIdle(IDLE)).isTrue();
    assertThat(log).isEmpty();

    writer.write(checkpoint("alpha.test", 1, 7, 1, false)); // a newer crawl of the site
    assertThat(writer.awaitIdle(IDLE)).isTrue();
    writer.clear("alpha.test", new CheckpointWriter.Owner(1, 5));
    assertThat(writer.awaitIdle(IDLE)).isTrue();
    writer.clear("alpha.test", new CheckpointWriter.Owner(1, 7));
    assertThat(writer.awaitIdle(IDLE)).isTrue();

    assertThat(log)
        .filteredOn(l -> !l.equals("flush"))
        .containsExactly("write alpha.test p1 @7 pages=1 running", "tombstone alpha.test p1");
  }

  @Test
  void writesNoCheckpointWhenTheOutputCannotBeFlushedButStillDeletes() throws Exception {
    output.failFlushes();
    writer.restored(checkpoint("beta.test", 3, 2, 5, true));
    writer.write(checkpoint("alpha.test", 3, 9, 2, false));
    writer.clear("beta.test", new CheckpointWriter.Owner(3, 2));

    assertThat(writer.awaitIdle(IDLE)).isTrue();
    assertThat(log).filteredOn(l -> !l.equals("flush")).containsExactly("tombstone beta.test p3");
  }

  @Test
  void closeWritesWhatIsPendingThenClosesTheStore() throws Exception {
    store.holdWrites();
    writer.write(checkpoint("alpha.test", 0, 1, 1, false));
    assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
    writer.write(checkpoint("beta.test", 0, 2, 1, true));
    // close while the first write is still under way: the pending one must be written all the same
    Thread closer = new Thread(() -> writer.close(IDLE), "checkpoint-writer-test-close");
    closer.start();
    // close() has begun (taken no more records, now waiting for the writer thread), while the
    // first write is still held: only then is the store released
    await().atMost(IDLE).until(writer::closing);
    assertThat(log).filteredOn(l -> !l.equals("flush")).hasSize(1);
    store.release();
    closer.join();

    assertThat(log)
        .filteredOn(l -> !l.equals("flush"))
        .containsExactly(
            "write alpha.test p0 @1 pages=1 running",
            "write beta.test p0 @2 pages=1 done",
            "store closed");
  }

  private static CrawlCheckpoint checkpoint(
      String site, int partition, long offset, int pages, boolean done) {
    return new CrawlCheckpoint(
        site,
        "http://www." + site + "/",
        AT,
        partition,
        offset,
        done,
        AT,
        AT.plusSeconds(pages),
        pages,
        0,
        1000L * pages,
        new long[0],
        List.of());
  }

  /** Logs each write; can hold writes until released, telling when one is under way. */
  private final class RecordingStore implements CrawlStateStore {
    final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch hold = new CountDownLatch(0);

    void holdWrites() {
      hold = new CountDownLatch(1);
    }

    void release() {
      hold.countDown();
    }

    @Override
    public int partitions() {
      return 4;
    }

    @Override
    public Map<String, CrawlCheckpoint> read(int partition, Duration timeout) {
      return Map.of();
    }

    @Override
    public void write(String site, int partition, CrawlCheckpoint c) {
      log.add(
          c == null
              ? "tombstone " + site + " p" + partition
              : "write "
                  + site
                  + " p"
                  + partition
                  + " @"
                  + c.offset()
                  + " pages="
                  + c.pages()
                  + (c.done() ? " done" : " running"));
      entered.countDown();
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close(Duration timeout) {
      log.add("store closed");
    }
  }

  /** Logs each flush; can fail them. */
  private final class FlushingOutput implements Output {
    private volatile boolean fail;

    void failFlushes() {
      fail = true;
    }

    @Override
    public void flush() {
      log.add("flush");
      if (fail) {
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
