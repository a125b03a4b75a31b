package org.sitewatch.crawler.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import edu.uci.ics.crawler4j.frontier.DocIDServer;
import edu.uci.ics.crawler4j.frontier.Frontier;
import edu.uci.ics.crawler4j.url.WebURL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The in-memory frontier, driven the way crawler4j's controller and fetch thread drive it. */
class InMemoryFrontierTest {
  private final InMemoryFrontier config = new InMemoryFrontier(-1);
  private final Frontier frontier = config.getFrontier();
  private final DocIDServer seen = config.getDocIDServer();

  @Test
  void handsOutByPriorityThenDepthThenArrival() {
    frontier.scheduleAll(
        List.of(
            url("/d2-first", 2, 0),
            url("/d1", 1, 0),
            url("/d2-second", 2, 0),
            url("/urgent-deep", 3, 5),
            url("/later", 0, -4),
            url("/d0", 0, 0)));
    assertThat(drain(1))
        .containsExactly("/urgent-deep", "/d0", "/d1", "/d2-first", "/d2-second", "/later");
  }

  @Test
  void givesEachUrlOneDocIdAndRemembersItAsSeen() {
    assertThat(seen.getDocId("http://a.test/")).isEqualTo(-1);
    assertThat(seen.isSeenBefore("http://a.test/")).isFalse();
    int first = seen.getNewDocID("http://a.test/");
    assertThat(first).isPositive();
    assertThat(seen.getNewDocID("http://a.test/")).isEqualTo(first);
    assertThat(seen.getDocId("http://a.test/")).isEqualTo(first);
    assertThat(seen.isSeenBefore("http://a.test/")).isTrue();
    seen.addUrlAndDocId("http://a.test/manual", 40);
    assertThat(seen.getNewDocID("http://a.test/next")).isEqualTo(41);
    seen.addUrlAndDocId("http://a.test/manual", 40); // the same pair again is fine
    assertThatThrownBy(() -> seen.addUrlAndDocId("http://a.test/manual", 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has id 40");
    assertThat(seen.getDocCount()).isEqualTo(3);
  }

  @Test
  void countsEveryQueuedUrlAgainstMaxPagesToFetchAndDropsTheRest() {
    InMemoryFrontier capped = new InMemoryFrontier(3);
    Frontier f = capped.getFrontier();
    f.schedule(url(capped, "/a", 0, 0));
    f.scheduleAll(
        List.of(url(capped, "/b", 1, 0), url(capped, "/c", 1, 0), url(capped, "/d", 1, 0)));
    f.schedule(url(capped, "/e", 1, 0));
    assertThat(f.getQueueLength()).isEqualTo(3);
    List<WebURL> batch = new ArrayList<>();
    f.getNextURLs(10, batch);
    batch.forEach(f::setProcessed);
    f.schedule(url(capped, "/f", 2, 0)); // processing frees no budget: it counts what was queued
    assertThat(f.getQueueLength()).isZero();
    assertThat(f.getNumberOfProcessedPages()).isEqualTo(3);
  }

  @Test
  void countsQueuedAssignedAndProcessedUrlsApart() {
    frontier.scheduleAll(List.of(url("/a", 0, 0), url("/b", 1, 0), url("/c", 1, 0)));
    assertThat(frontier.getQueueLength()).isEqualTo(3);
    assertThat(frontier.getNumberOfScheduledPages()).isEqualTo(3);
    List<WebURL> batch = new ArrayList<>();
    frontier.getNextURLs(2, batch);
    assertThat(batch).hasSize(2);
    assertThat(frontier.getQueueLength()).isEqualTo(1);
    assertThat(frontier.getNumberOfAssignedPages()).isEqualTo(2);
    frontier.setProcessed(batch.get(0));
    assertThat(frontier.getNumberOfAssignedPages()).isEqualTo(1);
    assertThat(frontier.getNumberOfProcessedPages()).isEqualTo(1);
    frontier.setProcessed(batch.get(0)); // a second call changes nothing
    assertThat(frontier.getNumberOfProcessedPages()).isEqualTo(1);
  }

  @Test
  void blocksAnIdleFetchThreadUntilAUrlIsScheduled() throws Exception {
    frontier.schedule(url("/a", 0, 0));
    List<WebURL> first = new ArrayList<>();
    frontier.getNextURLs(5, first);
    CompletableFuture<List<String>> waiting = parked("fetch-thread", () -> paths(next(5)));
    frontier.schedule(url("/b", 1, 0)); // schedule(), unlike the fork's, wakes the thread
    assertThat(waiting.get(10, TimeUnit.SECONDS)).containsExactly("/b");
  }

  @Test
  void finishReleasesWaitingThreadsWithNothingAndHandsOutNothingAfterwards() throws Exception {
    CompletableFuture<List<String>> waiting = parked("fetch-thread", () -> paths(next(5)));
    assertThat(frontier.isFinished()).isFalse();
    frontier.finish();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
    assertThat(frontier.isFinished()).isTrue();
    frontier.schedule(url("/late", 0, 0));
    assertThat(next(5)).isEmpty();
    assertThat(config.awaitEnd()).as("finished, not run dry").isFalse();
  }

  @Test
  void runsDryWhenTheLastScheduledUrlIsProcessed() throws Exception {
    frontier.schedule(url("/a", 0, 0));
    CompletableFuture<Boolean> end = parked("end-watcher", this::awaitEnd);
    List<WebURL> batch = next(5);
    frontier.schedule(url("/b", 1, 0)); // discovered while /a is processed
    frontier.setProcessed(batch.get(0));
    // the end, once reached, is kept: a new watcher that still waits shows it was not reached
    CompletableFuture<Boolean> laterEnd = parked("later-end-watcher", this::awaitEnd);
    assertThat(end).isNotDone();
    frontier.setProcessed(next(5).get(0));
    assertThat(end.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(laterEnd.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(frontier.isFinished()).as("the controller still decides when it is over").isFalse();
  }

  @Test
  void doesNotRunDryBeforeAnythingWasScheduled() throws Exception {
    CompletableFuture<List<String>> waiting = parked("fetch-thread", () -> paths(next(5)));
    // the idle fetch thread has looked for the end; a watcher that still waits shows none was seen
    CompletableFuture<Boolean> end = parked("end-watcher", this::awaitEnd);
    frontier.finish();
    assertThat(end.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(waiting.get(10, TimeUnit.SECONDS)).isEmpty();
  }

  /**
   * Runs {@code work} on a new thread and returns once that thread waits inside the frontier; fails
   * if it ends instead.
   */
  private static <T> CompletableFuture<T> parked(String name, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(work.get());
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    await()
        .until(
            thread::getState,
            state -> state == Thread.State.WAITING || state == Thread.State.TERMINATED);
    assertThat(thread.getState()).as(name + " waits").isEqualTo(Thread.State.WAITING);
    assertThat(result).isNotDone();
    return result;
  }

  private boolean awaitEnd() {
    try {
      return config.awaitEnd();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private WebURL url(String path, int depth, int priority) {
    return url(config, path, depth, priority);
  }

  private static WebURL url(InMemoryFrontier owner, String path, int depth, int priority) {
    WebURL url = owner.getWebURLFactory().newWebUrl();
    url.setURL("http://a.test" + path);
    url.setDepth((short) depth);
    url.setPriority((byte) priority);
    url.setDocid(owner.getDocIDServer().getNewDocID(url.getURL()));
    return url;
  }

  private List<WebURL> next(int max) {
    List<WebURL> batch = new ArrayList<>();
    frontier.getNextURLs(max, batch);
    return batch;
  }

  private List<String> drain(int batchSize) {
    List<String> order = new ArrayList<>();
    while (frontier.getQueueLength() > 0) {
      List<WebURL> batch = next(batchSize);
      order.addAll(paths(batch));
      batch.forEach(frontier::setProcessed);
    }
    return order;
  }

  private static List<String> paths(List<WebURL> urls) {
    return urls.stream()
        .map(u -> u.getURL().substring("http://a.test".length()))
        .collect(Collectors.toList());
  }
}
