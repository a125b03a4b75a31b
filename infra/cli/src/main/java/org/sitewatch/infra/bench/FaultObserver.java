package org.sitewatch.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.events.Json;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.infra.kafka.TopicAdmin;

/**
 * What {@code bench faults} sees from outside: {@code SITE_CRAWLED} outcomes counted per site (a
 * consumer of the outcome topic without a group), consumer groups (members, committed offsets, lag)
 * and partition replicas through the admin client, and the lead, history and custody rows through
 * JDBC.
 */
final class FaultObserver implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();

  /** A consumer group as the admin client describes it; {@code members} -1 when unknown. */
  record Group(int members, boolean stable, long committed, long lag) {}

  private final FaultCluster cluster;
  private final Admin admin;
  private final TopicAdmin topicAdmin;
  private final Map<String, Integer> crawled = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread outcomeReader;

  FaultObserver(FaultCluster cluster) {
    this.cluster = cluster;
    this.admin = cluster.admin();
    this.topicAdmin = new TopicAdmin(cluster.clientProps());
    String topic = cluster.config().topics().outcomes();
    this.outcomeReader = Threads.start("bench-outcomes", true, () -> readOutcomes(topic));
  }

  private void readOutcomes(String topic) {
    JsonSerde<Outcome> serde = JsonSerde.of(Outcome.class);
    Map<String, Object> props = new HashMap<>(cluster.clientProps());
    props.put("client.id", "sitewatch-bench-faults-outcomes");
    props.put("isolation.level", "read_committed"); // crawl outcomes are transactional
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(60))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Outcome o;
          try {
            o = serde.deserialize(topic, r.value());
          } catch (RuntimeException e) {
            continue; // a bad record is the stages' business; not a crawl
          }
          if (o != null && o.kind() == Outcome.Kind.SITE_CRAWLED) {
            crawled.merge(o.site(), 1, Integer::sum);
          }
        }
      }
    } catch (RuntimeException e) {
      if (running.get()) {
        throw e;
      }
    }
  }

  /** SITE_CRAWLED outcomes seen per site so far. */
  Map<String, Integer> crawled() {
    return Map.copyOf(crawled);
  }

  /**
   * Members, state, committed offsets and lag of a group; lag counts records only (the classifier
   * runs exactly-once: transaction markers sit between a committed offset and the end), -1 when
   * Kafka does not answer.
   */
  Group group(String groupId, Set<String> mustCover) {
    int members = -1;
    boolean stable = false;
    long committed = -1;
    try {
      ConsumerGroupDescription d =
          admin
              .describeConsumerGroups(List.of(groupId))
              .all()
              .get(10, TimeUnit.SECONDS)
              .get(groupId);
      if (d != null) {
        members = d.members().size();
        stable = d.groupState() == GroupState.STABLE;
      }
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      committed = offsets.values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    return new Group(members, stable, committed, topicAdmin.recordLag(groupId, mustCover));
  }

  /** Partitions of {@code topics} with fewer in-sync replicas than replicas; -1 if unknown. */
  int underReplicated(Collection<String> topics) {
    try {
      Map<String, TopicDescription> described =
          admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
      int under = 0;
      for (TopicDescription d : described.values()) {
        for (var p : d.partitions()) {
          if (p.leader() == null || p.isr().size() < p.replicas().size()) {
            under++;
          }
        }
      }
      return under;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return -1;
    }
  }

  /** Row counts of lead, lead_event and custody_entry, or empty when the database is away. */
  String rowCounts() {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM lead), (SELECT count(*) FROM lead_event),"
                    + " (SELECT count(*) FROM custody_entry), (SELECT coalesce(sum(revision), 0) FROM lead)")) {
      rs.next();
      return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getLong(4);
    } catch (SQLException e) {
      return "";
    }
  }

  /** Reads the leads, their history and custody rows. */
  ReadBack readDatabase() throws SQLException, IOException {
    List<FaultFigures.Lead> leads = new ArrayList<>();
    List<FaultFigures.HistoryRow> history = new ArrayList<>();
    List<FaultFigures.CustodyRow> custody = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT site, pages_scored, pages::text, signals::text FROM lead")) {
        while (rs.next()) {
          List<String> pages = new ArrayList<>();
          for (JsonNode p : JSON.readTree(rs.getString(3))) {
            pages.add(p.path("url").asText() + "|" + p.path("bodySha256").asText());
          }
          List<String> signals = new ArrayList<>();
          for (JsonNode h : JSON.readTree(rs.getString(4))) {
            signals.add(
                h.path("id").asText()
                    + "|"
                    + h.path("url").asText()
                    + "|"
                    + h.path("count").asInt());
          }
          leads.add(new FaultFigures.Lead(rs.getString(1), rs.getInt(2), pages, signals));
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT lead_id, epoch, revision, kind FROM lead_event ORDER BY id")) {
        while (rs.next()) {
          history.add(
              new FaultFigures.HistoryRow(
                  rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT lead_id, seq, action, details::text FROM custody_entry ORDER BY lead_id, seq")) {
        while (rs.next()) {
          custody.add(custodyRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return new ReadBack(leads, history, custody);
  }

  /** The database's rows as {@link FaultFigures} reads them. */
  record ReadBack(
      List<FaultFigures.Lead> leads,
      List<FaultFigures.HistoryRow> history,
      List<FaultFigures.CustodyRow> custody) {}

  static FaultFigures.CustodyRow custodyRow(long leadId, long seq, String action, String details)
      throws IOException {
    if (!FaultFigures.VERDICT_ACTIONS.contains(action)) {
      return new FaultFigures.CustodyRow(leadId, seq, action, 0, 0, "");
    }
    JsonNode d = JSON.readTree(details);
    List<String> conducts = new ArrayList<>();
    d.path("conducts").forEach(n -> conducts.add(n.toString()));
    List<String> pages = new ArrayList<>();
    d.path("pages")
        .forEach(p -> pages.add(p.path("url").asText() + "|" + p.path("body_sha256").asText()));
    String evidence =
        FaultFigures.evidenceKey(
            d.path("flagged").asBoolean(), d.path("score").asDouble(), conducts, pages);
    return new FaultFigures.CustodyRow(
        leadId, seq, action, d.path("epoch").asLong(0), d.path("revision").asLong(0), evidence);
  }

  private Connection connect() throws SQLException {
    DriverManager.setLoginTimeout(10);
    return DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    outcomeReader.join(TimeUnit.SECONDS.toMillis(10));
    topicAdmin.close();
    admin.close(Duration.ofSeconds(5));
  }
}
