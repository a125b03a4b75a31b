package org.sitewatch.infra.cli.run;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.sitewatch.infra.cli.ServedSite;
import org.sitewatch.infra.cli.tips.TipSite;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.local.LocalPipeline;
import org.sitewatch.infra.ops.PostgresHealth;
import org.sitewatch.infra.ops.StageHealth;
import picocli.CommandLine.Option;

/**
 * {@code --tips-port} of the all-in-one modes that serve the workbench ({@code up}, {@code demo
 * --serve}), and the public tip-off site they then serve besides it: on the pipeline's database as
 * its tips login, sending each tip's crawl request to its broker at once.
 */
final class TipSiteOptions {
  @Option(
      names = "--tips-port",
      paramLabel = "PORT",
      description =
          "Also serve the public tip-off site on this port (0: a free one), on the --bind address,"
              + " as the tips role; without it there is no public site.")
  Integer port;

  void check() {
    if (port != null && (port < 0 || port > 65535)) {
      throw new IllegalArgumentException("--tips-port must be 0-65535, got " + port);
    }
  }

  /** Starts the public site if asked for, and prints its address. */
  Optional<ServedSite> start(
      SitewatchConfig cfg, LocalPipeline pipeline, String bind, PrintWriter out) {
    if (port == null) {
      return Optional.empty();
    }
    Database tips = Database.external(pipeline.tipsLogin());
    PostgresHealth database = new PostgresHealth("tips", tips.dataSource());
    // closes the pool too when the site cannot start
    ServedSite served =
        TipSite.start(
            cfg,
            tips.dataSource(),
            Optional.of(
                KafkaClients.props(pipeline.bootstrapServers(), cfg.kafka().clientSettings())),
            bind,
            port,
            Optional.empty(),
            List.of(tips, database));
    pipeline
        .health()
        .add(StageHealth.serving("tips", List.of(database.check(), pipeline.kafkaCheck())));
    out.printf("sitewatch: public tip-off site at %s%n", served.url());
    TipSite.plainHttpWarning(bind, false).ifPresent(w -> out.println("sitewatch: " + w));
    TipSite.clientHeaderWarning(cfg, bind).ifPresent(w -> out.println("sitewatch: " + w));
    if (!pipeline.tipsLogin().username().equals(cfg.db().roles().tips())) {
      out.printf(
          "sitewatch: warning: the public site logs in as %s, the configured database account;"
              + " on a shared database serve it with 'sitewatch tips' as the tips role (%s)"
              + " instead, which can read no lead%n",
          pipeline.tipsLogin().username(), cfg.db().roles().tips());
    }
    out.flush();
    return Optional.of(served);
  }
}
