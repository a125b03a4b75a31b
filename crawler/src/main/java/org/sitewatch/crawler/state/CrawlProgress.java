package org.sitewatch.crawler.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.events.CrawlRequest;

/**
 * What one site crawl has fetched and still has to fetch, kept as the crawl goes so that it can be
 * published as a {@link CrawlCheckpoint} and resumed by another worker. Called from the crawl's
 * single fetch thread; the methods are synchronized so a snapshot may be taken from any thread.
 *
 * <p>A URL counts as fetched only once its fetch ended and its page or failure was handed to the
 * emitter: the fork gives no callback after a URL, so a URL is finished when the next one starts
 * ({@link #starting}) or the crawl ends ({@link #ended}). Until then it stays pending, and a crash
 * fetches it again.
 */
public final class CrawlProgress {
  private final CrawlRequest request;
  private final int partition;
  private final long offset;
  private final CheckpointSettings settings;
  private final Clock clock;
  private final Consumer<CrawlCheckpoint> sink;
  private final CrawlCheckpoint resumedFrom;
  private final Instant startedAt;
  private final Set<Long> fetched = new HashSet<>();
  private final Map<String, Integer> pending = new LinkedHashMap<>();
  private String inFlight;
  private int pages;
  private int failures;
  private long bytes;
  private int sinceCheckpoint;
  private Instant lastCheckpoint;

  /**
   * @param sink receives each checkpoint; called on the fetch thread, so it must not block long
   * @param resumeFrom the checkpoint of an earlier attempt at this request, or null
   */
  public CrawlProgress(
      CrawlRequest request,
      int partition,
      long offset,
      CheckpointSettings settings,
      Clock clock,
      Consumer<CrawlCheckpoint> sink,
      CrawlCheckpoint resumeFrom) {
    this.request = Objects.requireNonNull(request, "request");
    this.partition = partition;
    this.offset = offset;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sink = Objects.requireNonNull(sink, "sink");
    if (resumeFrom != null && !resumeFrom.belongsTo(request, partition, offset)) {
      throw new IllegalArgumentException(resumeFrom + " does not belong to " + request);
    }
    this.resumedFrom = resumeFrom;
    this.lastCheckpoint = clock.instant();
    if (resumeFrom == null) {
      startedAt = lastCheckpoint;
    } else {
      startedAt = resumeFrom.startedAt();
      for (long h : resumeFrom.fetched()) {
        fetched.add(h);
      }
      resumeFrom.pending().forEach(p -> pending.putIfAbsent(p.url(), p.depth()));
      pages = resumeFrom.pages();
      failures = resumeFrom.failures();
      bytes = resumeFrom.bytes();
    }
  }

  /** For tests and crawls without checkpoints: progress that publishes nothing. */
  public static CrawlProgress untracked(CrawlRequest request, Clock clock) {
    return new CrawlProgress(request, 0, 0, CheckpointSettings.defaults(), clock, c -> {}, null);
  }

  CrawlRequest request() {
    return request;
  }

  /** Whether this crawl continues an earlier attempt (then {@link #toResume} are its seeds). */
  public boolean resumed() {
    return resumedFrom != null;
  }

  /** The URLs an earlier attempt left to fetch, in discovery order. */
  public synchronized List<CrawlCheckpoint.Pending> toResume() {
    List<CrawlCheckpoint.Pending> list = new ArrayList<>();
    pending.forEach((url, depth) -> list.add(new CrawlCheckpoint.Pending(url, depth)));
    return list;
  }

  /** URLs fetched so far, by this attempt and earlier ones: they count against the page budget. */
  /** Body bytes fetched so far, by every attempt. */
  public synchronized long bytes() {
    return bytes;
  }

  /** When the first attempt at this request started. */
  public Instant startedAt() {
    return startedAt;
  }

  public synchronized int fetchedCount() {
    return fetched.size() + (inFlight == null ? 0 : 1);
  }

  public synchronized int pages() {
    return pages;
  }

  public synchronized int failures() {
    return failures;
  }

  /** The seed of a fresh crawl. */
  public synchronized void seed(String url) {
    pending.putIfAbsent(url, 0);
  }

  /**
   * A link or redirect target the crawl would schedule. Refused (false) when an earlier attempt
   * already fetched it; otherwise remembered as pending.
   */
  /** Whether an earlier attempt (or this one) already fetched {@code url}. */
  public synchronized boolean wasFetched(String url) {
    return fetched.contains(CrawlCheckpoint.hash(url)) || url.equals(inFlight);
  }

  public synchronized boolean discovered(String url, int depth) {
    if (fetched.contains(CrawlCheckpoint.hash(url)) || url.equals(inFlight)) {
      return false;
    }
    pending.putIfAbsent(url, Math.max(0, depth));
    return true;
  }

  /** The fetch thread takes {@code url} next: the URL before it is finished. */
  public synchronized void starting(String url) {
    finishCurrent();
    inFlight = url;
  }

  /**
   * The crawl's fetch thread has ended: the last URL is finished, and no checkpoint is taken. A
   * crawl that ran to its end is followed by its done record; one stopped with the worker must not
   * leave a checkpoint (docs/crawl-state.md): its fetch thread ends with the URL it was fetching
   * counted as finished and the frontier crawler4j dropped at shutdown gone from {@code pending},
   * so a successor resuming from it would find nothing to fetch and report the site unreachable.
   */
  public synchronized void ended() {
    if (inFlight == null) {
      return;
    }
    pending.remove(inFlight);
    fetched.add(CrawlCheckpoint.hash(inFlight));
    inFlight = null;
  }

  public synchronized void page(long bodyBytes) {
    pages++;
    bytes += bodyBytes;
  }

  public synchronized void failure() {
    failures++;
  }

  /** The state now; {@code done} marks a crawl whose site-level outcome is durable. */
  public synchronized CrawlCheckpoint snapshot(boolean done) {
    // a done record only says the request was served (it stays on the topic as the memory of the
    // crawl, docs/crawl-state.md): nothing resumes from it, so it carries no URL hashes
    long[] hashes = done ? new long[0] : fetched.stream().mapToLong(Long::longValue).toArray();
    return new CrawlCheckpoint(
        request.site(),
        CrawlCheckpoint.urlKey(request.url()), // a checkpoint stays small whatever the URL
        request.requestedAt(),
        partition,
        offset,
        done,
        startedAt,
        clock.instant(),
        pages,
        failures,
        bytes,
        hashes,
        done ? List.of() : toResume(),
        request.source());
  }

  private void finishCurrent() {
    if (inFlight == null) {
      return;
    }
    pending.remove(inFlight);
    fetched.add(CrawlCheckpoint.hash(inFlight));
    inFlight = null;
    sinceCheckpoint++;
    Instant now = clock.instant();
    if (sinceCheckpoint >= settings.pages()
        || !Duration.between(lastCheckpoint, now).minus(settings.interval()).isNegative()) {
      sinceCheckpoint = 0;
      lastCheckpoint = now;
      sink.accept(snapshot(false));
    }
  }
}
