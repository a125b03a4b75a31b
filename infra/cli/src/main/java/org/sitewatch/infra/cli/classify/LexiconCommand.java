package org.sitewatch.infra.cli.classify;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.sitewatch.classifier.keywords.Lexicon;
import org.sitewatch.classifier.keywords.LexiconImport;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.kafka.TopicAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch lexicon ...}: bring existing filter lists into Sitewatch's lexicon format. */
@Command(
    name = "lexicon",
    mixinStandardHelpOptions = true,
    description = "Work with lexicons.",
    subcommands = {
      LexiconCommand.Import.class,
      LexiconCommand.Publish.class,
      LexiconCommand.Remove.class
    })
public final class LexiconCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Convert a weighted phrase list (e2guardian: <phrase><weight>, < whole word ><weight>, <a>,<b><weight>) into a Sitewatch lexicon.")
  static final class Import implements Callable<Integer> {
    @Option(
        names = "--format",
        required = true,
        paramLabel = "FORMAT",
        description = "Input format; supported: e2guardian.")
    String format;

    @Option(
        names = "--category",
        paramLabel = "CATEGORY",
        defaultValue = "explicit",
        description =
            "Category of positive-weight phrases (negative weights become negative-context); default ${DEFAULT-VALUE}.")
    String category;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write the lexicon to FILE (default: standard output).")
    Path out;

    @Parameters(paramLabel = "FILE", description = "The list to convert.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!format.equalsIgnoreCase("e2guardian")) {
        throw new IllegalArgumentException(
            "unsupported format '" + format + "'; supported: e2guardian");
      }
      LexiconImport.ImportResult result = LexiconImport.fromE2guardian(file, category);
      PrintWriter err = spec.commandLine().getErr();
      if (out == null) {
        spec.commandLine().getOut().print(result.lexicon());
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(out, result.lexicon(), StandardCharsets.UTF_8);
      }
      err.printf(
          "sitewatch lexicon import: %d rule(s) converted, %d line(s) skipped%n",
          result.converted(), result.skipped().size());
      result.skipped().stream().limit(20).forEach(s -> err.println("  skipped " + s));
      err.flush();
      return 0;
    }
  }

  /** Sends a named lexicon (or its removal) to the compacted lexicon topic of a cluster. */
  abstract static class ToTopic implements Callable<Integer> {
    /** The producer's request limit: a lexicon of {@link Lexicon#MAX_BYTES}, its name and room. */
    static final int MAX_REQUEST_BYTES = Lexicon.MAX_BYTES + 64 * 1024;

    @Mixin ConfigOptions config;

    @Option(
        names = "--bootstrap-servers",
        paramLabel = "HOST:PORT,...",
        description = "Kafka bootstrap servers (kafka.bootstrap-servers).")
    String bootstrapServers;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "Name of the operator lexicon (the record key).")
    String name;

    @Spec CommandSpec spec;

    SitewatchConfig load() {
      SitewatchConfig cfg =
          config.load(
              bootstrapServers == null
                  ? Map.of()
                  : Map.of("kafka.bootstrap-servers", bootstrapServers));
      if (cfg.kafka().embedded()) {
        throw new IllegalArgumentException("give --bootstrap-servers or kafka.bootstrap-servers");
      }
      if (name.isBlank()) {
        throw new IllegalArgumentException("--name must not be blank");
      }
      return cfg;
    }

    void send(SitewatchConfig cfg, byte[] value) throws Exception {
      Map<String, Object> props = new HashMap<>(KafkaClients.props(cfg.kafka()));
      try (TopicAdmin admin = new TopicAdmin(props)) {
        admin.createTopics(cfg.topics(), cfg.kafka().partitions(), cfg.kafka().replicationFactor());
      }
      props.put("acks", "all");
      // a lexicon up to the bound the classifiers accept (4 MiB) must go out: the producer's
      // default request limit is 1 MiB; the topic is created with max.message.bytes 8 MiB
      props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST_BYTES);
      try (var producer =
          new KafkaProducer<String, byte[]>(
              props, new StringSerializer(), new ByteArraySerializer())) {
        producer.send(new ProducerRecord<>(cfg.topics().lexicons(), name, value)).get();
      }
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description =
          "Check a lexicon file and publish it as operator lexicon NAME; running classifiers apply it without a restart.")
  static final class Publish extends ToTopic {
    @Parameters(
        paramLabel = "FILE",
        description = "Lexicon file (format: see the built-in lexicons' headers).")
    Path file;

    @Override
    public Integer call() throws Exception {
      SitewatchConfig cfg = load();
      // bounded as the classifiers bound a lexicon record: a larger one is refused here, not sent
      String text = Lexicon.readFile(file);
      // refuse here what every classifier would refuse: a bad line names file and line now
      // (the known-site lists play no part in checking a lexicon: they are not read here)
      String version =
          PageClassifier.load(
                  cfg.classifier(),
                  Map.of(name, text),
                  org.sitewatch.classifier.lists.KnownSites.NONE)
              .lexiconVersion();
      send(cfg, text.getBytes(StandardCharsets.UTF_8));
      spec.commandLine()
          .getOut()
          .printf(
              "published lexicon '%s' to %s; classifiers will run %s%n",
              name, cfg.topics().lexicons(), version);
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description =
          "Remove operator lexicon NAME; running classifiers fall back to the remaining rules.")
  static final class Remove extends ToTopic {
    @Override
    public Integer call() throws Exception {
      SitewatchConfig cfg = load();
      send(cfg, null);
      spec.commandLine()
          .getOut()
          .printf("removed lexicon '%s' from %s%n", name, cfg.topics().lexicons());
      return 0;
    }
  }
}
