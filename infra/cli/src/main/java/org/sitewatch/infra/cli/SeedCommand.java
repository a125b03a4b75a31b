package org.sitewatch.infra.cli;

import java.nio.file.Path;
import java.time.Clock;
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
import org.sitewatch.crawler.Sites;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch seed}: put URLs on a running cluster's crawl-request topic. */
@Command(name = "seed", mixinStandardHelpOptions = true,
    description = "Publish crawl requests for URLs to a Kafka cluster where crawler workers run.")
final class SeedCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers (kafka.bootstrap-servers).")
  String bootstrapServers;

  @Option(names = "--seeds-file", paramLabel = "FILE", description = "A file with one URL per line (# starts a comment).")
  Path seedsFile;

  @Option(names = "--tip", description = "Mark the requests as coming from a public tip (crawled with priority once priorities exist).")
  boolean tip;

  @Parameters(paramLabel = "URL", arity = "0..*", description = "URLs to crawl.")
  List<String> urls = new ArrayList<>();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Map<String, String> extra = new HashMap<>();
    if (bootstrapServers != null) {
      extra.put("kafka.bootstrap-servers", bootstrapServers);
    }
    SitewatchConfig cfg = config.load(extra);
    if (cfg.kafka().embedded()) {
      throw new IllegalArgumentException("seed needs a Kafka cluster: give --bootstrap-servers or kafka.bootstrap-servers");
    }
    List<String> all = new ArrayList<>(urls);
    if (seedsFile != null) {
      all.addAll(RunCommand.readSeeds(seedsFile));
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no URLs given");
    }
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", cfg.kafka().bootstrapServers());
    try (TopicAdmin admin = new TopicAdmin(props)) {
      admin.createTopics(cfg.topics(), cfg.kafka().partitions(), cfg.kafka().replicationFactor());
    }
    props.put("acks", "all");
    props.put("client.id", "sitewatch-seed");
    Clock clock = Clock.systemUTC();
    CrawlRequest.Source source = tip ? CrawlRequest.Source.TIP : CrawlRequest.Source.SEED;
    var out = spec.commandLine().getOut();
    int failed = 0;
    try (KafkaProducer<String, CrawlRequest> producer =
        new KafkaProducer<>(props, new StringSerializer(), JsonSerde.of(CrawlRequest.class))) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      List<String> sites = new ArrayList<>();
      for (String url : all) {
        String site = Sites.siteOf(url);
        sites.add(site);
        sent.add(producer.send(new ProducerRecord<>(cfg.topics().crawlRequests(), site,
            new CrawlRequest(CrawlRequest.VERSION, url, site, source, 0, null, clock.instant()))));
      }
      for (int i = 0; i < sent.size(); i++) {
        try {
          RecordMetadata m = sent.get(i).get();
          out.printf("seeded %s (site %s) -> %s-%d@%d%n", all.get(i), sites.get(i), m.topic(), m.partition(), m.offset());
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
