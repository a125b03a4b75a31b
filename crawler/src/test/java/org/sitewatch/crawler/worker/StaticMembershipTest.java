package org.sitewatch.crawler.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.CrawlerSettings;

/** A crawler's static member id: its group consumer's, and the key of its transactional id. */
class StaticMembershipTest {
  private final CrawlerSettings settings =
      CrawlDuplicatesIT.settings(8080, Path.of("target", "static-membership"));

  @Test
  void theRequestConsumerIsAStaticMemberAndTheSelfAssignedLaneIsNot() {
    Map<String, Object> kafka =
        Map.of("bootstrap.servers", "k:9092", ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "crawler-0");

    Map<String, Object> requests = WorkerClients.consumerProps(kafka, settings);
    Map<String, Object> lane = DiscoveryLane.consumerProps(requests);

    assertThat(requests).containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "crawler-0");
    assertThat(lane).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
  }

  @Test
  void aRestartedWorkerKeepsItsTransactionalIdOnlyWithAStaticMemberId() {
    Map<String, Object> member =
        Map.of("bootstrap.servers", "k:9092", ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "crawler-0");
    Map<String, Object> anonymous = Map.of("bootstrap.servers", "k:9092");

    assertThat(WorkerClients.transactionalId(settings, member))
        .isEqualTo(WorkerClients.transactionalId(settings, member))
        .isEqualTo(settings.groupId() + "-state-crawler-0");
    assertThat(WorkerClients.transactionalId(settings, anonymous))
        .as("random per process: two workers without a static id never fence each other")
        .isNotEqualTo(WorkerClients.transactionalId(settings, anonymous));
  }
}
