package org.sitewatch.crawler.output;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the crawler's output to Kafka, keyed by site. One idempotent producer ({@code acks=all}) is
 * shared by all site crawls; sends are asynchronous and {@link #flush()} is called before offsets
 * are committed, so that a committed request always has its output durably written.
 *
 * <p>A page whose record is too large for the topic does not disappear: it becomes a
 * CONTENT_REJECTED outcome. The rejection may be reported on the producer's I/O thread, where
 * sending is not allowed to block and which {@link #flush()} would not wait for, so it is queued
 * there and sent by the next caller thread: the next send of a site crawl, or {@link #flush()},
 * which repeats until no rejection is left. Any other failed send (the producer already retried
 * until its delivery timeout) makes {@link #flush()} throw, so the worker stops before committing
 * offsets whose output was lost; the requests are then consumed again.
 *
 * <p>At most {@link #pagesInFlight} page records are unacknowledged at a time: a fetch thread that
 * would exceed it waits for the broker. This bounds what a killed worker loses (and its successor
 * fetches again) and how long a flush before a crawl-state checkpoint takes; without it the
 * producer's 32 MB buffer held seconds of compressed pages when the broker lagged (the benchmark
 * saw flushes of 8 s and 16% refetches after a {@code kill -9}).
 *
 * <p>Every send is numbered, and a bounded {@link #flush(Duration)} waits only for the sends
 * numbered before it began: records that site crawls keep sending meanwhile do not hold it (with
 * the global count of unacknowledged records it waited for, the count seldom reached zero under
 * load, so commits were put off pass after pass and finished crawls were reported unconfirmed). A
 * page turned into a CONTENT_REJECTED outcome stays unacknowledged until that outcome is.
 */
public final class KafkaEmitter implements Output {
  private static final Logger log = LoggerFactory.getLogger(KafkaEmitter.class);

  private final Producer<String, byte[]> producer;
  private final Topics topics;
  private final Clock clock;
  private final JsonSerde<FetchedPage> pages = JsonSerde.of(FetchedPage.class);
  private final JsonSerde<Outcome> outcomes = JsonSerde.of(Outcome.class);
  private final JsonSerde<CrawlRequest> requests = JsonSerde.of(CrawlRequest.class);
  private final AtomicReference<Exception> lostRecord = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Rejection> rejections = new ConcurrentLinkedQueue<>();
  // guards sequence and unacknowledged; notified when a send is acknowledged or a rejection queued
  private final Object acknowledged = new Object();
  private long sequence; // number of the last send
  private final TreeSet<Long> unacknowledged = new TreeSet<>(); // numbers of sends not yet settled
  private volatile boolean stopping;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final int pagesInFlight;
  private final Semaphore pageSlots;

  public KafkaEmitter(
      Map<String, Object> kafkaProps, CrawlerSettings settings, Topics topics, Clock clock) {
    this(
        new KafkaProducer<>(producerProps(kafkaProps, settings)),
        topics,
        clock,
        pagesInFlight(settings.maxConcurrentSites()));
  }

  KafkaEmitter(Producer<String, byte[]> producer, Topics topics, Clock clock) {
    this(producer, topics, clock, Integer.MAX_VALUE);
  }

  /**
   * @param pagesInFlight most page records sent and not yet acknowledged (at least 1)
   */
  KafkaEmitter(Producer<String, byte[]> producer, Topics topics, Clock clock, int pagesInFlight) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pagesInFlight < 1) {
      throw new IllegalArgumentException("pagesInFlight must be at least 1, got " + pagesInFlight);
    }
    this.pagesInFlight = pagesInFlight;
    this.pageSlots = new Semaphore(pagesInFlight);
  }

  /** One page per concurrent site crawl, at least 16: enough to keep the producer busy. */
  static int pagesInFlight(int maxConcurrentSites) {
    return Math.max(16, maxConcurrentSites);
  }

  static Map<String, Object> producerProps(
      Map<String, Object> kafkaProps, CrawlerSettings settings) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.computeIfPresent(ProducerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-producer");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // pages are HTML: compression keeps a 1 MiB body far below the broker's default 1 MB batch cap,
    // while the uncompressed request limit must allow for JSON escaping of the decoded text
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.putIfAbsent(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize(settings.maxBodyBytes()));
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    return props;
  }

  /**
   * The producer's uncompressed request limit for a body cap: room for the body four times over
   * (JSON escaping of the decoded text) plus headers, at least 1 MiB; computed in {@code long} and
   * capped at {@link Integer#MAX_VALUE}.
   */
  static int maxRequestSize(int maxBodyBytes) {
    long size = Math.max(1024L * 1024, 4L * maxBodyBytes + 64 * 1024);
    return (int) Math.min(size, Integer.MAX_VALUE);
  }

  @Override
  public void page(FetchedPage page) {
    byte[] value = pages.serialize(topics.pages(), page);
    boolean slot = takePageSlot();
    send(
        new ProducerRecord<>(topics.pages(), page.site(), value),
        (e, seq) -> {
          if (e instanceof RecordTooLargeException) {
            // the page stays unacknowledged until its rejection is: a flush that waits for the
            // page waits for the outcome that replaces it, whichever thread sends that
            rejections.add(new Rejection(tooLarge(page, value.length), seq));
            synchronized (acknowledged) {
              acknowledged.notifyAll(); // a waiting flush sends it
            }
            return FailureHandling.REPLACED;
          }
          return FailureHandling.LOST;
        },
        slot ? pageSlots::release : () -> {},
        NONE);
    sendQueuedRejections();
  }

  private static final long NONE = 0; // sequence numbers start at 1

  /** A page record refused as too large, and the number of its send. */
  private record Rejection(Outcome outcome, long pageSequence) {}

  /**
   * Waits for a free page slot; an interrupted caller, or any caller once the worker is stopping,
   * sends without one.
   */
  private boolean takePageSlot() {
    if (pagesInFlight == Integer.MAX_VALUE || stopping) {
      return false;
    }
    try {
      pageSlots.acquire();
      if (stopping) {
        pageSlots.release();
        return false;
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Outcome tooLarge(FetchedPage page, int bytes) {
    return new Outcome(
        Outcome.VERSION,
        page.site(),
        page.finalUrl(),
        Outcome.Stage.CRAWLER,
        Outcome.Kind.CONTENT_REJECTED,
        "page record of " + bytes + " bytes is too large for topic " + topics.pages(),
        clock.instant(),
        Map.of("bytes", Integer.toString(bytes)));
  }

  @Override
  public void outcome(Outcome outcome) {
    sendOutcome(outcome, NONE);
    sendQueuedRejections();
  }

  private void sendOutcome(Outcome outcome, long replacing) {
    send(
        new ProducerRecord<>(
            topics.outcomes(), outcome.site(), outcomes.serialize(topics.outcomes(), outcome)),
        (e, seq) -> FailureHandling.LOST,
        () -> {},
        replacing);
  }

  @Override
  public void request(CrawlRequest request) {
    // discovered links go to their own lane, which workers read only when no seed waits
    String topic =
        request.source() == CrawlRequest.Source.LINK
            ? topics.crawlDiscoveries()
            : topics.crawlRequests();
    send(
        new ProducerRecord<>(topic, request.site(), requests.serialize(topic, request)),
        (e, seq) -> FailureHandling.LOST,
        () -> {},
        NONE);
    sendQueuedRejections();
  }

  private enum FailureHandling {
    /** The record is lost: no commit may pass it. */
    LOST,
    /**
     * The failure was turned into another record (queued, not sent yet); the send stays
     * unacknowledged until that record is acknowledged.
     */
    REPLACED
  }

  /** Handles a failed send, given the exception and the send's number. */
  private interface FailureHandler {
    FailureHandling handle(Exception e, long sequence);
  }

  /**
   * @param replacing the number of a send this record replaces (settled with it), or {@link #NONE}
   */
  private void send(
      ProducerRecord<String, byte[]> record,
      FailureHandler onFailure,
      Runnable whenSettled,
      long replacing) {
    long seq;
    synchronized (acknowledged) {
      seq = ++sequence;
      unacknowledged.add(seq);
    }
    AtomicBoolean settled = new AtomicBoolean();
    Callback callback =
        (metadata, e) -> {
          if (!settled.compareAndSet(false, true)) {
            return;
          }
          boolean replaced = false;
          try {
            if (e != null) {
              replaced = onFailure.handle(e, seq) == FailureHandling.REPLACED;
              if (!replaced) {
                log.error(
                    "could not publish a record for site {} to {}",
                    record.key(),
                    record.topic(),
                    e);
                lostRecord.compareAndSet(null, e);
              }
            }
          } finally {
            whenSettled.run();
            synchronized (acknowledged) {
              if (!replaced) {
                unacknowledged.remove(seq);
              }
              if (replacing != NONE) {
                unacknowledged.remove(replacing);
              }
              acknowledged.notifyAll();
            }
          }
        };
    try {
      producer.send(record, callback);
    } catch (RuntimeException e) {
      // the producer threw instead of calling back (closed, interrupted, fatal error)
      callback.onCompletion(null, e);
    }
  }

  /** Sends the rejections queued by producer callbacks; true if there were any. */
  private boolean sendQueuedRejections() {
    boolean any = false;
    Rejection rejection;
    while ((rejection = rejections.poll()) != null) {
      any = true;
      sendOutcome(rejection.outcome(), rejection.pageSequence());
    }
    return any;
  }

  @Override
  public void flush() {
    do {
      producer.flush();
    } while (sendQueuedRejections());
    throwIfLost();
  }

  /**
   * Waits for the records sent before the call (and the rejection outcomes that replace any of
   * them), not for those sent meanwhile by other threads. A record lost at any time, before the
   * call or during it, still makes it throw.
   */
  @Override
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long upTo;
    synchronized (acknowledged) {
      upTo = sequence;
    }
    // records wait at most linger.ms before they are sent: no need to force them out
    while (true) {
      sendQueuedRejections(); // not on the producer's I/O thread, so sent here
      synchronized (acknowledged) {
        if (!rejections.isEmpty()) {
          continue; // queued after the send above: send it first
        }
        if (unacknowledged.isEmpty() || unacknowledged.first() > upTo) {
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throwIfLost();
          return false;
        }
        try {
          acknowledged.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throwIfLost();
          return false;
        }
      }
    }
    throwIfLost();
    return true;
  }

  private void throwIfLost() {
    Exception lost = lostRecord.get();
    if (lost != null) {
      throw new IllegalStateException(
          "a crawler output record could not be published (" + lost + "); not committing", lost);
    }
  }

  @Override
  public void stopping() {
    stopping = true;
    if (pagesInFlight != Integer.MAX_VALUE) {
      pageSlots.release(pagesInFlight); // wakes fetch threads waiting for a slot
    }
  }

  @Override
  public boolean hasPending() {
    synchronized (acknowledged) {
      return !unacknowledged.isEmpty() || !rejections.isEmpty();
    }
  }

  @Override
  public void close(Duration timeout) {
    if (closed.compareAndSet(false, true)) {
      producer.close(timeout);
    }
  }
}
