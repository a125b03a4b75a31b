package org.sitewatch.infra.cli.stage;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.ops.HealthCheck;
import org.sitewatch.infra.stage.SinkStage;
import org.sitewatch.infra.stage.Stage;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sitewatch sink}: one lead sink process, with its recrawl checks and tip follow-up. */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description =
        "Run the lead sink: site verdicts in, leads in PostgreSQL; re-checks the sites of open"
            + " leads (sink.recrawl-interval); follows tips to their sites' leads (sink.tips.*).")
public final class SinkCommand extends StageCommand {
  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "PostgreSQL JDBC URL (db.jdbc-url).")
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
  Sections.KafkaStage kafkaStage() {
    return Sections.KafkaStage.SINK;
  }

  @Override
  Stage start(SitewatchConfig cfg, Map<String, Object> kafka, Clock clock, MeterRegistry meters) {
    if (cfg.db().embedded()) {
      throw new IllegalArgumentException(
          "the sink stage needs PostgreSQL: give --jdbc-url or db.jdbc-url");
    }
    Database db =
        Database.external(cfg.db().jdbcUrl(), cfg.db().username(), cfg.db().password(), meters);
    try {
      // "cannot start: cannot connect to the lead database URL as USER within 30 s: REASON", as
      // the other commands on the lead database say it
      db.requireReachable();
      SinkStage sink = new SinkStage(cfg, db.dataSource(), kafka, clock, this::print, meters);
      return new Stage() {
        @Override
        public Optional<String> failure() {
          return sink.failure();
        }

        @Override
        public List<HealthCheck> readiness() {
          return sink.readiness();
        }

        @Override
        public void close() {
          try (db) {
            sink.close();
          }
        }
      };
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private void print(Lead lead, ApplyResult result) {
    spec.commandLine()
        .getOut()
        .printf("%s lead %s score %.2f%n", result, lead.site(), lead.score());
  }
}
