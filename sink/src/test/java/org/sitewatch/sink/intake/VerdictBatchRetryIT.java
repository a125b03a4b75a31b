package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sitewatch.sink.Verdicts.flagged;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.LeadStore;

/**
 * A batch retried because its outcome records were not delivered is counted once: the retry
 * re-applies the verdicts (as UNCHANGED) against the real database, and the meters must not count
 * the records again.
 */
class VerdictBatchRetryIT {
  private static TestDatabase postgres;

  private final Topics topics = Topics.withPrefix("retry.");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void startDatabase() {
    postgres = TestDatabase.start();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    postgres.close();
  }

  @Test
  void aBatchRetriedAfterItsOutcomesWereNotDeliveredIsCountedOnce() throws Exception {
    Clock clock = Clock.systemUTC();
    MockProducer<String, Outcome> producer =
        new MockProducer<>(true, null, new StringSerializer(), JsonSerde.of(Outcome.class));
    VerdictBatch batch =
        new VerdictBatch(
            new LeadStore(postgres.migratedDatabase(), clock),
            producer,
            topics,
            clock,
            LeadListener.NONE,
            new SinkMeters(registry, topics.verdicts(), clock));
    Instant fetched = Instant.now().minus(Duration.ofHours(1));
    SiteVerdict verdict = flagged("vip-videos.example", 1, 0.7).withNewestPage("trace", fetched);
    // the unreadable record makes the batch publish an outcome
    ConsumerRecords<String, byte[]> records =
        records(
            record(0, verdict.site(), JsonSerde.of(SiteVerdict.class).serialize("t", verdict)),
            record(1, "broken.example", "{not json".getBytes(StandardCharsets.UTF_8)));

    producer.sendException = new KafkaException("broker away");
    assertThatThrownBy(() -> batch.handle(records)).isInstanceOf(KafkaException.class);
    producer.sendException = null;
    batch.handle(records); // the consumer loop's retry of the same records

    assertThat(leads("OPENED")).isEqualTo(1.0);
    assertThat(leads("UNCHANGED")).isZero();
    assertThat(registry.get("sitewatch.fetch.to.lead").timer().count()).isEqualTo(1);
    assertThat(
            registry
                .get("sitewatch.records.rejected")
                .tags("stage", "sink", "topic", topics.verdicts(), "reason", "unreadable")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(producer.history()).hasSize(1); // the bad record's outcome, once delivered

    batch.handle(
        records(
            record(2, verdict.site(), JsonSerde.of(SiteVerdict.class).serialize("t", verdict))));
    assertThat(leads("UNCHANGED")).as("a later record is counted again").isEqualTo(1.0);
  }

  private double leads(String result) {
    return registry.get("sitewatch.sink.leads").tag("result", result).counter().count();
  }

  private ConsumerRecord<String, byte[]> record(long offset, String key, byte[] value) {
    return new ConsumerRecord<>(topics.verdicts(), 0, offset, key, value);
  }

  @SafeVarargs
  private ConsumerRecords<String, byte[]> records(ConsumerRecord<String, byte[]>... records) {
    return new ConsumerRecords<>(
        Map.of(new TopicPartition(topics.verdicts(), 0), List.of(records)), Map.of());
  }
}
