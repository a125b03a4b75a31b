package org.sitewatch.infra.cli.run;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.sitewatch.infra.cli.ServedSite;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.local.DataDir;
import org.sitewatch.infra.local.LocalPipeline;
import org.sitewatch.infra.ops.PostgresHealth;
import org.sitewatch.infra.ops.StageHealth;
import org.sitewatch.sink.evidence.warc.WarcStoreSource;
import org.sitewatch.web.WorkbenchServer;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.crawl.KafkaCrawlRequests;
import picocli.CommandLine.Option;

/**
 * {@code --workbench-port} and {@code --bind} of the all-in-one modes that serve the workbench
 * ({@code up}, {@code demo --serve}), and the workbench they serve: on the pipeline's database as
 * its analyst login, with the crawler's WARC store and a crawl-request producer on its broker.
 */
final class WorkbenchOptions {
  @Option(
      names = "--workbench-port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "TCP port of the workbench (0: a free one); default ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description =
          "Address the workbench (and the public site of --tips-port) listens on; default"
              + " ${DEFAULT-VALUE} (this machine only). For other machines use 'sitewatch"
              + " workbench' and 'sitewatch tips' with --tls-cert/--tls-key.")
  String bind;

  /** A started workbench and the accounts of its database. */
  record Started(ServedSite served, Accounts accounts) implements AutoCloseable {
    URI url() {
      return served.url();
    }

    @Override
    public void close() {
      served.close();
    }
  }

  void check() {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--workbench-port must be 0-65535, got " + port);
    }
  }

  Started start(SitewatchConfig cfg, LocalPipeline pipeline, PrintWriter out) {
    Database analyst = Database.external(pipeline.analystLogin());
    KafkaCrawlRequests sender;
    try {
      sender =
          new KafkaCrawlRequests(
              KafkaClients.props(pipeline.bootstrapServers(), cfg.kafka().clientSettings()),
              cfg.topics().crawlRequests());
    } catch (RuntimeException e) {
      analyst.close();
      throw e;
    }
    WarcStoreSource warcs = cfg.evidence().warcSource();
    WorkbenchServer.Builder builder =
        WorkbenchServer.builder(analyst.dataSource())
            .bind(bind)
            .port(port)
            .warcs(warcs)
            .crawlRequests(sender)
            .tipContactRetention(cfg.tipSite().contactRetention())
            .allowPrivateTipTargets(cfg.tipSite().allowPrivateTargets());
    PostgresHealth database = new PostgresHealth("workbench", analyst.dataSource());
    ServedSite served = ServedSite.start(builder, List.of(analyst, sender, warcs, database));
    pipeline.health().add(StageHealth.serving("workbench", List.of(database.check())));
    out.printf("sitewatch: workbench at %s%n", served.url());
    if (!ServedSite.isLoopback(bind)) {
      out.printf(
          "sitewatch: warning: the workbench serves plain HTTP on %s: passwords and sessions cross"
              + " the network in clear; for other machines use 'sitewatch workbench' with"
              + " --tls-cert/--tls-key%n",
          bind);
    }
    out.flush();
    return new Started(served, new Accounts(analyst.dataSource(), Clock.systemUTC()));
  }

  /** Where the pipeline of {@code cfg} writes its analyst login, for {@code --config}. */
  static Path analystLoginFile(SitewatchConfig cfg) {
    return DataDir.analystLogin(cfg.local().dataDir());
  }
}
