package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.crawler.state.CrawlCheckpoint;
import org.sitewatch.crawler.state.CrawlStateStore;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.Topics;

/**
 * Checkpoints are on only when the crawl-state topic exists with at least the request topic's
 * partitions; a missing topic (no partitions) or a smaller one leaves them off, and the worker
 * crawls without them (docs/crawl-state.md).
 */
class WorkerCrawlStateTest {
  private final Topics topics = Topics.withPrefix("t.");

  @ParameterizedTest(name = "state topic with {0} partition(s), request topic with {1}: on={2}")
  @CsvSource({
    "0, 3, false", // the crawl-state topic does not exist
    "2, 3, false", // fewer partitions: partition p would not hold the sites of request partition p
    "3, 3, true",
    "4, 3, true"
  })
  void turnsCheckpointsOnOnlyWhenTheStateTopicHasTheRequestTopicsPartitions(
      int statePartitions, int requestPartitions, boolean on) {
    MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.NONE);
    consumer.updatePartitions(
        topics.crawlRequests(),
        IntStream.range(0, requestPartitions)
            .mapToObj(p -> new PartitionInfo(topics.crawlRequests(), p, null, null, null))
            .toList());
    WorkerCrawlState state =
        new WorkerCrawlState(store(statePartitions), topics, new NoOutput(), new CrawlerMetrics());

    state.enable(consumer);

    try {
      assertThat(state.isOn()).isEqualTo(on);
      assertThat(state.writer() != null).isEqualTo(on);
    } finally {
      if (state.writer() != null) {
        state.writer().close(Duration.ofSeconds(5));
      }
    }
  }

  private static CrawlStateStore store(int partitions) {
    return new CrawlStateStore() {
      @Override
      public int partitions() {
        return partitions;
      }

      @Override
      public Map<String, CrawlCheckpoint> read(int partition, Duration timeout) {
        return Map.of();
      }

      @Override
      public void write(String site, int partition, CrawlCheckpoint checkpoint) {}

      @Override
      public void close(Duration timeout) {}
    };
  }

  private static final class NoOutput implements Output {
    @Override
    public void flush() {}

    @Override
    public boolean flush(Duration timeout) {
      return true;
    }

    @Override
    public void stopping() {}

    @Override
    public boolean hasPending() {
      return false;
    }

    @Override
    public void close(Duration timeout) {}

    @Override
    public void page(FetchedPage page) {}

    @Override
    public void outcome(Outcome outcome) {}

    @Override
    public void request(CrawlRequest request) {}
  }
}
