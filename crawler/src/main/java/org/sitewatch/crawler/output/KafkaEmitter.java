package org.sitewatch.crawler.output;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
  private final ConcurrentLinkedQueue<Outcome> rejections = new ConcurrentLinkedQueue<>();
  private final AtomicLong unacknowledged = new AtomicLong();
  private final Object acknowledged = new Object(); // notified when nothing is unacknowledged
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
        e -> {
          if (e instanceof RecordTooLargeException) {
            rejections.add(tooLarge(page, value.length));
            return true;
          }
          return false;
        },
        slot ? pageSlots::release : () -> {});
    sendQueuedRejections();
  }

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
    sendOutcome(outcome);
    sendQueuedRejections();
  }

  private void sendOutcome(Outcome outcome) {
    send(
        new ProducerRecord<>(
            topics.outcomes(), outcome.site(), outcomes.serialize(topics.outcomes(), outcome)),
        e -> false,
        () -> {});
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
        e -> false,
        () -> {});
    sendQueuedRejections();
  }

  /** Handles a failed send; true when the failure was turned into data and is not a loss. */
  private interface FailureHandler {
    boolean handled(Exception e);
  }

  private void send(
      ProducerRecord<String, byte[]> record, FailureHandler onFailure, Runnable whenSettled) {
    AtomicBoolean settled = new AtomicBoolean();
    Callback callback =
        (metadata, e) -> {
          if (!settled.compareAndSet(false, true)) {
            return;
          }
          try {
            if (e != null && !onFailure.handled(e)) {
              log.error(
                  "could not publish a record for site {} to {}", record.key(), record.topic(), e);
              lostRecord.compareAndSet(null, e);
            }
          } finally {
            whenSettled.run();
            if (unacknowledged.decrementAndGet() == 0) {
              synchronized (acknowledged) {
                acknowledged.notifyAll();
              }
            }
          }
        };
    unacknowledged.incrementAndGet();
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
    Outcome rejection;
    while ((rejection = rejections.poll()) != null) {
      any = true;
      sendOutcome(rejection);
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

  @Override
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      // records wait at most linger.ms before they are sent: no need to force them out
      synchronized (acknowledged) {
        while (unacknowledged.get() > 0) {
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
    } while (sendQueuedRejections());
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
    return unacknowledged.get() > 0 || !rejections.isEmpty();
  }

  @Override
  public void close(Duration timeout) {
    if (closed.compareAndSet(false, true)) {
      producer.close(timeout);
    }
  }
}
