package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;

class UnwritableRecordHandlerTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

  @Test
  void aRecordTooLargeForItsTopicIsDroppedAsAnOutcomeAndProcessingResumes() {
    UnwritableRecordHandler handler = new UnwritableRecordHandler();
    handler.configure(
        Map.of(
            BadRecordHandler.OUTCOMES_TOPIC_CONFIG,
            "test.outcomes",
            BadRecordHandler.CLOCK_CONFIG,
            Clock.fixed(NOW, ZoneOffset.UTC)));
    ProducerRecord<byte[], byte[]> huge =
        new ProducerRecord<>(
            "app-site-state-changelog",
            "big.test".getBytes(StandardCharsets.UTF_8),
            new byte[2_000_000]);

    ProductionExceptionHandler.Response response =
        handler.handleError(null, huge, new RecordTooLargeException("too large"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.topic()).isEqualTo("test.outcomes");
              Outcome outcome = JsonSerde.of(Outcome.class).deserialize(r.topic(), r.value());
              assertThat(outcome.site()).isEqualTo("big.test");
              assertThat(outcome.at()).isEqualTo(NOW);
              assertThat(outcome.reason())
                  .contains("app-site-state-changelog")
                  .contains("too large");
              assertThat(outcome.details()).containsEntry("bytes", "2000000");
            });
  }
}
