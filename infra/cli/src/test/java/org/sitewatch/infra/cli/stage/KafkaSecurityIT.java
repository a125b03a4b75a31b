package org.sitewatch.infra.cli.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.Topics;
import org.sitewatch.infra.cli.SitewatchCommandTest;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.sink.TestDatabase;

/**
 * Sitewatch's clients on a broker that authenticates (SASL PLAIN) and authorizes (ACLs, nothing
 * allowed without one): the {@code kafka.client.*} settings reach the clients, a client without
 * credentials is refused, and a principal without a WRITE ACL cannot publish a verdict.
 */
class KafkaSecurityIT {
  private static final String SEEDER_PASSWORD = "seeder-pw-7f3a";
  private static final Topics TOPICS = Topics.defaults();

  @TempDir static Path work;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void securedBroker() throws Exception {
    kafka =
        EmbeddedKafka.startSecured(
            work,
            Map.of(
                EmbeddedKafka.ADMIN,
                "admin-pw",
                "seeder",
                SEEDER_PASSWORD,
                "classifier",
                "classifier-pw",
                "intruder",
                "intruder-pw",
                "crawler",
                "crawler-pw",
                "sink",
                "sink-pw"));
    try (TopicAdmin admin = new TopicAdmin(kafka.clientProps())) {
      admin.createTopics(TOPICS, 1, (short) 1);
    }
    try (Admin admin = Admin.create(kafka.clientProps())) {
      List<AclBinding> acls =
          List.of(
              allow("seeder", TOPICS.crawlRequests(), AclOperation.WRITE),
              allow("classifier", TOPICS.verdicts(), AclOperation.WRITE),
              allow("intruder", TOPICS.crawlRequests(), AclOperation.READ),
              // the classifier's row of docs/security.md
              allow("classifier", TOPICS.pages(), AclOperation.READ),
              allow("classifier", TOPICS.lexicons(), AclOperation.READ),
              allow("classifier", TOPICS.outcomes(), AclOperation.WRITE),
              new AclBinding(
                  new ResourcePattern(
                      ResourceType.GROUP, "sitewatch-classifier", PatternType.LITERAL),
                  new AccessControlEntry(
                      "User:classifier", "*", AclOperation.READ, AclPermissionType.ALLOW)),
              new AclBinding(
                  new ResourcePattern(
                      ResourceType.TOPIC, "sitewatch-classifier-", PatternType.PREFIXED),
                  new AccessControlEntry(
                      "User:classifier", "*", AclOperation.ALL, AclPermissionType.ALLOW)),
              // exactly-once (the default): its transactional ids
              new AclBinding(
                  new ResourcePattern(
                      ResourceType.TRANSACTIONAL_ID, "sitewatch-classifier-", PatternType.PREFIXED),
                  new AccessControlEntry(
                      "User:classifier", "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
              new AclBinding(
                  new ResourcePattern(
                      ResourceType.TRANSACTIONAL_ID, "sitewatch-classifier-", PatternType.PREFIXED),
                  new AccessControlEntry(
                      "User:classifier", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW)),
              // the crawler's row
              allow("crawler", TOPICS.crawlRequests(), AclOperation.READ),
              allow("crawler", TOPICS.crawlState(), AclOperation.READ),
              allow("crawler", TOPICS.crawlDiscoveries(), AclOperation.READ),
              allow("crawler", TOPICS.crawlDiscoveries(), AclOperation.WRITE),
              allow("crawler", TOPICS.pages(), AclOperation.WRITE),
              allow("crawler", TOPICS.outcomes(), AclOperation.WRITE),
              allow("crawler", TOPICS.crawlState(), AclOperation.WRITE),
              group("crawler", "sitewatch-crawler"),
              group("crawler", "sitewatch-crawler-discoveries"),
              // its crawl-state producer is transactional (outcome and done record together)
              new AclBinding(
                  new ResourcePattern(
                      ResourceType.TRANSACTIONAL_ID,
                      "sitewatch-crawler-state-",
                      PatternType.PREFIXED),
                  new AccessControlEntry(
                      "User:crawler", "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
              new AclBinding(
                  new ResourcePattern(
                      ResourceType.TRANSACTIONAL_ID,
                      "sitewatch-crawler-state-",
                      PatternType.PREFIXED),
                  new AccessControlEntry(
                      "User:crawler", "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW)),
              // the sink's row
              allow("sink", TOPICS.verdicts(), AclOperation.READ),
              allow("sink", TOPICS.outcomes(), AclOperation.READ),
              allow("sink", TOPICS.outcomes(), AclOperation.WRITE),
              allow("sink", TOPICS.crawlRequests(), AclOperation.WRITE),
              group("sink", "sitewatch-sink"),
              group("sink", "sitewatch-sink-checks"));
      admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
      // the controller has them now; wait until the broker's authorizer (which answers
      // DescribeAcls) has applied them too, or the first test races the metadata update
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (admin
              .describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY)
              .values()
              .get(10, TimeUnit.SECONDS)
              .size()
          < acls.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the broker did not apply the ACLs within 30 s");
        }
        TimeUnit.MILLISECONDS.sleep(
            100); // no event to wait on: the broker applies metadata on its own
      }
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static AclBinding allow(String user, String topic, AclOperation operation) {
    return new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
        new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
  }

  private static AclBinding group(String user, String group) {
    return new AclBinding(
        new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL),
        new AccessControlEntry("User:" + user, "*", AclOperation.READ, AclPermissionType.ALLOW));
  }

  /** A stage command running on its own thread until {@link #close()} interrupts it. */
  private static final class Stage implements AutoCloseable {
    private final Thread thread;
    private volatile SitewatchCommandTest.Run result;

    Stage(List<String> args) {
      thread =
          new Thread(
              () -> result = SitewatchCommandTest.sitewatch(args.toArray(String[]::new)),
              "security-it-" + args.get(0));
      thread.start();
    }

    boolean running() {
      return thread.isAlive();
    }

    SitewatchCommandTest.Run stop() throws InterruptedException {
      thread.interrupt();
      thread.join(60_000);
      return result;
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }

  /** {@code --set kafka.client.NAME=VALUE} for every SASL setting of {@code user}. */
  private static List<String> clientSettings(String user) {
    List<String> args = new ArrayList<>();
    kafka
        .saslSettings(user)
        .forEach(
            (name, value) -> {
              args.add("--set");
              args.add("kafka.client." + name + "=" + value);
            });
    return args;
  }

  private static SitewatchCommandTest.Run seed(List<String> settings, String url) {
    List<String> args =
        new ArrayList<>(List.of("seed", "--bootstrap-servers", kafka.bootstrapServers()));
    args.addAll(settings);
    args.add(url);
    return SitewatchCommandTest.sitewatch(args.toArray(String[]::new));
  }

  @Test
  void seedCommandPublishesWithSaslSettingsAndNeverPrintsThePassword() {
    SitewatchCommandTest.Run run = seed(clientSettings("seeder"), "http://secured-shop.test/");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("seeded http://secured-shop.test/ (site secured-shop.test)");
    assertThat(run.out() + run.err()).doesNotContain(SEEDER_PASSWORD);
    assertThat(crawlRequestKeys()).contains("secured-shop.test");
  }

  @Test
  void seedCommandWithoutCredentialsIsRefused() {
    // a plaintext client on a SASL listener: the broker drops the connection, the client gives up
    SitewatchCommandTest.Run run =
        seed(
            List.of(
                "--set",
                "kafka.client.default.api.timeout.ms=3000",
                "--set",
                "kafka.client.max.block.ms=3000"),
            "http://anonymous-shop.test/");

    assertThat(run.exitCode())
        .as("refused by the broker, not by the configuration: %s", run.err())
        .isEqualTo(1);
    assertThat(run.err()).doesNotContain("invalid configuration");
    assertThat(crawlRequestKeys()).doesNotContain("anonymous-shop.test");
  }

  @Test
  void seedCommandWithAWrongPasswordIsRefusedAsAnAuthenticationFailure() {
    List<String> settings = new ArrayList<>(clientSettings("seeder"));
    settings.replaceAll(a -> a.replace(SEEDER_PASSWORD, "guessed"));
    SitewatchCommandTest.Run run = seed(settings, "http://guessing-shop.test/");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out() + run.err()).containsIgnoringCase("authentication");
    assertThat(crawlRequestKeys()).doesNotContain("guessing-shop.test");
  }

  @Test
  void aPrincipalWithoutAWriteAclCannotPublishAVerdict() throws Exception {
    SiteVerdict forged = verdict("victim-site.test");
    try (KafkaProducer<String, SiteVerdict> intruder = producer("intruder")) {
      assertThatThrownBy(
              () ->
                  intruder
                      .send(new ProducerRecord<>(TOPICS.verdicts(), forged.site(), forged))
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    try (KafkaProducer<String, SiteVerdict> classifier = producer("classifier")) {
      assertThat(
              classifier
                  .send(new ProducerRecord<>(TOPICS.verdicts(), forged.site(), forged))
                  .get(30, TimeUnit.SECONDS)
                  .topic())
          .isEqualTo(TOPICS.verdicts());
    }
  }

  @Test
  void classifierStageWithTheDocumentedAclsTurnsAPageIntoAVerdict() throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "classifier",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--set",
                "classifier.state-dir=" + work.resolve("streams"),
                "--set",
                "kafka.client.commit.interval.ms=100",
                "--set",
                "kafka.client.statestore.cache.max.bytes=0"));
    args.addAll(clientSettings("classifier"));
    SitewatchCommandTest.Run[] result = new SitewatchCommandTest.Run[1];
    Thread stage =
        new Thread(
            () -> result[0] = SitewatchCommandTest.sitewatch(args.toArray(String[]::new)),
            "security-it-classifier");
    stage.start();
    try (KafkaProducer<String, byte[]> admin =
            new KafkaProducer<>(
                kafka.clientProps(),
                new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        KafkaConsumer<String, SiteVerdict> verdicts = verdictReader()) {
      String site = "acl-checked.test";
      String html =
          "<html><head><title>成人视频在线观看</title></head><body><p>成人视频 福利视频 在线观看 未满18岁请离开</p></body></html>";
      FetchedPage page =
          FetchedPage.builder()
              .v(1)
              .site(site)
              .requestedUrl("http://" + site + "/")
              .status(200)
              .headers(Map.of("content-type", "text/html; charset=UTF-8"))
              .fetchedAt(Instant.now())
              .serverIp("127.0.0.1")
              .contentType("text/html")
              .charset("UTF-8")
              .content(html)
              .bodySha256("ab".repeat(32))
              .bodyLength(html.length())
              .build();
      admin
          .send(
              new ProducerRecord<>(
                  TOPICS.pages(),
                  site,
                  JsonSerde.of(FetchedPage.class).serialize(TOPICS.pages(), page)))
          .get(30, TimeUnit.SECONDS);

      List<SiteVerdict> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (seen.stream().noneMatch(v -> v.site().equals(site))
          && System.nanoTime() < deadline
          && stage.isAlive()) {
        verdicts.poll(Duration.ofMillis(500)).forEach(r -> seen.add(r.value()));
      }
      assertThat(seen)
          .as(
              "a verdict from the classifier running as its own principal; stage output: %s",
              result[0])
          .extracting(SiteVerdict::site)
          .contains(site);
    } finally {
      stage.interrupt();
      stage.join(60_000);
    }
    assertThat(result[0].exitCode()).as(result[0].err()).isZero();
    assertThat(result[0].out() + result[0].err()).doesNotContain("classifier-pw");
  }

  @Test
  void crawlerStageWithTheDocumentedAclsCrawlsASeededSiteAndItsDiscoveries() throws Exception {
    // the page links to another site: the crawler writes it to the discoveries lane and then
    // reads it back from there (its own group), all under the documented ACLs
    String other = "elsewhere-garden.test";
    com.sun.net.httpserver.HttpServer web =
        gardenSite("<a href=\"http://" + other + "/\">Another garden</a>");
    String site = "acl-crawl.test";
    List<String> args =
        new ArrayList<>(
            List.of(
                "crawler",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--set",
                "crawler.resolve=" + site + "=127.0.0.1",
                "--set",
                "crawler.only-resolved-hosts=true",
                "--set",
                "crawler.allow-private-addresses=true",
                "--set",
                "crawler.politeness-delay=50ms",
                "--set",
                "crawler.max-site-hops=1",
                "--set",
                "crawler.work-dir=" + work.resolve("crawler"),
                "--set",
                "crawler.warc-dir=" + work.resolve("warc")));
    args.addAll(clientSettings("crawler"));
    try (Stage crawler = new Stage(args);
        KafkaConsumer<String, String> outcomes = reader(TOPICS.outcomes());
        KafkaConsumer<String, String> discoveries = reader(TOPICS.crawlDiscoveries())) {
      SitewatchCommandTest.Run seeded =
          seed(clientSettings("seeder"), "http://" + site + ":" + web.getAddress().getPort() + "/");
      assertThat(seeded.exitCode()).as(seeded.err()).isZero();

      List<String> seen = new ArrayList<>();
      List<String> discovered = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (!(crawledOrRefused(seen, site) && crawledOrRefused(seen, other))
          && System.nanoTime() < deadline
          && crawler.running()) {
        outcomes.poll(Duration.ofMillis(250)).forEach(r -> seen.add(r.value()));
        discoveries.poll(Duration.ofMillis(250)).forEach(r -> discovered.add(r.value()));
      }
      assertThat(seen)
          .as("outcomes written by the crawler as its own principal")
          .anyMatch(o -> o.contains("SITE_CRAWLED") && o.contains(site));
      assertThat(discovered)
          .as("the link, written to the discoveries lane by the crawler")
          .anyMatch(d -> d.contains(other));
      assertThat(seen)
          .as("the discovery, read back from the lane and handled (refused: unresolved)")
          .anyMatch(o -> o.contains(other));
      SitewatchCommandTest.Run run = crawler.stop();
      assertThat(run.exitCode()).as(run.err()).isZero();
    } finally {
      web.stop(0);
    }
  }

  private static boolean crawledOrRefused(List<String> outcomes, String site) {
    return outcomes.stream().anyMatch(o -> o.contains("\"site\":\"" + site + "\""));
  }

  @Test
  void allInOneRunReachesASecuredClusterWithEveryClient() throws Exception {
    com.sun.net.httpserver.HttpServer web = gardenSite();
    try {
      String site = "secured-run.test";
      List<String> args =
          new ArrayList<>(
              List.of(
                  "run",
                  "--seed",
                  "http://" + site + ":" + web.getAddress().getPort() + "/",
                  "--resolve",
                  site + "=127.0.0.1",
                  "--allow-loopback",
                  "--until-idle",
                  "--set",
                  "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                  "--set",
                  "kafka.topic-prefix=local-it.",
                  "--set",
                  "classifier.application-id=local-it-classifier",
                  "--set",
                  "crawler.group-id=local-it-crawler",
                  "--set",
                  "sink.group-id=local-it-sink",
                  "--set",
                  "local.data-dir=" + work.resolve("local"),
                  "--set",
                  "crawler.warc-dir=" + work.resolve("local-warc"),
                  "--set",
                  "crawler.politeness-delay=50ms",
                  "--set",
                  "crawler.max-site-hops=0",
                  "--set",
                  "local.idle-quiet-period=1s",
                  "--set",
                  "local.idle-timeout=2m"));
      args.addAll(clientSettings(EmbeddedKafka.ADMIN));
      SitewatchCommandTest.Run run = SitewatchCommandTest.sitewatch(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("finished");
      assertThat(run.out() + run.err()).doesNotContain("admin-pw");
    } finally {
      web.stop(0);
    }
  }

  private static com.sun.net.httpserver.HttpServer gardenSite() throws java.io.IOException {
    return gardenSite("");
  }

  /** The garden page, with {@code extra} HTML (e.g. a link to another site) in its body. */
  private static com.sun.net.httpserver.HttpServer gardenSite(String extra)
      throws java.io.IOException {
    com.sun.net.httpserver.HttpServer web =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body =
                ("<html><head><title>Garden tools</title></head><body><p>Rakes and hoes.</p>"
                        + extra
                        + "</body></html>")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            boolean root = exchange.getRequestURI().getPath().equals("/");
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(root ? 200 : 404, root ? body.length : -1);
            if (root) {
              exchange.getResponseBody().write(body);
            }
          }
        });
    web.start();
    return web;
  }

  @Test
  void sinkStageWithTheDocumentedAclsTurnsAVerdictIntoALead() throws Exception {
    try (TestDatabase databases = TestDatabase.start();
        org.sitewatch.infra.db.Database db =
            org.sitewatch.infra.db.Database.external(
                databases.migratedDatabaseUrl(), "postgres", "")) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "sink",
                  "--bootstrap-servers",
                  kafka.bootstrapServers(),
                  "--jdbc-url",
                  db.jdbcUrl()));
      args.addAll(clientSettings("sink"));
      try (Stage sink = new Stage(args);
          KafkaProducer<String, SiteVerdict> classifier = producer("classifier")) {
        String site = "acl-lead.test";
        SiteVerdict flagged =
            new SiteVerdict(
                SiteVerdict.VERSION,
                site,
                1,
                true,
                0.9,
                1,
                List.of("explicit"),
                List.of(),
                List.of(),
                "lex-1",
                Instant.parse("2026-11-21T10:00:00Z"));
        classifier
            .send(new ProducerRecord<>(TOPICS.verdicts(), site, flagged))
            .get(30, TimeUnit.SECONDS);

        org.sitewatch.sink.store.LeadStore leads =
            new org.sitewatch.sink.store.LeadStore(db.dataSource(), java.time.Clock.systemUTC());
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (leads.findBySite(site).isEmpty() && System.nanoTime() < deadline && sink.running()) {
          TimeUnit.MILLISECONDS.sleep(200); // the lead appears in PostgreSQL; nothing to block on
        }
        assertThat(leads.findBySite(site))
            .as("a lead opened by the sink as its own principal")
            .isPresent();
        SitewatchCommandTest.Run run = sink.stop();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("sink-pw");
      }
    }
  }

