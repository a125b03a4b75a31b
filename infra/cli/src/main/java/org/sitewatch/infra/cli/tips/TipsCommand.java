package org.sitewatch.infra.cli.tips;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.sitewatch.infra.ops.HealthCheck;
import org.sitewatch.infra.ops.KafkaHealth;
import org.sitewatch.infra.ops.PostgresHealth;
import org.sitewatch.infra.ops.ProcessHealth;
import org.sitewatch.infra.ops.ProcessOps;
import org.sitewatch.infra.ops.StageHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sitewatch tips}: the public tip-off site alone, on a lead database as the tips role, in a
 * process of its own (never in the workbench's).
 */
@Command(
    name = "tips",
    mixinStandardHelpOptions = true,
    description =
        "Serve the public tip-off site (report form, receipt look-up) on a lead database as the"
            + " tips role (--jdbc-url with db.username = db.tips-role, --config, or --data-dir)"
            + " until Ctrl-C; binds 127.0.0.1 unless told otherwise.")
public final class TipsCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin LeadStoreOptions store;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8081",
      description = "TCP port (0: a free one); default ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on; default ${DEFAULT-VALUE} (this machine, or a reverse proxy on"
              + " it). Serve other machines directly only with --tls-cert/--tls-key.")
  String bind;

  @Mixin TlsOptions tls;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description =
          "Kafka cluster to send each tip's crawl request to at once (kafka.bootstrap-servers);"
              + " without it tips are recorded and the sink sends their requests later.")
  String bootstrapServers;

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
    // one hook for the process: Ctrl-C interrupts this thread, which stops the server and then
    // the database (an embedded one included) before the JVM exits
    try (ShutdownHook hook = ShutdownHook.interruptingCurrentThread()) {
      return LeadStoreOptions.run(
          config,
          store.jdbcUrl,
          store.dataDir,
          LeadStoreOptions.Role.TIPS,
          "tips",
          "run that 'sitewatch up' with --tips-port PORT, which serves the public site itself",
          this::serve);
    }
  }

  private int serve(SitewatchConfig cfg, Database db) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<String> kafka =
        cfg.kafka().embedded() ? Optional.empty() : Optional.of(cfg.kafka().bootstrapServers());
    String role = store.dataDir != null ? cfg.db().roles().tips() : cfg.db().username();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Clock clock = Clock.systemUTC();
    try (AutoCloseable closesMeters = meters::close;
        PostgresHealth database = new PostgresHealth("tips", db.dataSource());
        KafkaHealth kafkaHealth =
            kafka.isPresent() ? new KafkaHealth(KafkaClients.props(cfg.kafka()), clock) : null;
        ProcessOps ops =
            ProcessOps.start(
                meters,
                health(meters, database, kafkaHealth),
                cfg.ops().endpoint(cfg.crawlerMetrics(), false),
                clock);
        ServedSite served =
            TipSite.start(
                cfg,
                db.dataSource(),
                kafka.map(b -> KafkaClients.props(cfg.kafka())),
                bind,
                port,
                tls.enabled()
                    ? Optional.of(new TipSite.TlsFiles(tls.certificate(), tls.privateKey()))
                    : Optional.empty(),
                List.of())) {
      out.printf("sitewatch tips: %s%n", served.url());
      out.printf(
          "  lead database %s as %s; crawl requests %s%n",
          db.jdbcUrl(), role, TipSite.crawlRequests(cfg, kafka));
      if (!role.equals(cfg.db().roles().tips())) {
        out.printf(
            "  warning: the public site logs in as %s, not as the tips role %s (db.tips-role),"
                + " which may record tips and read nothing else: set db.username=%s%n",
            role, cfg.db().roles().tips(), cfg.db().roles().tips());
      }
      TipSite.warn(out, "  ", cfg, bind, tls.enabled());
      ops.port()
          .ifPresent(
              p -> out.printf("  operations endpoint on port %d (/metrics, /health/ready)%n", p));
      out.println("sitewatch tips: running; press Ctrl-C to stop");
      out.flush();
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      out.println("sitewatch tips: stopping");
      out.flush();
    }
    return 0;
  }

  /** {@code postgresql}, and {@code kafka} when the site sends crawl requests itself. */
  private static ProcessHealth health(
      MeterRegistry meters, PostgresHealth database, KafkaHealth kafka) {
    List<HealthCheck> checks = new ArrayList<>(List.of(database.check()));
    if (kafka != null) {
      checks.add(kafka.check());
    }
    return new ProcessHealth(List.of(StageHealth.serving("tips", checks)), meters);
  }
}
