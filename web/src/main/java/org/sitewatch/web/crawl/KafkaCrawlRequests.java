package org.sitewatch.web.crawl;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;

/**
 * Sends the workbench's crawl requests to the crawl-request topic, keyed by site (the crawler's
 * partitioning key), with the events' JSON serialisation, exactly as {@code sitewatch seed} does.
 * Each send waits for every in-sync replica ({@code acks=all}) up to a timeout, so the analyst is
 * told at once when the broker did not take her request. Closing closes the producer.
 */
public final class KafkaCrawlRequests implements CrawlRequests, AutoCloseable {
  /** How long a send waits for the broker by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaProducer<String, CrawlRequest> producer;
  private final String topic;
  private final Duration timeout;

  /**
   * A producer on {@code topic} with the client settings {@code kafkaProps} (bootstrap servers,
   * security); acks, idempotence and the client id are set here.
   */
  public KafkaCrawlRequests(Map<String, Object> kafkaProps, String topic, Duration timeout) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put("acks", "all");
    props.put("enable.idempotence", true);
    props.putIfAbsent("client.id", "sitewatch-workbench");
    int millis = (int) Math.min(Math.max(timeout.toMillis(), 1_000L), Integer.MAX_VALUE / 2);
    props.put("max.block.ms", (long) millis);
    props.put("request.timeout.ms", millis);
    props.put("delivery.timeout.ms", millis + 1_000);
    this.producer =
        new KafkaProducer<>(props, new StringSerializer(), JsonSerde.of(CrawlRequest.class));
  }

  public KafkaCrawlRequests(Map<String, Object> kafkaProps, String topic) {
    this(kafkaProps, topic, DEFAULT_TIMEOUT);
  }

  @Override
  public void send(CrawlRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      producer
          .send(new ProducerRecord<>(topic, request.site(), request))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "the broker did not take the crawl request for "
              + request.site()
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no answer from the broker within " + timeout + " for " + request.site(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending a crawl request", e);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new IllegalStateException(
          "cannot send the crawl request for " + request.site() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close(timeout);
  }
}
