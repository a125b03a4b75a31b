package org.sitewatch.infra.local;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Topics;

/** Publishes the seeds of an all-in-one run to the crawl-request topic, keyed by site. */
final class Seeder implements AutoCloseable {
  private final KafkaProducer<String, CrawlRequest> producer;
  private final Topics topics;
  private final Clock clock;

  Seeder(Map<String, Object> kafkaProps, Topics topics, Clock clock) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put("client.id", "sitewatch-seeder");
    props.put("acks", "all");
    this.producer =
        new KafkaProducer<>(props, new StringSerializer(), JsonSerde.of(CrawlRequest.class));
    this.topics = topics;
    this.clock = clock;
  }

  /**
   * Publishes one request per URL and waits until the broker has them all.
   *
   * @return the sites they belong to
   * @throws IllegalArgumentException if a URL is not an absolute http(s) URL
   */
  Set<String> seed(Collection<String> urls, CrawlRequest.Source source) {
    Set<String> sites = new LinkedHashSet<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (String url : urls) {
      String site = Sites.siteOf(url);
      sites.add(site);
      CrawlRequest request =
          new CrawlRequest(CrawlRequest.VERSION, url, site, source, 0, null, clock.instant())
              .traced();
      sent.add(producer.send(new ProducerRecord<>(topics.crawlRequests(), site, request)));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "could not publish a seed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing seeds", e);
      }
    }
    return sites;
  }

  @Override
  public void close() {
    producer.close();
  }
}
