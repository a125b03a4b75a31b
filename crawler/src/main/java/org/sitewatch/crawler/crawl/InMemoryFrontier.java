package org.sitewatch.crawler.crawl;

import edu.uci.ics.crawler4j.frontier.DocIDServer;
import edu.uci.ics.crawler4j.frontier.Frontier;
import edu.uci.ics.crawler4j.frontier.FrontierConfiguration;
import edu.uci.ics.crawler4j.url.AbstractWebURL;
import edu.uci.ics.crawler4j.url.WebURL;
import edu.uci.ics.crawler4j.url.WebURLFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frontier of one site crawl, in memory: crawler4j's pluggable frontier, doc-id server and URL
 * factory in one object (a site crawl has some tens of URLs; the fork's HSQLDB frontier spent 41%
 * of the worker's CPU on SQL for them, and needed a folder and a database per site).
 *
 * <p>It behaves like the fork's {@code HSQLDBFrontierImpl} / {@code HSQLDBDocIDServerImpl}:
 *
 * <ul>
 *   <li>{@code schedule}/{@code scheduleAll} count every URL they queue against {@code
 *       maxPagesToFetch} (negative: no limit) and drop the rest; a URL's doc id (the seen set) is
 *       given by the doc-id server before it is scheduled, so a dropped URL still counts as seen.
 *   <li>{@code getNextURLs} hands out up to {@code max} queued URLs and marks them assigned; with
 *       none queued it blocks until a URL is scheduled or {@link Frontier#finish()} is called, and
 *       returns nothing once finished. {@code setProcessed} moves an assigned URL to processed.
 *   <li>The queue length and the "scheduled" count are the URLs waiting in the queue; assigned
 *       (handed out, not yet processed) and processed URLs are counted apart. {@code isFinished} is
 *       true only after {@code finish()} (the controller calls it when it decides the crawl is
 *       over, or on shutdown).
 *   <li>Doc ids start at 1; {@code getDocId} of an unseen URL is -1; re-adding a URL with another
 *       id is refused.
 * </ul>
 *
 * <p>Differences: the queue is ordered by priority (higher byte first, as the fork's HSQLDB
 * frontier sorts and as {@link SitePolicy} sets it from the link score; crawler4j's documentation
 * says the opposite), then depth, then first come first served; {@code schedule} wakes a waiting
 * crawler thread like {@code scheduleAll} does; and the frontier knows when the crawl has run dry:
 * after something was scheduled, nothing is queued and nothing assigned is unprocessed, so no
 * thread can discover another URL. {@link #awaitEnd()} reports that at once, so the crawl can end
 * without waiting for the controller's once-a-second monitor (the controller still ends it the
 * usual way if nobody acts on it). A URL that is handed out but never marked processed keeps the
 * crawl from running dry; the controller's monitor then ends it.
 *
 * <p>A crawl taken over from a killed worker needs nothing special here: {@link SiteCrawl}
 * schedules the pending URLs of the last checkpoint and refuses the fetched ones
 * (docs/crawl-state.md).
 */
public final class InMemoryFrontier implements FrontierConfiguration {

  /** The URL type of this frontier; plain fields, no storage behind them. */
  static final class CrawlUrl extends AbstractWebURL {
    private static final long serialVersionUID = 1L;
  }

  private static final Comparator<Queued> ORDER =
      Comparator.comparingInt((Queued q) -> -q.url.getPriority())
          .thenComparingInt(q -> q.url.getDepth())
          .thenComparingLong(q -> q.sequence);

  private record Queued(WebURL url, long sequence) {}

  private final int maxPagesToFetch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Queued> queue = new PriorityQueue<>(ORDER);
  private final Map<Integer, WebURL> assigned = new LinkedHashMap<>();
  private long processed; // guarded by lock
  private final Map<String, Integer> docIds = new HashMap<>();
  private final Queue frontier = new Queue();
  private final Seen seen = new Seen();
  private long scheduledCount;
  private long sequence;
  private int lastDocId;
  private boolean everScheduled;
  private boolean exhausted;
  private boolean finished;

  /**
   * @param maxPagesToFetch the crawl's {@code CrawlConfig.getMaxPagesToFetch()}: most URLs ever
   *     queued; negative means no limit
   */
  public InMemoryFrontier(int maxPagesToFetch) {
    this.maxPagesToFetch = maxPagesToFetch;
  }

  @Override
  public DocIDServer getDocIDServer() {
    return seen;
  }

  @Override
  public Frontier getFrontier() {
    return frontier;
  }

  @Override
  public WebURLFactory getWebURLFactory() {
    return this::newWebUrl;
  }

  @Override
  public void close() {
    frontier.finish();
  }

  /**
   * Blocks until the crawl has run dry (see the class comment) or {@code finish()} was called.
   *
   * @return true if it ran dry: every scheduled URL was processed
   */
  boolean awaitEnd() throws InterruptedException {
    lock.lock();
    try {
      while (!exhausted && !finished) {
        changed.await();
      }
      return exhausted;
    } finally {
      lock.unlock();
    }
  }

  private WebURL newWebUrl() {
    return new CrawlUrl();
  }

  /** Under the lock: note that the crawl ran dry, once. */
  private void checkExhausted() {
    if (!exhausted && everScheduled && queue.isEmpty() && assigned.isEmpty()) {
      exhausted = true;
      changed.signalAll();
    }
  }

  /** Under the lock: queue one URL if the page budget allows. */
  private boolean enqueue(WebURL url) {
    if (maxPagesToFetch >= 0 && scheduledCount >= maxPagesToFetch) {
      return false;
    }
    queue.add(new Queued(url, sequence++));
    scheduledCount++;
    everScheduled = true;
    return true;
  }

  private final class Queue implements Frontier {
    @Override
    public void scheduleAll(List<WebURL> urls) {
      lock.lock();
      try {
        boolean any = false;
        for (WebURL url : urls) {
          if (!enqueue(url)) {
            break;
          }
          any = true;
        }
        if (any) {
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void schedule(WebURL url) {
      lock.lock();
      try {
        if (enqueue(url)) {
          changed.signalAll(); // the fork's schedule() does not wake a waiting thread
        }
      } finally {
        lock.unlock();
      }
    }

    /**
     * Waits uninterruptibly, like the fork's frontier (which swallows interrupts): crawler threads
     * are ended with {@link #finish()}, which the controller calls on shutdown.
     */
    @Override
    public void getNextURLs(int max, List<WebURL> result) {
      lock.lock();
      try {
        while (!finished) {
          if (!queue.isEmpty()) {
            for (int i = 0; i < max && !queue.isEmpty(); i++) {
              WebURL url = queue.poll().url;
              assigned.put(url.getDocid(), url);
              result.add(url);
            }
            return;
          }
          checkExhausted();
          changed.awaitUninterruptibly();
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void setProcessed(WebURL url) {
      lock.lock();
      try {
        if (assigned.remove(url.getDocid()) != null) {
          processed++;
        }
        checkExhausted();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long getQueueLength() {
      lock.lock();
      try {
        return queue.size();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long getNumberOfAssignedPages() {
      lock.lock();
      try {
        return assigned.size();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long getNumberOfProcessedPages() {
      lock.lock();
      try {
        return processed;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long getNumberOfScheduledPages() {
      return getQueueLength();
    }

    @Override
    public boolean isFinished() {
      lock.lock();
      try {
        return finished;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      finish();
    }

    @Override
    public void finish() {
      lock.lock();
      try {
        finished = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private final class Seen implements DocIDServer {
    @Override
    public int getDocId(String url) {
      lock.lock();
      try {
        return docIds.getOrDefault(url, -1);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int getNewDocID(String url) {
      lock.lock();
      try {
        return docIds.computeIfAbsent(url, u -> ++lastDocId);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void addUrlAndDocId(String url, int docId) {
      if (docId <= 0) {
        throw new IllegalArgumentException("doc id must be positive, got " + docId);
      }
      lock.lock();
      try {
        Integer existing = docIds.get(url);
        if (existing != null) {
          if (existing == docId) {
            return;
          }
          throw new IllegalArgumentException(
              "doc id " + docId + " for " + url + ": the URL already has id " + existing);
        }
        docIds.put(url, docId);
        lastDocId = Math.max(lastDocId, docId); // later new ids must not collide with this one
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean isSeenBefore(String url) {
      lock.lock();
      try {
        return docIds.containsKey(url);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int getDocCount() {
      lock.lock();
      try {
        return docIds.size();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      // nothing to release
    }
  }
}
