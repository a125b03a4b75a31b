package org.sitewatch.sink.recrawl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Topics;

/**
 * The sink's own crawl requests (the recrawler's checks, the tip follower's tips) on the
 * crawl-request topic, keyed by site: {@code acks=all}, and a batch returns only once the broker
 * took every request. A broker that is away fails a send within {@link #BLOCK} rather than the
 * producer's minute-long defaults, since the callers hold rows locked while they send. Closing
 * closes the producer.
 */
public final class CrawlRequestSender implements AutoCloseable {
  /** How long a send may wait for metadata or one request's answer. */
  static final Duration BLOCK = Duration.ofSeconds(10);

  /** How long a batch waits for its acknowledgements. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  /** Sends are acknowledged before a batch counts, so close has nothing left worth waiting for. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(1);

  private final KafkaProducer<String, CrawlRequest> producer;
  private final Topics topics;
  private final String what;

  /**
   * @param kafkaProps Kafka client properties ({@code bootstrap.servers} and security settings)
   * @param clientId the producer's client id unless the properties give one
   * @param what what the requests are, for error messages ("recrawl", "tip crawl")
   */
  public CrawlRequestSender(
      Map<String, Object> kafkaProps, Topics topics, String clientId, String what) {
    this.topics = Objects.requireNonNull(topics, "topics");
    this.what = Objects.requireNonNull(what, "what");
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BLOCK.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BLOCK.toMillis());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WAIT.toMillis());
    this.producer =
        new KafkaProducer<>(props, new StringSerializer(), JsonSerde.of(CrawlRequest.class));
  }

  /**
   * Sends the requests and waits for the broker to take them all.
   *
   * @throws KafkaException if one was not taken within {@link #WAIT}
   */
  public void send(List<CrawlRequest> requests) {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (CrawlRequest r : requests) {
      sent.add(producer.send(new ProducerRecord<>(topics.crawlRequests(), r.site(), r)));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw new KafkaException(what + " request not delivered: " + e.getCause(), e.getCause());
      } catch (TimeoutException e) {
        throw new KafkaException(what + " request not acknowledged within " + WAIT, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while publishing " + what + " requests", e);
      }
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_WAIT);
  }
}
