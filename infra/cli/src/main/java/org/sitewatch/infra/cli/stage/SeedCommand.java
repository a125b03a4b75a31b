package org.sitewatch.infra.cli.stage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.CrawlOverrides;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.UrlListFile;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch seed}: put URLs on a running cluster's crawl-request topic. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = "Publish crawl requests for URLs to a Kafka cluster where crawler workers run.")
public final class SeedCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description = "Kafka bootstrap servers (kafka.bootstrap-servers).")
  String bootstrapServers;

  @Option(
      names = "--seeds-file",
      paramLabel = "FILE",
      description = "A file with one URL per line (# starts a comment).")
  Path seedsFile;

  @Option(
      names = "--tip",
      description =
          "Mark the requests as coming from a public tip (source TIP, priority 5 unless --priority is given).")
  boolean tip;

  @Option(
      names = "--priority",
      paramLabel = "0-9",
      description =
          "Crawl priority: a worker starts higher priorities first (default: 5 with --tip, else 0).")
  Integer priority;

  @Option(
      names = "--max-pages",
      paramLabel = "N",
      description =
          "Pages fetched from each seeded site at most (overrides crawler.max-pages-per-site).")
  Integer maxPages;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description = "Link depth from the seed (overrides crawler.max-depth).")
  Integer maxDepth;

  @Option(
      names = "--max-bytes",
      paramLabel = "BYTES",
      description = "Body bytes downloaded per site at most (overrides crawler.max-site-bytes).")
  Long maxBytes;

  @Option(
      names = "--max-duration",
      paramLabel = "DURATION",
      description = "Longest crawl time per site, e.g. 10m (overrides crawler.max-site-duration).")
  String maxDuration;

  @Option(
      names = "--politeness",
      paramLabel = "MS|DURATION",
      description =
          "Delay between two requests to one host, in ms or as a duration like 2s (overrides crawler.politeness-delay).")
  String politeness;

  @Option(
      names = "--ignore-robots",
      description =
          "Fetch pages robots.txt disallows (an investigation's decision; needs --reason, recorded on every page it affects).")
  boolean ignoreRobots;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why the overrides are set, e.g. a case number; required with --ignore-robots.")
  String reason;

  @Option(
      names = "--operator",
      paramLabel = "NAME",
      description = "Who sets the overrides (default: the OS user).")
  String operator = System.getProperty("user.name");

  @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to crawl.")
  List<String> urls = new ArrayList<>();

  @Spec CommandSpec spec;

  /**
   * The per-seed overrides the options ask for, or {@code null} when none is given.
   *
   * @throws IllegalArgumentException for an unusable combination or value
   */
  CrawlOverrides overrides() {
    if (ignoreRobots && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException(
          "--ignore-robots needs --reason TEXT (e.g. a case number): ignoring robots.txt is recorded on every page it affects");
    }
    if (maxPages == null
        && maxDepth == null
        && maxBytes == null
        && maxDuration == null
        && politeness == null
        && !ignoreRobots
        && reason == null) {
      return null;
    }
    try {
      return new CrawlOverrides(
          maxPages,
          maxDepth,
          maxBytes,
          maxDuration == null ? null : ConfigLoader.parseDuration(maxDuration).toMillis(),
          politeness == null ? null : politenessMs(politeness),
          ignoreRobots,
          reason == null ? null : reason.strip(),
          operator == null || operator.isBlank() ? null : operator.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid override: " + e.getMessage());
    }
  }

  /** The crawl request for {@code url} with the source, priority and overrides asked for. */
  CrawlRequest requestFor(String url, Instant at) {
    CrawlRequest.Source source = tip ? CrawlRequest.Source.TIP : CrawlRequest.Source.SEED;
    CrawlRequest plain =
        new CrawlRequest(CrawlRequest.VERSION, url, Sites.siteOf(url), source, 0, null, at);
    checkPriority();
    return plain.with(priority == null ? plain.priority() : priority, overrides()).traced();
  }

  private void checkPriority() {
    if (priority != null && (priority < 0 || priority > CrawlRequest.MAX_PRIORITY)) {
      throw new IllegalArgumentException(
          "--priority must be 0 to " + CrawlRequest.MAX_PRIORITY + ", got " + priority);
    }
  }

  private static long politenessMs(String text) {
    String t = text.strip();
    return t.chars().allMatch(Character::isDigit) && !t.isEmpty()
        ? Long.parseLong(t)
        : ConfigLoader.parseDuration(t).toMillis();
  }

  @Override
  public Integer call() throws Exception {
    checkPriority(); // usage errors before anything connects
    overrides();
    Map<String, String> extra = new HashMap<>();
    if (bootstrapServers != null) {
      extra.put("kafka.bootstrap-servers", bootstrapServers);
    }
    SitewatchConfig cfg = config.load(extra);
    if (cfg.kafka().embedded()) {
      throw new IllegalArgumentException(
          "seed needs a Kafka cluster: give --bootstrap-servers or kafka.bootstrap-servers");
    }
    List<String> all = new ArrayList<>(urls);
    if (seedsFile != null) {
      all.addAll(UrlListFile.read(seedsFile));
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no URLs given");
    }
    Map<String, Object> props = new HashMap<>(KafkaClients.props(cfg.kafka()));
    try (TopicAdmin admin = new TopicAdmin(props)) {
      admin.createTopics(cfg.topics(), cfg.kafka().partitions(), cfg.kafka().replicationFactor());
    }
    props.put("acks", "all");
    props.put("client.id", "sitewatch-seed");
    Clock clock = Clock.systemUTC();
    var out = spec.commandLine().getOut();
    int failed = 0;
    try (KafkaProducer<String, CrawlRequest> producer =
        new KafkaProducer<>(props, new StringSerializer(), JsonSerde.of(CrawlRequest.class))) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      List<String> sites = new ArrayList<>();
      for (String url : all) {
        CrawlRequest request = requestFor(url, clock.instant());
        sites.add(request.site());
        sent.add(
            producer.send(
                new ProducerRecord<>(cfg.topics().crawlRequests(), request.site(), request)));
      }
      for (int i = 0; i < sent.size(); i++) {
        try {
          RecordMetadata m = sent.get(i).get();
          out.printf(
              "seeded %s (site %s) -> %s-%d@%d%n",
              all.get(i), sites.get(i), m.topic(), m.partition(), m.offset());
        } catch (ExecutionException e) {
          failed++;
          out.printf("FAILED %s: %s%n", all.get(i), e.getCause().getMessage());
        }
      }
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }
}
