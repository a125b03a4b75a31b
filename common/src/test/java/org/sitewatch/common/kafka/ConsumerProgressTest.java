package org.sitewatch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ConsumerProgressTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private final TopicPartition tp = new TopicPartition("t", 0);
  private final ConsumerProgress progress = new ConsumerProgress(Clock.fixed(NOW, ZoneOffset.UTC));
  private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");

  private static ConsumerRecord<String, String> record(long offset, Instant at) {
    return new ConsumerRecord<>(
        "t",
        0,
        offset,
        at.toEpochMilli(),
        TimestampType.CREATE_TIME,
        1,
        1,
        "k",
        "v",
        new RecordHeaders(),
        Optional.empty());
  }

  @Test
  void countsTheBatchInProgressAndWhatIsBehindItThenOnlyWhatIsBehind() {
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    consumer.updateEndOffsets(Map.of(tp, 5L));
    consumer.addRecord(record(0, NOW.minusSeconds(50)));
    consumer.addRecord(record(1, NOW.minusSeconds(40)));
    consumer.addRecord(record(2, NOW.minusSeconds(30)));

    ConsumerRecords<String, String> batch = consumer.poll(Duration.ZERO);
    progress.polled(consumer, batch);
    assertThat(progress.lag("t")).isEqualTo(5);
    assertThat(progress.oldestUnprocessedAge("t")).isEqualTo(Duration.ofSeconds(50));

    progress.handled(batch);
    assertThat(progress.lag("t")).isEqualTo(2);
    // the next record is unseen: the last one handled bounds its age from above
    assertThat(progress.oldestUnprocessedAge("t")).isEqualTo(Duration.ofSeconds(30));
    assertThat(progress.lag("other")).isZero();
  }

  @Test
  void isZeroWhenCaughtUp() {
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    consumer.updateEndOffsets(Map.of(tp, 1L));
    consumer.addRecord(record(0, NOW.minusSeconds(50)));

    ConsumerRecords<String, String> batch = consumer.poll(Duration.ZERO);
    progress.polled(consumer, batch);
    progress.handled(batch);
    progress.polled(consumer, consumer.poll(Duration.ZERO));

    assertThat(progress.lag("t")).isZero();
    assertThat(progress.oldestUnprocessedAge("t")).isEqualTo(Duration.ZERO);
  }

  @Test
  void countsHandledRecordsOnlyOnceTheirBatchIsHandledAndNeverGoesBack() {
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    consumer.updateEndOffsets(Map.of(tp, 3L));
    consumer.addRecord(record(0, NOW.minusSeconds(50)));
    consumer.addRecord(record(1, NOW.minusSeconds(40)));

    ConsumerRecords<String, String> batch = consumer.poll(Duration.ZERO);
    progress.polled(consumer, batch);
    assertThat(progress.handled("t")).as("polled, not yet handled").isZero();
    progress.handled(batch);
    assertThat(progress.handled("t")).isEqualTo(2);

    consumer.addRecord(record(2, NOW.minusSeconds(30)));
    ConsumerRecords<String, String> next = consumer.poll(Duration.ZERO);
    progress.polled(consumer, next);
    progress.handled(next);
    progress.polled(consumer, consumer.poll(Duration.ZERO));
    assertThat(progress.handled("t")).isEqualTo(3);
    assertThat(progress.handled("other")).isZero();
  }
}
