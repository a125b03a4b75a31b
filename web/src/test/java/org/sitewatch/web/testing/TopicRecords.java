package org.sitewatch.web.testing;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.embedded.TopicReader;

/** Reads what a test's broker holds on a topic, without joining a consumer group. */
public final class TopicRecords {
  private TopicRecords() {}

  /**
   * Every crawl request on {@code topic} so far: read from the start of each partition to its end
   * offset as it was when called ({@link TopicReader}, which fails rather than return a part).
   */
  public static List<ConsumerRecord<String, CrawlRequest>> crawlRequests(
      EmbeddedKafka kafka, String topic) {
    return TopicReader.readAll(kafka.clientProps(), topic, JsonSerde.of(CrawlRequest.class));
  }
}
