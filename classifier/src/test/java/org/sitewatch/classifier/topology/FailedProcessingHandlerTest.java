package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;

class FailedProcessingHandlerTest {
  @Test
  void aRecordAProcessorFailsOnIsSkippedAsAScoreFailedOutcome() {
    Instant now = Instant.parse("2026-11-02T08:00:00Z");
    FailedProcessingHandler handler = new FailedProcessingHandler();
    handler.configure(
        Map.of(
            BadRecordHandler.OUTCOMES_TOPIC_CONFIG,
            "test.outcomes",
            BadRecordHandler.CLOCK_CONFIG,
            Clock.fixed(now, ZoneOffset.UTC)));

    ProcessingExceptionHandler.Response response =
        handler.handleError(
            null,
            new Record<>("odd.test", "value", 0L),
            new IllegalStateException("unexpected state"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .singleElement()
        .satisfies(
            r -> {
              Outcome outcome = JsonSerde.of(Outcome.class).deserialize(r.topic(), r.value());
              assertThat(outcome.site()).isEqualTo("odd.test");
              assertThat(outcome.kind()).isEqualTo(Outcome.Kind.SCORE_FAILED);
              assertThat(outcome.reason()).contains("unexpected state");
            });
  }
}
