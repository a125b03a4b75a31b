package org.sitewatch.infra.kafka;

import java.time.Duration;
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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.sitewatch.events.Topics;

/** Creates the pipeline's topics and measures consumer-group lag, through the Kafka Admin API. */
public final class TopicAdmin implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TopicAdmin.class);
  private final Admin admin;
  private final Map<String, Object> clientProps;
  private Consumer<byte[], byte[]> markerProbe;

  public TopicAdmin(Map<String, Object> kafkaProps) {
    this.clientProps = Map.copyOf(kafkaProps);
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.putIfAbsent("client.id", "sitewatch-admin");
    this.admin = Admin.create(props);
  }

  /**
   * The largest record every topic takes (a topic's {@code max.message.bytes}): 8 MiB, above the
   * broker's 1 MiB default, for a page of the body cap with its capture and a 4 MiB lexicon. The
   * Kubernetes KafkaTopics set the same ({@code DeployConfigTest}).
   */
  public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

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
      configs.put("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
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
    Map<TopicPartition, long[]> lags = partitionLags(groupId, mustCover);
    return lags == null ? -1 : lags.values().stream().mapToLong(l -> l[1] - l[0]).sum();
  }

  /**
   * Like {@link #lag}, but counting only records that a {@code read_committed} consumer would still
   * read: a partition written by a transactional producer (the classifier under exactly-once) ends
   * with a commit marker that takes an offset but is never delivered, so a consumer that committed
   * after its last record is one offset short of the end forever. For each partition that shows
   * lag, a {@code read_committed} consumer without a group seeks to the committed offset and polls
   * (at most {@code MARKER_PROBE_POLLS} times for 100 ms): if it reaches the end without a record,
   * the partition has no lag. Returns -1 when Kafka does not answer.
   */
  public long recordLag(String groupId, Set<String> mustCover) {
    Map<TopicPartition, long[]> lags = partitionLags(groupId, mustCover);
    if (lags == null) {
      return -1;
    }
    Map<TopicPartition, long[]> behind = new HashMap<>();
    lags.forEach(
        (tp, l) -> {
          if (l[1] > l[0]) {
            behind.put(tp, l);
          }
        });
    if (behind.isEmpty()) {
      return 0;
    }
    Consumer<byte[], byte[]> consumer = markerProbe();
    consumer.assign(behind.keySet());
    behind.forEach((tp, l) -> consumer.seek(tp, l[0]));
    try {
      for (int poll = 0; poll < MARKER_PROBE_POLLS; poll++) {
        if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
          break; // a record: real lag
        }
        if (behind.entrySet().stream()
            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue()[1])) {
          return 0;
        }
      }
    } catch (KafkaException e) {
      return -1;
    } finally {
      consumer.unsubscribe();
    }
    return behind.values().stream().mapToLong(l -> l[1] - l[0]).sum();
  }

  private static final int MARKER_PROBE_POLLS = 5;

  private Consumer<byte[], byte[]> markerProbe() {
    if (markerProbe == null) {
      Map<String, Object> props = new HashMap<>(clientProps);
      props.remove(ConsumerConfig.GROUP_ID_CONFIG);
      props.put(ConsumerConfig.CLIENT_ID_CONFIG, "sitewatch-admin-lag");
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      markerProbe =
          new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    return markerProbe;
  }

  /** Per partition {committed, end}; null when Kafka does not answer. */
  private Map<TopicPartition, long[]> partitionLags(String groupId, Set<String> mustCover) {
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
      Map<TopicPartition, long[]> lags = new HashMap<>();
      for (var e : ends.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        long position = c == null ? 0 : c.offset();
        lags.put(e.getKey(), new long[] {position, Math.max(position, e.getValue().offset())});
      }
      return lags;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Closes the clients. An admin call still pending here was given up (its wait ran out, or the
   * thread was interrupted by a stop): it is not waited for, as Kafka's own close would (up to its
   * 60 s API timeout with the brokers away).
   */
  @Override
  public void close() {
    if (markerProbe != null) {
      markerProbe.close();
    }
    admin.close(CLOSE_TIMEOUT);
  }

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
}
