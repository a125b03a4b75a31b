package org.sitewatch.crawler.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.crawler.output.KafkaEmitter;
import org.sitewatch.crawler.output.Output;
import org.sitewatch.crawler.state.CrawlStateStore;
import org.sitewatch.crawler.state.KafkaCrawlState;
import org.sitewatch.events.Topics;

/**
 * The Kafka clients of one worker: the request consumer, the output producer, the crawl-state store
 * and the discoveries lane. Here the consumer's settings are chosen (group, manual commits,
 * assignor, session timeout); the producer's are in {@link KafkaEmitter}.
 */
record WorkerClients(
    Consumer<String, byte[]> consumer, Output output, CrawlStateStore state, DiscoveryLane lane) {

  /**
   * @param kafkaProps client properties; must contain {@code bootstrap.servers}, may contain {@code
   *     client.id} and security settings. Serdes, the group id, manual commits and producer
   *     durability are set here.
   */
  static WorkerClients open(
      CrawlerSettings settings, Map<String, Object> kafkaProps, Topics topics, Clock clock) {
    Objects.requireNonNull(kafkaProps, "kafkaProps");
    Objects.requireNonNull(topics, "topics");
    if (!kafkaProps.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("kafkaProps must contain bootstrap.servers");
    }
    KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(consumerProps(kafkaProps, settings));
    KafkaEmitter emitter = null;
    KafkaConsumer<String, byte[]> laneConsumer = null;
    try {
      laneConsumer =
          new KafkaConsumer<>(DiscoveryLane.consumerProps(consumerProps(kafkaProps, settings)));
      emitter = new KafkaEmitter(kafkaProps, settings, topics, clock);
      KafkaCrawlState state =
          new KafkaCrawlState(
              kafkaProps,
              topics.crawlState(),
              topics.outcomes(),
              transactionalId(settings, kafkaProps));
      return new WorkerClients(
          consumer, emitter, state, new DiscoveryLane(laneConsumer, topics.crawlDiscoveries()));
    } catch (RuntimeException e) {
      consumer.close();
      if (laneConsumer != null) {
        laneConsumer.close(Duration.ZERO);
      }
      if (emitter != null) {
        emitter.close(Duration.ZERO);
      }
      throw e;
    }
  }

  /**
   * The crawl-state producer's transactional id: the group and the worker's static member id
   * ({@code group.instance.id}), so a restarted worker fences its predecessor and aborts the
   * outcome it left unpublished; without one a random id per process (the broker aborts a killed
   * worker's open transaction after {@code transaction.timeout.ms}). Never shared by two live
   * workers: the group refuses two members with one instance id.
   */
  static String transactionalId(CrawlerSettings settings, Map<String, Object> kafkaProps) {
    Object instance = kafkaProps.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    return settings.groupId()
        + "-state-"
        + (instance == null ? "pid-" + UUID.randomUUID() : instance.toString());
  }

  static Map<String, Object> consumerProps(
      Map<String, Object> kafkaProps, CrawlerSettings settings) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.computeIfPresent(ConsumerConfig.CLIENT_ID_CONFIG, (k, v) -> v + "-consumer");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // the request topic is a work queue: requests written before the group first joined still count
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // few records per poll, so that pausing bounds the local backlog closely
    props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxConcurrentSites());
    // site crawls last minutes: a worker joining or leaving must not revoke every partition; the
    // broker-side "consumer" group protocol has its own assignors and rejects this setting
    if (!props.containsKey(ConsumerConfig.GROUP_PROTOCOL_CONFIG)) {
      props.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
      // a killed worker's sites wait for its session to expire before another worker resumes
      // them: 10 s instead of the default 45 s (the consumer thread polls continuously, crawls
      // run on other threads, so heartbeats are never late)
      props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
      props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
    }
    return props;
  }
}
