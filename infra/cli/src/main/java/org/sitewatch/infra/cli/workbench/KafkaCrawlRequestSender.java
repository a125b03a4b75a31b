package org.sitewatch.infra.cli.workbench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Topics;
import org.sitewatch.web.crawl.CrawlRequests;

/**
 * The workbench's "send a site to be crawled" on a Kafka cluster: the request goes to the
 * crawl-request topic keyed by site, as {@code sitewatch seed} sends it, and {@link #send} returns
 * once the broker has it (acks=all). Kept in the command line so that the web module needs no Kafka
 * wiring of its own; the producer starts from {@code KafkaClients.props}, so a secured cluster is
 * reached with the same {@code kafka.client.*} settings as every other client.
 */
public final class KafkaCrawlRequestSender implements CrawlRequests, AutoCloseable {
  private static final long ACK_TIMEOUT_SECONDS = 30;

  private final KafkaProducer<String, CrawlRequest> producer;
  private final String topic;

  /** {@code kafkaProps}: from {@code KafkaClients.props}. */
  public KafkaCrawlRequestSender(Map<String, Object> kafkaProps, Topics topics) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put("client.id", "sitewatch-workbench");
    props.put("acks", "all");
    // an unreachable cluster answers the analyst within seconds, not after a minute
    props.put("max.block.ms", 10_000);
    props.put("request.timeout.ms", 10_000);
    props.put("delivery.timeout.ms", 25_000);
    this.producer =
        new KafkaProducer<>(props, new StringSerializer(), JsonSerde.of(CrawlRequest.class));
    this.topic = topics.crawlRequests();
  }

  @Override
  public void send(CrawlRequest request) {
    try {
      producer
          .send(new ProducerRecord<>(topic, request.site(), request))
          .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "could not send the crawl request: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      throw new IllegalStateException("could not send the crawl request: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending the crawl request", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10)); // nothing is pending: send waits for every record
  }
}
