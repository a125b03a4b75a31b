package org.sitewatch.infra.cli.stage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.ShutdownHook;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.infra.local.DataDir;
import org.sitewatch.infra.ops.KafkaHealth;
import org.sitewatch.infra.ops.ProcessHealth;
import org.sitewatch.infra.ops.ProcessOps;
import org.sitewatch.infra.ops.StageHealth;
import org.sitewatch.infra.stage.Probe;
import org.sitewatch.infra.stage.Stage;
import org.sitewatch.sink.store.SchemaNotCurrentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * One stage per process against an external Kafka (and PostgreSQL): the production shape. Options
 * and lifecycle shared by the stage commands; each builds its stage with the same assembly as the
 * all-in-one mode ({@code infra.stage}).
 */
abstract class StageCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(StageCommand.class);

  @Mixin ConfigOptions config;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description = "Kafka bootstrap servers (kafka.bootstrap-servers).")
  String bootstrapServers;

  @Spec CommandSpec spec;

  /** Configuration values implied by the command's options. */
  Map<String, String> extra() {
    Map<String, String> extra = new LinkedHashMap<>();
    if (bootstrapServers != null) {
      extra.put("kafka.bootstrap-servers", bootstrapServers);
    }
    return extra;
  }

  /** Whose Kafka client settings ({@code crawler.kafka.*}, ...) the command's own clients use. */
  abstract Sections.KafkaStage kafkaStage();

  /**
   * Builds and starts the stage.
   *
   * @param meters the process's registry: every meter of the stage goes there (served at {@code
   *     /metrics})
   */
  abstract Stage start(
      SitewatchConfig cfg, Map<String, Object> kafka, Clock clock, MeterRegistry meters);

  /**
   * Whether the stage is the crawler, which also honours the deprecated {@code
   * crawler.metrics-port}.
   */
  boolean runsCrawler() {
    return false;
  }

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    // first of all: start-up can wait (reading the configuration, creating the topics with the
    // brokers away, starting the stage) and a SIGTERM at any point of it must be a clean stop, not
    // the JVM's 143
    try (ShutdownHook hook = ShutdownHook.interruptingCurrentThread()) {
      try {
        SitewatchConfig cfg = config.load(extra());
        if (hook.stopping()) {
          // the signal came while the configuration was read, and the read did not fail with it
          out.printf("sitewatch %s: stopped while starting%n", spec.name());
          return 0;
        }
        if (cfg.kafka().embedded()) {
          throw new IllegalArgumentException(
              "the "
                  + spec.name()
                  + " stage needs a Kafka cluster: give --bootstrap-servers or"
                  + " kafka.bootstrap-servers");
        }
        out.printf(
            "sitewatch %s: starting against %s%n", spec.name(), cfg.kafka().bootstrapServers());
        out.flush();
        return run(cfg, hook);
      } catch (InterruptedException e) {
        out.printf("sitewatch %s: stopped%n", spec.name());
        return 0;
      } catch (RuntimeException e) {
        if (hook.stopping()) {
          // what start-up was doing when the signal interrupted it (reading the configuration, a
          // Kafka call) failed with it
          out.printf("sitewatch %s: stopped while starting (%s)%n", spec.name(), e.getMessage());
          return 0;
        }
        if (!(e instanceof IllegalStateException)
            || e instanceof SchemaNotCurrentException
            || e instanceof DataDir.Refused) {
          throw e; // a configuration error (exit code 2) or a bug (its stack trace, 1)
        }
        // Kafka (or PostgreSQL) unreachable or refusing: the reason, for a supervisor to restart;
        // the stack trace with SITEWATCH_LOG_LEVEL=DEBUG
        log.debug("sitewatch {} cannot start", spec.name(), e);
        spec.commandLine()
            .getErr()
            .printf(
                "sitewatch %s: cannot start: %s; exiting so that a supervisor can restart it%n",
                spec.name(), e.getMessage());
        return 1;
      }
    }
  }

  private int run(SitewatchConfig cfg, ShutdownHook hook) throws InterruptedException {
    Map<String, Object> kafka = KafkaClients.props(cfg.kafka());
    // the stage's own principal (crawler.kafka.*, ...) for what the command itself asks Kafka
    Map<String, Object> stageKafka = KafkaClients.forStage(kafka, cfg.kafka(), kafkaStage());
    try (TopicAdmin admin = new TopicAdmin(stageKafka)) {
      admin.createTopics(cfg.topics(), cfg.kafka().partitions(), cfg.kafka().replicationFactor());
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(Threads.named("sitewatch-health").daemon());
    var out = spec.commandLine().getOut();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.systemUTC();
    ProcessHealth health = new ProcessHealth(List.of(), meters);
    // the endpoint answers (not ready) while the stage starts, and until it is closed
    try (KafkaHealth kafkaHealth = new KafkaHealth(stageKafka, clock);
        ProcessOps ops =
            ProcessOps.start(
                meters, health, cfg.ops().endpoint(cfg.crawlerMetrics(), runsCrawler()), clock);
        Stage stage = start(cfg, kafka, clock, meters)) {
      if (hook.stopping()) {
        // the signal came while the stage started, and what it interrupted did not fail
        throw new InterruptedException();
      }
      health.add(StageHealth.of(spec.name(), stage, List.of(kafkaHealth.check())));
      out.printf(
          "sitewatch %s: running against %s; SIGTERM or Ctrl-C stops it%n",
          spec.name(), cfg.kafka().bootstrapServers());
      out.flush();
      String failure = Probe.await(scheduler, stage::failure, Duration.ofSeconds(1));
      spec.commandLine()
          .getErr()
          .printf(
              "sitewatch %s: %s; exiting so that a supervisor can restart it%n",
              spec.name(), failure);
      return 1;
    } finally {
      scheduler.shutdownNow();
      meters.close();
    }
  }
}
