package org.sitewatch.infra.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;

/**
 * Whether anything accepted was lost: each accepted receipt's report is in {@code tip_report} (by
 * the receipt's hash, as the site stores it), and each accepted tip's crawl request (source TIP,
 * its site and URL as the one URL checker makes them) is on the crawl-request topic, read from the
 * beginning to its end. The public site may send after answering, so the topic is read until every
 * request is there or {@code wait} has passed.
 */
final class TipLossCheck {
  private TipLossCheck() {}

  /** A tip the site accepted: the receipt it showed and the URL reported. */
  record AcceptedTip(String receipt, String url) {}

  static TipLoadFigures.Loss check(
      DataSource db,
      Map<String, Object> kafkaProps,
      String topic,
      List<AcceptedTip> accepted,
      Duration wait)
      throws SQLException {
    Set<String> hashes = new HashSet<>();
    long unsent;
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT receipt_hash FROM tip_report")) {
        while (rs.next()) {
          hashes.add(rs.getString(1));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tip WHERE crawl_sent_at IS NULL")) {
        rs.next();
        unsent = rs.getLong(1);
      }
    }
    List<String> notInDatabase = new ArrayList<>();
    Map<String, Integer> wanted = new HashMap<>();
    for (AcceptedTip t : accepted) {
      boolean stored =
          Receipts.normalize(t.receipt()).map(Receipts::hash).filter(hashes::contains).isPresent();
      if (!stored) {
        notInDatabase.add(t.receipt().substring(0, Math.min(4, t.receipt().length())) + "-...");
      }
      wanted.merge(key(t.url()), 1, Integer::sum);
    }
    long[] read = {0};
    readTopic(kafkaProps, topic, wanted, read, wait);
    List<String> notOnTopic = new ArrayList<>();
    wanted.forEach(
        (k, n) -> {
          for (int i = 0; i < n; i++) {
            notOnTopic.add(k);
          }
        });
    notOnTopic.sort(null);
    return new TipLoadFigures.Loss(hashes.size(), notInDatabase, notOnTopic, read[0], unsent);
  }

  /** "site url" as the public site's checker makes them from what the client typed. */
  private static String key(String typed) {
    ReportedUrls.Result r = ReportedUrls.check(List.of(typed), true);
    if (!r.ok()) {
      throw new IllegalArgumentException("the benchmark reported a URL the site refuses: " + typed);
    }
    return r.urls().get(0).site() + " " + r.urls().get(0).url();
  }

  /**
   * Reads the topic to its end, crossing off what it finds, until nothing is wanted or time is up.
   */
  private static void readTopic(
      Map<String, Object> kafkaProps,
      String topic,
      Map<String, Integer> wanted,
      long[] read,
      Duration wait) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put("client.id", "sitewatch-bench-tips-check");
    props.put("enable.auto.commit", false);
    try (KafkaConsumer<String, CrawlRequest> consumer =
        new KafkaConsumer<>(
            props, new StringDeserializer(), JsonSerde.of(CrawlRequest.class).deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + wait.toNanos();
      while (true) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        boolean atEnd;
        do {
          for (ConsumerRecord<String, CrawlRequest> r : consumer.poll(Duration.ofMillis(200))) {
            read[0]++;
            CrawlRequest request = r.value();
            if (request != null && request.source() == CrawlRequest.Source.TIP) {
              wanted.computeIfPresent(
                  request.site() + " " + request.url(), (k, n) -> n > 1 ? n - 1 : null);
            }
          }
          atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
        } while (!atEnd && System.nanoTime() < deadline);
        if (wanted.isEmpty() || System.nanoTime() >= deadline) {
          return;
        }
      }
    }
  }
}
