package org.sitewatch.infra.stage;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.classifier.topology.ClassifierApp;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.KafkaClients;

/**
 * The classifier as a process runs it: the Kafka Streams application on the configured topics,
 * started by the constructor and closed with the stage.
 */
public final class ClassifierStage implements Stage {
  /**
   * Kafka Streams settings in which the all-in-one mode differs from a classifier process.
   *
   * @param stateDir where the state stores live; empty: the Kafka Streams default ({@code
   *     state.dir})
   * @param lowLatency commit every 100 ms without a record cache, so that verdicts follow pages
   *     within a fraction of a second (the all-in-one mode); otherwise the Streams defaults
   */
  public record Tuning(Optional<Path> stateDir, boolean lowLatency) {
    /** A classifier process: the Kafka Streams defaults. */
    public static final Tuning PROCESS = new Tuning(Optional.empty(), false);

    public Tuning {
      Objects.requireNonNull(stateDir, "stateDir");
    }

    /** The all-in-one mode: state in the run's own folder, latency over batching. */
    public static Tuning local(Path stateDir) {
      return new Tuning(Optional.of(stateDir), true);
    }
  }

  private final ClassifierApp app;

  /**
   * Builds and starts the classifier.
   *
   * @param meters where the classifier's meters go (the process's registry)
   */
  public ClassifierStage(
      SitewatchConfig cfg,
      Map<String, Object> kafkaProps,
      Clock clock,
      Tuning tuning,
      MeterRegistry meters) {
    Map<String, Object> streamsProps =
        new HashMap<>(
            KafkaClients.forStage(kafkaProps, cfg.kafka(), Sections.KafkaStage.CLASSIFIER));
    tuning.stateDir().ifPresent(dir -> streamsProps.put("state.dir", dir.toString()));
    if (tuning.lowLatency()) {
      streamsProps.put("commit.interval.ms", 100);
      streamsProps.put("statestore.cache.max.bytes", 0L);
    }
    app = new ClassifierApp(cfg.classifier(), streamsProps, cfg.topics(), clock, meters);
    try {
      app.start();
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  @Override
  public Optional<String> failure() {
    return app.isRunning()
        ? Optional.empty()
        : Optional.of(
            "the classifier stopped (Kafka Streams state " + app.state() + "); see the log");
  }

  @Override
  public void close() {
    app.close();
  }
}
