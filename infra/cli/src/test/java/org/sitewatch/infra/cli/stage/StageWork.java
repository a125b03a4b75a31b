package org.sitewatch.infra.cli.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.cli.SitewatchCommandTest;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.embedded.EmbeddedKafka;

/**
 * One unit of work for a stage process under test, done through the shared broker, and the wait for
 * its result: a crawled page, a verdict, a lead. The process's log is shown when the wait fails.
 */
interface StageWork {
  Duration WORK = Duration.ofMinutes(2);
  Topics TOPICS = Topics.defaults();

  /** The site the crawler process is seeded with; resolved to loopback by its settings. */
  String CRAWLED_SITE = "one-page.test";

  void doAndAwait(Process process, Path log) throws Exception;

  static Optional<StageWork> forCommand(String command, EmbeddedKafka kafka, Database db) {
    return switch (command) {
      case "crawler" -> Optional.of((p, log) -> crawlOnePage(kafka, p, log));
      case "classifier" -> Optional.of((p, log) -> scoreOnePage(kafka, p, log));
      case "sink" -> Optional.of((p, log) -> openOneLead(kafka, db, p, log));
      default -> Optional.empty();
    };
  }

  /** What the crawler process needs to crawl {@link #CRAWLED_SITE} on loopback, and only that. */
  static List<String> crawlerSettings() {
    return List.of(
        "--set",
        "crawler.allow-private-addresses=true",
        "--set",
        "crawler.only-resolved-hosts=true",
        "--set",
        "crawler.resolve=" + CRAWLED_SITE + "=127.0.0.1",
        "--set",
        "crawler.max-site-hops=0",
        "--set",
        "crawler.politeness-delay=50ms");
  }

  /** Seeds one page with {@code sitewatch seed}; waits for the crawler's page record of it. */
  private static void crawlOnePage(EmbeddedKafka kafka, Process process, Path log)
      throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          boolean home = exchange.getRequestURI().getPath().equals("/");
          byte[] body =
              (home
                      ? "<html><head><title>Tea club</title></head><body><p>Tasting notes for"
                          + " members.</p></body></html>"
                      : "not here")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(home ? 200 : 404, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      String url = "http://" + CRAWLED_SITE + ":" + server.getAddress().getPort() + "/";
      var seed =
          SitewatchCommandTest.sitewatch(
              "seed", "--bootstrap-servers", kafka.bootstrapServers(), url);
      assertThat(seed.exitCode()).as(seed.out() + seed.err()).isZero();
      FetchedPage page =
          awaitRecords(
                  kafka,
                  TOPICS.pages(),
                  FetchedPage.class,
                  r -> r.value().site().equals(CRAWLED_SITE),
                  1,
                  process,
                  log)
              .get(0)
              .value();
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.requestedUrl()).isEqualTo(url);
      assertThat(page.content()).contains("Tasting notes");
    } finally {
      server.stop(0);
    }
  }

  /** Puts one page record on the pages topic; waits for the classifier's verdict on its site. */
  private static void scoreOnePage(EmbeddedKafka kafka, Process process, Path log)
      throws Exception {
    String site = "one-verdict.test";
    String content =
        "<html><head><title>成人视频</title></head><body><p>成人视频 会员专区 adult videos, members"
            + " only</p></body></html>";
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    FetchedPage page =
        FetchedPage.builder()
            .site(site)
            .requestedUrl("http://" + site + "/")
            .status(200)
            .fetchedAt(Instant.now())
            .contentType("text/html")
            .charset("UTF-8")
            .content(content)
            .bodySha256(Sha256.hex(body))
            .bodyLength(body.length)
            .build();
    produce(kafka, TOPICS.pages(), site, page, FetchedPage.class);
    SiteVerdict verdict =
        awaitRecords(
                kafka,
                TOPICS.verdicts(),
                SiteVerdict.class,
                r -> r.value().site().equals(site),
                1,
                process,
                log)
            .get(0)
            .value();
    assertThat(verdict.pagesScored()).isEqualTo(1);
    assertThat(verdict.flagged()).as("scored: %s", verdict).isTrue();
  }

  /** Puts one flagged verdict on the verdicts topic; waits for the sink's lead in the database. */
  private static void openOneLead(EmbeddedKafka kafka, Database db, Process process, Path log)
      throws Exception {
    String site = "one-lead.test";
    String page = "http://" + site + "/vip";
    Instant at = Instant.now();
    SiteVerdict verdict =
        SiteVerdict.builder()
            .site(site)
            .revision(1)
            .flagged(true)
            .score(0.9)
            .pagesScored(1)
            .categories(List.of("explicit"))
            .signals(
                List.of(new SignalHit("kw.zh.chengren-shipin", "explicit", 1.8, 1, "成人视频", page)))
            .pages(List.of(new PageRef(page, 0.9, "ab".repeat(32), at)))
            .lexiconVersion("lex-1")
            .decidedAt(at)
            .build();
    produce(kafka, TOPICS.verdicts(), site, verdict, SiteVerdict.class);
    String[] status = new String[1];
    await()
        .atMost(WORK)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              assertAlive(process, log);
              try (Connection c = db.dataSource().getConnection();
                  PreparedStatement q =
                      c.prepareStatement("SELECT status FROM lead WHERE site = ?")) {
                q.setString(1, site);
                try (ResultSet rs = q.executeQuery()) {
                  status[0] = rs.next() ? rs.getString(1) : null;
                }
              }
              return status[0] != null;
            });
    assertThat(status[0]).isEqualTo("NEW");
  }

  private static <T> void produce(
      EmbeddedKafka kafka, String topic, String key, T value, Class<T> type) throws Exception {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("acks", "all");
    try (KafkaProducer<String, T> producer =
        new KafkaProducer<>(props, new StringSerializer(), JsonSerde.of(type))) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  static <T> List<ConsumerRecord<String, T>> awaitRecords(
      EmbeddedKafka kafka,
      String topic,
      Class<T> type,
      Predicate<ConsumerRecord<String, T>> match,
      int count) {
    return awaitRecords(kafka, topic, type, match, count, null, null);
  }

  /**
   * Reads {@code topic} from its beginning (committed records only) until {@code count} records
   * match; fails early if {@code process} ends meanwhile.
   */
  private static <T> List<ConsumerRecord<String, T>> awaitRecords(
      EmbeddedKafka kafka,
      String topic,
      Class<T> type,
      Predicate<ConsumerRecord<String, T>> match,
      int count,
      Process process,
      Path log) {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, T>> found = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), JsonSerde.of(type))) {
      await()
          .atMost(WORK)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (process != null) {
                  assertAlive(process, log);
                }
                if (consumer.assignment().isEmpty()) {
                  List<TopicPartition> partitions =
                      consumer.partitionsFor(topic).stream()
                          .map(p -> new TopicPartition(topic, p.partition()))
                          .toList();
                  if (partitions.isEmpty()) {
                    return false;
                  }
                  consumer.assign(partitions);
                  consumer.seekToBeginning(partitions);
                }
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
                  if (match.test(r)) {
                    found.add(r);
                  }
                }
                return found.size() >= count;
              });
    }
    return found;
  }

  private static void assertAlive(Process process, Path log) throws IOException {
    if (!process.isAlive()) {
      throw new AssertionError(
          "the process ended ("
              + process.exitValue()
              + ") before its work was done:\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }
}
