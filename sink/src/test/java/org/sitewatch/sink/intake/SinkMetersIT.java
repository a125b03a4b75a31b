package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sitewatch.sink.Verdicts.flagged;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.sink.TestDatabase;

/** The sink's meters and the lead's trace id, on a real broker and database. */
class SinkMetersIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;
  private static TestDatabase postgres;
  private static KafkaProducer<String, byte[]> producer;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Topics topics = Topics.withPrefix("meters.");
  private LeadSink sink;

  @BeforeAll
  static void startInfrastructure() {
    kafka = EmbeddedKafka.start();
    postgres = TestDatabase.start();
    producer =
        new KafkaProducer<>(kafka.clientProps(), new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopInfrastructure() throws Exception {
    producer.close();
    kafka.close();
    postgres.close();
  }

  @AfterEach
  void closeSink() {
    if (sink != null) {
      sink.close();
    }
  }

  @Test
  void appliedVerdictsAreCountedByResultTimedFromTheirPageFetchAndLeaveTheirTraceOnTheLead()
      throws Exception {
    kafka.createTopics(1, topics.verdicts(), topics.outcomes());
    DataSource db = postgres.migratedDatabase();
    sink =
        LeadSink.builder(
                new SinkSettings("sink-meters", Duration.ofMillis(200)),
                db,
                kafka.clientProps(),
                topics)
            .clock(Clock.systemUTC())
            .meters(registry)
            .build();
    sink.start();
    Instant fetched = Instant.now().minus(Duration.ofHours(1));

    send(flagged("vip-videos.example", 1, 0.7).withNewestPage("trace-one", fetched));
    sendRaw("broken.example", "{not json".getBytes(StandardCharsets.UTF_8));
    send(flagged("vip-videos.example", 2, 0.8).withNewestPage("trace-two", fetched));

    await().atMost(WAIT).until(() -> leads("UPDATED") == 1.0);
    assertThat(leads("OPENED")).isEqualTo(1.0);
    var fetchToLead = registry.get("sitewatch.fetch.to.lead").timer();
    assertThat(fetchToLead.count()).isEqualTo(2);
    // each verdict's page was fetched an hour before its lead committed
    assertThat(fetchToLead.max(TimeUnit.SECONDS)).isGreaterThanOrEqualTo(3600.0);
    assertThat(
            registry
                .get("sitewatch.records.rejected")
                .tags("stage", "sink", "topic", topics.verdicts(), "reason", "unreadable")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(traceOf(db, "vip-videos.example")).isEqualTo("trace-two");
    await()
        .atMost(WAIT)
        .until(
            () ->
                registry
                        .get("sitewatch.consumer.lag")
                        .tags("stage", "sink", "topic", topics.verdicts())
                        .gauge()
                        .value()
                    == 0.0);
    assertThat(registry.getMeters())
        .anyMatch(m -> m.getId().getName().startsWith("kafka.consumer"));
  }

  private double leads(String result) {
    return registry.get("sitewatch.sink.leads").tag("result", result).counter().count();
  }

  private static String traceOf(DataSource db, String site) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT trace_id FROM lead WHERE site = ?")) {
      ps.setString(1, site);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private void send(SiteVerdict verdict) {
    sendRaw(verdict.site(), JsonSerde.of(SiteVerdict.class).serialize(topics.verdicts(), verdict));
  }

  private void sendRaw(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topics.verdicts(), key, value)).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
