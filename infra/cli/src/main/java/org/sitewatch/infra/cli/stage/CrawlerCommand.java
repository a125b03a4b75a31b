package org.sitewatch.infra.cli.stage;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.stage.CrawlerStage;
import org.sitewatch.infra.stage.Stage;
import picocli.CommandLine.Command;

/** {@code sitewatch crawler}: one crawler worker process. */
@Command(
    name = "crawler",
    mixinStandardHelpOptions = true,
    description = "Run a crawler worker: consume crawl requests, publish pages and outcomes.")
public final class CrawlerCommand extends StageCommand {
  @Override
  boolean runsCrawler() {
    return true;
  }

  @Override
  Sections.KafkaStage kafkaStage() {
    return Sections.KafkaStage.CRAWLER;
  }

  @Override
  Stage start(SitewatchConfig cfg, Map<String, Object> kafka, Clock clock, MeterRegistry meters) {
    return new CrawlerStage(cfg, kafka, clock, meters);
  }
}
