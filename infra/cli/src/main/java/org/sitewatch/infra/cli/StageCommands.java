package org.sitewatch.infra.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.sitewatch.classifier.ClassifierApp;
import org.sitewatch.crawler.worker.CrawlerWorker;
import org.sitewatch.infra.local.CrawlerStage;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.kafka.TopicAdmin;
import org.sitewatch.infra.local.Probe;
import org.sitewatch.sink.CheckRecorder;
import org.sitewatch.sink.LeadSink;
import org.sitewatch.sink.Recrawler;
import org.sitewatch.sink.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One stage per process against an external Kafka (and PostgreSQL): the production shape. */
final class StageCommands {
  private StageCommands() {}

  /** Options and lifecycle shared by the stage commands. */
  abstract static class StageCommand implements Callable<Integer> {
    @Mixin ConfigOptions config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka bootstrap servers (kafka.bootstrap-servers).")
    String bootstrapServers;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    Map<String, String> extra() {
      Map<String, String> extra = new LinkedHashMap<>();
      if (bootstrapServers != null) {
        extra.put("kafka.bootstrap-servers", bootstrapServers);
      }
      return extra;
    }

    @Override
    public Integer call() throws Exception {
      SitewatchConfig cfg = config.load(extra());
      if (cfg.kafka().embedded()) {
        throw new IllegalArgumentException(
            "the " + spec.name() + " stage needs a Kafka cluster: give --bootstrap-servers or kafka.bootstrap-servers");
      }
      Map<String, Object> kafka = org.sitewatch.infra.kafka.KafkaClients.props(cfg.kafka());
      try (TopicAdmin admin = new TopicAdmin(kafka)) {
        admin.createTopics(cfg.topics(), cfg.kafka().partitions(), cfg.kafka().replicationFactor());
      }
      // One shutdown hook: interrupt the main thread, which closes the stage, then let the JVM go.
      Thread main = Thread.currentThread();
      CountDownLatch closed = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        main.interrupt();
        try {
          closed.await(AllInOne.SHUTDOWN_BUDGET.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "sitewatch-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sitewatch-health");
        t.setDaemon(true);
        return t;
      });
      var out = spec.commandLine().getOut();
      try (Running stage = start(cfg, kafka)) {
        out.printf("sitewatch %s: running against %s; SIGTERM or Ctrl-C stops it%n",
            spec.name(), cfg.kafka().bootstrapServers());
        out.flush();
        String failure = Probe.await(scheduler, stage.failure(), Duration.ofSeconds(1));
        spec.commandLine().getErr().printf("sitewatch %s: %s; exiting so that a supervisor can restart it%n",
            spec.name(), failure);
        return 1;
      } catch (InterruptedException e) {
        out.printf("sitewatch %s: stopped%n", spec.name());
        return 0;
      } finally {
        scheduler.shutdownNow();
        closed.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // already shutting down: the hook waits for `closed`
        }
      }
    }

    /** A started stage: how to stop it, and how to tell that it stopped on its own. */
    record Running(AutoCloseable stage, Supplier<Optional<String>> failure) implements AutoCloseable {
      @Override
      public void close() throws Exception {
        stage.close();
      }
    }

    abstract Running start(SitewatchConfig cfg, Map<String, Object> kafka);
  }

  @Command(name = "crawler", mixinStandardHelpOptions = true,
      description = "Run a crawler worker: consume crawl requests, publish pages and outcomes.")
  static final class Crawler extends StageCommand {
    @Override
    Running start(SitewatchConfig cfg, Map<String, Object> kafka) {
      CrawlerStage stage = new CrawlerStage(cfg, kafka, Clock.systemUTC());
      CrawlerWorker worker = stage.worker();
      return new Running(stage, () -> worker.isRunning() ? Optional.empty()
          : Optional.of("the crawler worker stopped: "
              + worker.failure().map(Throwable::getMessage).orElse("see the log")));
    }
  }

  @Command(name = "classifier", mixinStandardHelpOptions = true,
      description = "Run the classifier (Kafka Streams): pages in, site verdicts out.")
  static final class Classifier extends StageCommand {
    @Override
    Running start(SitewatchConfig cfg, Map<String, Object> kafka) {
      ClassifierApp app = new ClassifierApp(cfg.classifier(), kafka, cfg.topics(), Clock.systemUTC());
      app.start();
      return new Running(app, () -> app.isRunning() ? Optional.empty()
          : Optional.of("Kafka Streams stopped in state " + app.state()));
    }
  }

  @Command(name = "sink", mixinStandardHelpOptions = true,
      description = "Run the lead sink: site verdicts in, leads in PostgreSQL; re-checks the sites of open leads (sink.recrawl-interval).")
  static final class Sink extends StageCommand {
    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL JDBC URL (db.jdbc-url).")
    String jdbcUrl;

    @Override
    Map<String, String> extra() {
      Map<String, String> extra = super.extra();
      if (jdbcUrl != null) {
        extra.put("db.jdbc-url", jdbcUrl);
      }
      return extra;
    }

    @Override
    Running start(SitewatchConfig cfg, Map<String, Object> kafka) {
      if (cfg.db().embedded()) {
        throw new IllegalArgumentException("the sink stage needs PostgreSQL: give --jdbc-url or db.jdbc-url");
      }
      Database db = Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password());
      try {
        Migrations.requireCurrent(db.dataSource()); // the sink never migrates (docs/database.md)
        LeadSink sink = new LeadSink(cfg.sink(), db.dataSource(), kafka, cfg.topics(), Clock.systemUTC(),
            (lead, result) -> spec.commandLine().getOut().printf("%s lead %s score %.2f%n", result, lead.site(), lead.score()),
            org.sitewatch.infra.local.Jurisdictions.routeStore(cfg.jurisdiction(), db.dataSource(), Clock.systemUTC()));
        // recrawl: scheduled re-checks of open leads out, their results in (docs/recrawl.md)
        CheckRecorder checks = new CheckRecorder(cfg.sink(), db.dataSource(), kafka, cfg.topics(),
            Clock.systemUTC());
        Recrawler recrawler = Recrawler.kafka(cfg.sink().recrawl(), db.dataSource(), kafka,
            cfg.topics(), Clock.systemUTC());
        AutoCloseable stage = () -> {
          try (db; sink; checks; recrawler) {
            // closed in reverse order: scheduler, check recorder, sink, then the pool
          }
        };
        try {
          sink.start();
          checks.start();
          recrawler.start();
        } catch (RuntimeException e) {
          try {
            stage.close();
          } catch (Exception suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
        return new Running(stage, () -> !sink.isRunning() ? Optional.of("the lead sink stopped")
            : !checks.isRunning() ? Optional.of("the recrawl check recorder stopped")
            : Optional.empty());
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
    }
  }
}
