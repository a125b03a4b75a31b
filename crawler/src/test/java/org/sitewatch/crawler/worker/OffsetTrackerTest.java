package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition P0 = new TopicPartition("requests", 0);
  private static final TopicPartition P1 = new TopicPartition("requests", 1);

  @Test
  void commitsOnlyUpToTheLowestUnfinishedRequest() {
    OffsetTracker t = new OffsetTracker();
    t.open(P0, 10);
    t.open(P0, 11);
    t.open(P0, 12);
    t.done(P0, 11);
    t.done(P0, 12);
    assertThat(t.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
    t.committed(t.committable());
    assertThat(t.committable()).isEmpty();
    t.done(P0, 10);
    assertThat(t.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
  }

  @Test
  void tracksPartitionsIndependently() {
    OffsetTracker t = new OffsetTracker();
    t.open(P0, 0);
    t.open(P1, 5);
    t.done(P1, 5);
    assertThat(t.committable()).containsEntry(P1, new OffsetAndMetadata(6));
    assertThat(t.committable().get(P0)).isEqualTo(new OffsetAndMetadata(0));
    assertThat(t.openCount()).isEqualTo(1);
  }

  @Test
  void forgetsRevokedPartitionsAndIgnoresTheirLateCompletions() {
    OffsetTracker t = new OffsetTracker();
    t.open(P0, 3);
    t.forget(List.of(P0));
    t.done(P0, 3);
    assertThat(t.committable()).isEmpty();
    assertThat(t.hasUncommitted()).isFalse();
  }

  @Test
  void remembersFinishedOffsetsAcrossARevocationUntilACommitPassesThem() {
    OffsetTracker t = new OffsetTracker();
    t.open(P0, 4);
    t.open(P0, 5);
    t.done(P0, 5); // finished, but behind the still-open 4: not committable
    t.committed(t.committable());
    t.forget(List.of(P0));
    assertThat(t.isFinished(P0, 5)).isTrue();
    assertThat(t.isFinished(P0, 4)).isFalse();
    // the partition comes back; the consumer re-delivers from the committed offset 4
    t.open(P0, 4);
    t.done(P0, 4);
    t.open(P0, 5);
    t.done(P0, 5);
    assertThat(t.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(6)));
    t.committed(t.committable());
    assertThat(t.isFinished(P0, 5)).isFalse();
  }
}
