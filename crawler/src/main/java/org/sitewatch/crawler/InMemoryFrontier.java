package org.sitewatch.crawler;

import edu.uci.ics.crawler4j.frontier.DocIDServer;
import edu.uci.ics.crawler4j.frontier.Frontier;
import edu.uci.ics.crawler4j.frontier.FrontierConfiguration;
import edu.uci.ics.crawler4j.url.AbstractWebURL;
import edu.uci.ics.crawler4j.url.TLDList;
import edu.uci.ics.crawler4j.url.WebURL;
import edu.uci.ics.crawler4j.url.WebURLFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The frontier of one site crawl, in memory: crawler4j's pluggable frontier, doc-id server and URL
 * factory in one object (a site crawl has some tens of URLs; the fork's HSQLDB frontier spent 41% of
 * the worker's CPU on SQL for them, and needed a folder and a database per site).
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
 *       (handed out, not yet processed) and processed URLs are counted apart. {@code isFinished}
 *       is true only after {@code finish()} (the controller calls it when it decides the crawl is
 *       over, or on shutdown).
 *   <li>Doc ids start at 1; {@code getDocId} of an unseen URL is -1; re-adding a URL with another
 *       id is refused.
 * </ul>
 *
 * <p>Differences: the queue is ordered by priority (lower byte first, crawler4j's documented
 * meaning; the HSQLDB frontier sorts the other way), then depth, then first come first served;
 * {@code schedule} wakes a waiting crawler thread like {@code scheduleAll} does; and the frontier
 * knows when the crawl has run dry: after something was scheduled, nothing is queued and nothing
 * assigned is unprocessed, so no thread can discover another URL. {@link #awaitEnd()} reports
 * that at once, so the crawl can end without waiting for the controller's once-a-second monitor
 * (the controller still ends it the usual way if nobody acts on it). A URL that is handed out but
 * never marked processed keeps the crawl from running dry; the controller's monitor then ends it.
 *
 * <p>For handing a crawl over, {@link #snapshot()} returns the pending URLs (assigned ones first,
 * then the queue in order) and the processed ones; {@link #resume} builds a frontier from such a
 * snapshot whose seen set already holds every URL of it, so a processed URL is never fetched again
 * and the pending ones are fetched first, at their depth and priority.
 */
final class InMemoryFrontier implements FrontierConfiguration {

  /** A URL still to fetch: what a resumed crawl needs to fetch it as the original would have. */
  record PendingUrl(String url, int depth, byte priority) {
    PendingUrl {
      Objects.requireNonNull(url, "url");
      if (depth < 0 || depth > Short.MAX_VALUE) {
        throw new IllegalArgumentException("depth must be between 0 and 32767, got " + depth);
      }
    }
  }

  /**
   * The state of a crawl's frontier at one moment.
   *
   * @param pending URLs scheduled but not processed, in the order they would be fetched
   * @param processed URLs whose processing finished (fetched, failed or refused), in that order
   */
  record Snapshot(List<PendingUrl> pending, List<String> processed) {
    Snapshot {
      pending = List.copyOf(pending);
      processed = List.copyOf(processed);
    }
  }

  /** The URL type of this frontier; plain fields, no storage behind them. */
  static final class CrawlUrl extends AbstractWebURL {
    private static final long serialVersionUID = 1L;
  }

  private static final Comparator<Queued> ORDER =
      Comparator.comparingInt((Queued q) -> q.url.getPriority())
          .thenComparingInt(q -> q.url.getDepth())
          .thenComparingLong(q -> q.sequence);

  private record Queued(WebURL url, long sequence) {}

  private final int maxPagesToFetch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Queued> queue = new PriorityQueue<>(ORDER);
  private final Map<Integer, WebURL> assigned = new LinkedHashMap<>();
  private final Set<String> processed = new LinkedHashSet<>();
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
  InMemoryFrontier(int maxPagesToFetch) {
    this.maxPagesToFetch = maxPagesToFetch;
  }

  /**
   * A frontier that continues a crawl from {@code state}: its processed URLs are seen (never
   * scheduled again), its pending URLs are seen and queued, and both count against {@code
   * maxPagesToFetch} like they did in the original crawl. A snapshot with nothing pending gives a
   * crawl that ends as soon as its fetch thread asks for work.
   *
   * @param tlds the suffix list the crawl's URLs use (may be null; crawler4j then takes the host
   *     as the domain)
   */
  static InMemoryFrontier resume(int maxPagesToFetch, Snapshot state, TLDList tlds) {
    Objects.requireNonNull(state, "state");
    InMemoryFrontier f = new InMemoryFrontier(maxPagesToFetch);
    for (String url : state.processed()) {
      f.seen.getNewDocID(url);
      f.processed.add(url);
    }
    for (PendingUrl p : state.pending()) {
      if (f.docIds.containsKey(p.url())) {
        continue; // processed after all, or listed twice
      }
      WebURL url = f.newWebUrl();
      url.setTldList(tlds);
      url.setURL(p.url());
      url.setDepth((short) p.depth());
      url.setPriority(p.priority());
      url.setDocid(f.seen.getNewDocID(p.url()));
      f.queue.add(new Queued(url, f.sequence++));
    }
    f.scheduledCount = f.docIds.size();
    f.everScheduled = !f.docIds.isEmpty();
    return f;
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

  /** The pending and processed URLs at this moment; usable during and after the crawl. */
  Snapshot snapshot() {
    lock.lock();
    try {
      List<PendingUrl> pending = new ArrayList<>(assigned.size() + queue.size());
      for (WebURL url : assigned.values()) {
        pending.add(pendingOf(url));
      }
      List<Queued> ordered = new ArrayList<>(queue);
      ordered.sort(ORDER);
      for (Queued q : ordered) {
        pending.add(pendingOf(q.url));
      }
      return new Snapshot(pending, new ArrayList<>(processed));
    } finally {
      lock.unlock();
    }
  }

  private WebURL newWebUrl() {
    return new CrawlUrl();
  }

  private static PendingUrl pendingOf(WebURL url) {
    return new PendingUrl(url.getURL(), Math.max(0, url.getDepth()), url.getPriority());
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
          processed.add(url.getURL());
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
        return processed.size();
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
