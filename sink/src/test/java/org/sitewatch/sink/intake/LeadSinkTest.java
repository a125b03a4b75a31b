package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.sitewatch.events.Topics;

class LeadSinkTest {
  // never connected to: these tests stop before any client opens a connection
  private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

  private LeadSink sink(Map<String, Object> kafkaProps) {
    return new LeadSink(
        SinkSettings.defaults(),
        dataSource,
        kafkaProps,
        Topics.defaults(),
        Clock.systemUTC(),
        LeadListener.NONE);
  }

  @Test
  void closingASinkThatNeverStartedIsHarmless() {
    LeadSink sink = sink(Map.of("bootstrap.servers", "127.0.0.1:9"));

    sink.close();
    sink.close();

    assertThat(sink.isRunning()).isFalse();
  }

  @Test
  void refusesToStartAfterClose() {
    LeadSink sink = sink(Map.of("bootstrap.servers", "127.0.0.1:9"));
    sink.close();

    assertThatThrownBy(sink::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void startFailsFastWithoutBootstrapServersAndLeavesNothingRunning() {
    LeadSink sink = sink(Map.of());

    assertThatThrownBy(sink::start)
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("bootstrap.servers");
    assertThat(sink.isRunning()).isFalse();
    sink.close();
  }
}