  private static KafkaConsumer<String, String> reader(String topic) {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("group.id", "security-it-" + topic + "-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  private static KafkaConsumer<String, SiteVerdict> verdictReader() {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("group.id", "security-it-verdicts-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    KafkaConsumer<String, SiteVerdict> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), JsonSerde.of(SiteVerdict.class));
    consumer.subscribe(List.of(TOPICS.verdicts()));
    return consumer;
  }

  /** A producer built as the stages build theirs: configuration, then {@link KafkaClients}. */
  private static KafkaProducer<String, SiteVerdict> producer(String user) {
    Map<String, String> set = new HashMap<>();
    set.put("kafka.bootstrap-servers", kafka.bootstrapServers());
    kafka.saslSettings(user).forEach((name, value) -> set.put("kafka.client." + name, value));
    set.put("kafka.client.max.block.ms", "10000");
    SitewatchConfig cfg = ConfigLoader.load(java.util.Optional.empty(), Map.of(), set);
    return new KafkaProducer<>(
        KafkaClients.props(cfg.kafka()), new StringSerializer(), JsonSerde.of(SiteVerdict.class));
  }

  private static SiteVerdict verdict(String site) {
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        Long.MAX_VALUE,
        false,
        0.0,
        0,
        List.of(),
        List.of(),
        List.of(),
        "forged",
        Instant.parse("2026-11-21T10:00:00Z"));
  }

  private static List<String> crawlRequestKeys() {
    Map<String, Object> props = new HashMap<>(kafka.clientProps());
    props.put("group.id", "security-it-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPICS.crawlRequests()));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          keys.add(r.key());
        }
        if (!keys.isEmpty()
            && consumer.assignment().stream()
                .allMatch(
                    tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp))) {
          break;
        }
      }
    }
    return keys;
  }
}
