package org.sitewatch.classifier.topology;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;

/**
 * What the classifier's exception handlers share: the outcomes topic and clock from the Streams
 * configuration ({@link BadRecordHandler#OUTCOMES_TOPIC_CONFIG}, {@link
 * BadRecordHandler#CLOCK_CONFIG}) and the record that carries an outcome there, keyed by its site.
 */
final class HandlerOutcomes {
  private final JsonSerde<Outcome> serde = JsonSerde.of(Outcome.class);
  private String topic;
  private Clock clock = Clock.systemUTC();

  void configure(Map<String, ?> configs) {
    Object configured = configs.get(BadRecordHandler.OUTCOMES_TOPIC_CONFIG);
    topic = configured == null || configured.toString().isBlank() ? null : configured.toString();
    if (configs.get(BadRecordHandler.CLOCK_CONFIG) instanceof Clock c) {
      clock = c;
    }
  }

  /** The outcomes topic, or {@code null} when outcomes are only logged. */
  String topic() {
    return topic;
  }

  Instant now() {
    return clock.instant();
  }

  /** The record that writes {@code outcome} to the outcomes topic (which must be set). */
  List<ProducerRecord<byte[], byte[]>> recordOf(Outcome outcome) {
    return List.of(
        new ProducerRecord<>(
            topic,
            outcome.site().getBytes(StandardCharsets.UTF_8),
            serde.serialize(topic, outcome)));
  }
}
