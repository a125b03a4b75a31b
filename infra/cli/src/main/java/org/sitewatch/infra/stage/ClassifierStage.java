package org.sitewatch.infra.stage;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.sitewatch.classifier.topology.ClassifierApp;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.ops.HealthCheck;
import org.sitewatch.infra.ops.StallCheck;

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
   *     within a fraction of a second, and no standby replica (the all-in-one mode, one instance);
   *     otherwise the Streams defaults
   */
  public record Tuning(Optional<Path> stateDir, boolean lowLatency) {
    public Tuning {
      Objects.requireNonNull(stateDir, "stateDir");
    }

    /**
     * A classifier process: state in {@code stateDir} ({@code classifier.state-dir}), the Kafka
     * Streams defaults otherwise.
     */
    public static Tuning process(Path stateDir) {
      return new Tuning(Optional.of(stateDir), false);
    }

    /** The all-in-one mode: state in the run's own folder, latency over batching. */
    public static Tuning local(Path stateDir) {
      return new Tuning(Optional.of(stateDir), true);
    }
  }

  private final ClassifierApp app;
  private final List<HealthCheck> stall;

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
    tuning.stateDir().ifPresent(dir -> streamsProps.put("state.dir", usable(dir).toString()));
    if (tuning.lowLatency()) {
      streamsProps.put("commit.interval.ms", 100);
      streamsProps.put("statestore.cache.max.bytes", 0L);
      // one instance in the process: a standby has nowhere to go and Kafka Streams would warn
      streamsProps.putIfAbsent("num.standby.replicas", 0);
    }
    app = new ClassifierApp(cfg.classifier(), streamsProps, cfg.topics(), clock, meters);
    stall =
        StallCheck.forStage(
            meters, "classifier", cfg.topics().pages(), cfg.ops().stallAfter(), clock);
    try {
      app.start();
    } catch (RuntimeException e) {
      app.close();
      if (e instanceof org.apache.kafka.streams.errors.StreamsException
          && String.valueOf(e.getMessage()).contains("state directory")) {
        throw new IllegalStateException(
            "classifier.state-dir "
                + streamsProps.get("state.dir")
                + " is in use by another classifier process on this host: give each process its"
                + " own folder ("
                + e.getMessage()
                + ")",
            e);
      }
      throw e;
    }
  }

  /**
   * {@code dir}, created if missing; refused with the reason when the classifier cannot keep its
   * state there (Kafka Streams itself would fail later, with a message about its own internals).
   *
   * @throws IllegalArgumentException naming {@code classifier.state-dir} and the folder
   */
  static Path usable(Path dir) {
    Path absolute = dir.toAbsolutePath();
    try {
      Files.createDirectories(absolute);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(
          "classifier.state-dir: cannot create " + absolute + " for the classifier's state: " + e,
          e);
    }
    if (!Files.isWritable(absolute)) {
      throw new IllegalArgumentException(
          "classifier.state-dir: "
              + absolute
              + " is not writable: the classifier keeps its state stores there");
    }
    return absolute;
  }

  @Override
  public Optional<String> failure() {
    return app.isRunning()
        ? Optional.empty()
        : Optional.of(
            "the classifier stopped (Kafka Streams state " + app.state() + "); see the log");
  }

  /**
   * {@code streams}: Kafka Streams is RUNNING (not starting, rebalancing or stopped); {@code
   * stalled} (unless {@code health.stall-after} is 0): pages wait and none was fetched for
   * processing for longer than that.
   */
  @Override
  public List<HealthCheck> readiness() {
    return Stage.with(
        stall,
        new HealthCheck(
            "streams",
            () -> {
              KafkaStreams.State state = app.state();
              return state == KafkaStreams.State.RUNNING
                  ? Optional.empty()
                  : Optional.of("Kafka Streams is " + state);
            }));
  }

  @Override
  public void close() {
    app.close();
  }
}
