package org.sitewatch.infra.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.sitewatch.events.Topics;

/** Creates the pipeline's topics and measures consumer-group lag, through the Kafka Admin API. */
public final class TopicAdmin implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TopicAdmin.class);
  private final Admin admin;

  public TopicAdmin(Map<String, Object> kafkaProps) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.putIfAbsent("client.id", "sitewatch-admin");
    this.admin = Admin.create(props);
  }

  /**
   * Creates every missing topic of {@code topics}; existing topics are left as they are. A missing
   * topic that must be co-partitioned with an existing {@code crawl-requests} (crawl state, the
   * discoveries lane) gets its partition count, whatever {@code partitions} says.
   */
  public void createTopics(Topics topics, int partitions, short replicationFactor) {
    List<NewTopic> wanted = new ArrayList<>();
    for (Topics.TopicSpec spec : topics.specs(partitions, replicationFactor)) {
      Map<String, String> configs = new HashMap<>();
      configs.put("cleanup.policy", spec.cleanupPolicy());
      if (spec.retentionMs() > 0) {
        configs.put("retention.ms", Long.toString(spec.retentionMs()));
      }
      configs.put("max.message.bytes", Integer.toString(8 * 1024 * 1024));
      wanted.add(
          new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(configs));
    }
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      wanted.removeIf(t -> existing.contains(t.name()));
      if (existing.contains(topics.crawlRequests())) {
        // an upgrade that adds a co-partitioned topic: it must match the partitions that
        // crawl-requests already has, not the configured count, or a site's seeds and its
        // checkpoints or discoveries would sit on different workers
        int existingPartitions =
            admin
                .describeTopics(List.of(topics.crawlRequests()))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topics.crawlRequests())
                .partitions()
                .size();
        Set<String> coPartitioned = Set.of(topics.crawlState(), topics.crawlDiscoveries());
        wanted.replaceAll(
            t ->
                coPartitioned.contains(t.name())
                    ? new NewTopic(t.name(), existingPartitions, t.replicationFactor())
                        .configs(t.configs())
                    : t);
      }
      if (!wanted.isEmpty()) {
        admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
        // a least-privilege principal (docs/security.md): an administrator creates the topics
        LOG.warn(
            "not allowed to create topics ({}); they must exist already",
            e.getCause().getMessage());
      } else if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within 30 s while creating topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * Total lag of a consumer group over every partition it has committed offsets for, plus every
   * partition of {@code mustCover} (a partition the group has never committed counts in full).
   * Returns -1 when Kafka does not answer.
   */
  public long lag(String groupId, Set<String> mustCover) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
      if (!mustCover.isEmpty()) {
        Map<String, TopicDescription> described =
            admin.describeTopics(mustCover).allTopicNames().get(10, TimeUnit.SECONDS);
        described
            .values()
            .forEach(
                d ->
                    d.partitions()
                        .forEach(
                            p ->
                                request.put(
                                    new TopicPartition(d.name(), p.partition()),
                                    OffsetSpec.latest())));
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
      long lag = 0;
      for (var e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        long position = c == null ? 0 : c.offset();
        lag += Math.max(0, e.getValue().offset() - position);
      }
      return lag;
    } catch (ExecutionException | TimeoutException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
