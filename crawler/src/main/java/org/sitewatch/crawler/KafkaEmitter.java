package org.sitewatch.crawler;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * CONTENT_REJECTED outcome. Any other failed send (the producer already retried until its delivery
 * timeout) makes {@link #flush()} throw, so the worker stops before committing offsets whose output
 * was lost; the requests are then consumed again.
 */
final class KafkaEmitter implements Emitter, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaEmitter.class);

  private final KafkaProducer<String, byte[]> producer;
  private final Topics topics;
  private final Clock clock;
  private final JsonSerde<FetchedPage> pages = JsonSerde.of(FetchedPage.class);
  private final JsonSerde<Outcome> outcomes = JsonSerde.of(Outcome.class);
  private final JsonSerde<CrawlRequest> requests = JsonSerde.of(CrawlRequest.class);
  private final AtomicReference<Exception> lostRecord = new AtomicReference<>();

  KafkaEmitter(
      Map<String, Object> kafkaProps, CrawlerSettings settings, Topics topics, Clock clock) {
    this.topics = topics;
    this.clock = clock;
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
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(1024 * 1024, 4 * settings.maxBodyBytes() + 64 * 1024));
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    this.producer = new KafkaProducer<>(props);
  }

  @Override
  public void page(FetchedPage page) {
    byte[] value = pages.serialize(topics.pages(), page);
    producer.send(
        new ProducerRecord<>(topics.pages(), page.site(), value),
        (metadata, e) -> {
          if (e instanceof RecordTooLargeException) {
            outcome(
                new Outcome(
                    Outcome.VERSION,
                    page.site(),
                    page.finalUrl(),
                    Outcome.Stage.CRAWLER,
                    Outcome.Kind.CONTENT_REJECTED,
                    "page record of "
                        + value.length
                        + " bytes is too large for topic "
                        + topics.pages(),
                    clock.instant(),
                    Map.of("bytes", Integer.toString(value.length))));
          } else if (e != null) {
            log.error("could not publish page {} to {}", page.finalUrl(), topics.pages(), e);
            lostRecord.compareAndSet(null, e);
          }
        });
  }

  @Override
  public void outcome(Outcome outcome) {
    send(topics.outcomes(), outcome.site(), outcomes.serialize(topics.outcomes(), outcome));
  }

  @Override
  public void request(CrawlRequest request) {
    send(
        topics.crawlRequests(),
        request.site(),
        requests.serialize(topics.crawlRequests(), request));
  }

  private void send(String topic, String key, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, e) -> {
          if (e != null) {
            log.error("could not publish a record for site {} to {}", key, topic, e);
            lostRecord.compareAndSet(null, e);
          }
        });
  }

  /**
   * Blocks until every record sent so far is acknowledged.
   *
   * @throws IllegalStateException if some record could not be written: offsets must not be
   *     committed past the work that produced it
   */
  void flush() {
    producer.flush();
    Exception lost = lostRecord.get();
    if (lost != null) {
      throw new IllegalStateException(
          "a crawler output record could not be published (" + lost + "); not committing", lost);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
