package org.sitewatch.infra.cli.stage;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.stage.ClassifierStage;
import org.sitewatch.infra.stage.Stage;
import picocli.CommandLine.Command;

/** {@code sitewatch classifier}: one classifier (Kafka Streams) process. */
@Command(
    name = "classifier",
    mixinStandardHelpOptions = true,
    description = "Run the classifier (Kafka Streams): pages in, site verdicts out.")
public final class ClassifierCommand extends StageCommand {
  @Override
  Sections.KafkaStage kafkaStage() {
    return Sections.KafkaStage.CLASSIFIER;
  }

  @Override
  Stage start(SitewatchConfig cfg, Map<String, Object> kafka, Clock clock, MeterRegistry meters) {
    return new ClassifierStage(
        cfg, kafka, clock, ClassifierStage.Tuning.process(cfg.classifierState().dir()), meters);
  }
}
