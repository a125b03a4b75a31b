package org.sitewatch.infra.cli.workbench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.LeadStoreOptions;
import org.sitewatch.infra.cli.ServedSite;
import org.sitewatch.infra.cli.ShutdownHook;
import org.sitewatch.infra.cli.TlsOptions;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.local.DataDir;
import org.sitewatch.infra.ops.PostgresHealth;
import org.sitewatch.infra.ops.ProcessHealth;
import org.sitewatch.infra.ops.ProcessOps;
import org.sitewatch.infra.ops.StageHealth;
import org.sitewatch.sink.evidence.warc.WarcStoreSource;
import org.sitewatch.web.WorkbenchServer;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.crawl.KafkaCrawlRequests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sitewatch workbench}: the analysts' workbench alone, on a lead database. */
@Command(
    name = "workbench",
    mixinStandardHelpOptions = true,
    description =
        "Serve the analysts' workbench on a lead database (--jdbc-url, --config or --data-dir)"
            + " until Ctrl-C; binds 127.0.0.1 unless told otherwise.")
public final class WorkbenchCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin LeadStoreOptions store;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "TCP port (0: a free one); default ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on; default ${DEFAULT-VALUE} (this machine only). Serve other"
              + " machines with --tls-cert/--tls-key.")
  String bind;

  @Mixin TlsOptions tls;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka cluster for 'send a site to be crawled' (kafka.bootstrap-servers); without it"
              + " the workbench cannot send crawl requests.")
  String bootstrapServers;

  @Option(
      names = "--warc-dir",
      paramLabel = "DIR",
      description =
          "The crawler's WARC store, where captured pages are read from (sink.warc-dir; default"
              + " crawler.warc-dir).")
  Path warcDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    tls.check();
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0-65535, got " + port);
    }
    if (bootstrapServers != null) {
      config.overrides.put("kafka.bootstrap-servers", bootstrapServers);
    }
    if (warcDir != null) {
      config.overrides.put("sink.warc-dir", warcDir.toString());
    }
    // one hook for the process: Ctrl-C interrupts this thread, which stops the server and then
    // the database (an embedded one included) before the JVM exits
    try (ShutdownHook hook = ShutdownHook.interruptingCurrentThread()) {
      return store.run(config, "workbench", "serve a workbench on it", this::serve);
    }
  }

  private int serve(SitewatchConfig cfg, Database db) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<AutoCloseable> owned = new ArrayList<>();
    WarcStoreSource warcs = cfg.evidence().warcSource();
    owned.add(warcs);
    WorkbenchServer.Builder builder =
        WorkbenchServer.builder(db.dataSource())
            .bind(bind)
            .port(port)
            .warcs(warcs)
            .tipContactRetention(cfg.tipSite().contactRetention())
            .allowPrivateTipTargets(cfg.tipSite().allowPrivateTargets());
    if (tls.enabled()) {
      builder.tls(tls.certificate(), tls.privateKey());
    }
    String crawling;
    if (cfg.kafka().embedded()) {
      crawling = "off (no Kafka: give --bootstrap-servers)";
    } else {
      KafkaCrawlRequests sender =
          new KafkaCrawlRequests(KafkaClients.props(cfg.kafka()), cfg.topics().crawlRequests());
      owned.add(sender);
      builder.crawlRequests(sender);
      crawling = "to " + cfg.kafka().bootstrapServers() + " (" + cfg.topics().crawlRequests() + ")";
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.systemUTC();
    // the site first: it closes what it owns (the producer) also when a later part fails
    try (AutoCloseable closesMeters = meters::close;
        ServedSite served = ServedSite.start(builder, owned);
        PostgresHealth database = new PostgresHealth("workbench", db.dataSource());
        ProcessOps ops =
            ProcessOps.start(
                meters,
                new ProcessHealth(
                    List.of(StageHealth.serving("workbench", List.of(database.check()))), meters),
                cfg.ops().endpoint(cfg.crawlerMetrics(), false),
                clock)) {
      out.printf("sitewatch workbench: %s%n", served.url());
      out.printf(
          "  lead database %s; captured pages from %s%s; crawl requests %s%n",
          db.jdbcUrl(),
          cfg.evidence().warcDir().toAbsolutePath(),
          (Files.isDirectory(cfg.evidence().warcDir()) ? "" : " (no such folder yet)")
              + cfg.evidence().warcStore().map(t -> " and " + t.location()).orElse(""),
          crawling);
      if (!tls.enabled() && !ServedSite.isLoopback(bind)) {
        out.printf(
            "  warning: plain HTTP on %s: passwords and sessions cross the network in clear;"
                + " give --tls-cert/--tls-key%n",
            bind);
      }
      ops.port()
          .ifPresent(
              port ->
                  out.printf("  operations endpoint on port %d (/metrics, /health/ready)%n", port));
      ServedSite.printAccountHint(out, new Accounts(db.dataSource(), clock), target());
      out.println("sitewatch workbench: running; press Ctrl-C to stop");
      out.flush();
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      out.println("sitewatch workbench: stopping");
      out.flush();
    }
    return 0;
  }

  /** How another command reaches this workbench's database while it runs. */
  private String target() {
    if (store.dataDir != null) {
      return "--config " + DataDir.analystLogin(store.dataDir);
    }
    return store.jdbcUrl != null ? "--jdbc-url " + store.jdbcUrl : "(with this --config)";
  }
}
