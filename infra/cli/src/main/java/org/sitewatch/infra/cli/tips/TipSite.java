package org.sitewatch.infra.cli.tips;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.infra.cli.ServedSite;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.stage.Closer;
import org.sitewatch.web.crawl.KafkaCrawlRequests;
import org.sitewatch.web.publicsite.TipSiteServer;

/**
 * Starts the public tip-off site for {@code tips} and {@code up --tips-port}: on the lead database
 * as the tips role, with the configuration's limits ({@code tips.*}) and, given Kafka client
 * properties, a producer that sends each tip's crawl request at once.
 */
public final class TipSite {
  /** The certificate chain and its private key, both PEM, of a site served over HTTPS. */
  public record TlsFiles(Path certificate, Path privateKey) {}

  private TipSite() {}

  /**
   * Starts the site; {@code owned} (e.g. the pool of {@code tipsDb}) is closed with it, also when
   * it fails to start.
   *
   * @param kafkaProps the broker's client properties, or empty: the tips are recorded and the sink
   *     sends their crawl requests after {@code sink.tips.unsent-after}
   * @param tls certificate chain and private key (PEM), or empty for plain HTTP
   * @throws IllegalArgumentException if the port is taken or the address cannot be bound
   */
  public static ServedSite start(
      SitewatchConfig cfg,
      DataSource tipsDb,
      Optional<Map<String, Object>> kafkaProps,
      String bind,
      int port,
      Optional<TlsFiles> tls,
      List<AutoCloseable> owned) {
    List<AutoCloseable> all = new ArrayList<>(owned);
    TipSiteServer.Builder builder =
        TipSiteServer.builder(tipsDb)
            .clock(Clock.systemUTC())
            .bind(bind)
            .port(port)
            .settings(cfg.tipSite());
    try {
      tls.ifPresent(t -> builder.tls(t.certificate(), t.privateKey()));
      if (kafkaProps.isPresent()) {
        KafkaCrawlRequests sender =
            new KafkaCrawlRequests(kafkaProps.get(), cfg.topics().crawlRequests());
        all.add(sender);
        builder.crawlRequests(sender);
      }
    } catch (RuntimeException e) {
      Deque<AutoCloseable> resources = new ArrayDeque<>();
      all.forEach(resources::push);
      Closer.closeAll(resources, e);
      throw e;
    }
    return ServedSite.start(builder, all);
  }

  /** What becomes of a tip's crawl request, for the start-up lines. */
  public static String crawlRequests(SitewatchConfig cfg, Optional<String> bootstrapServers) {
    return bootstrapServers
        .map(b -> "sent at once to " + b + " (" + cfg.topics().crawlRequests() + ")")
        .orElse(
            "not sent by the site (no Kafka: give --bootstrap-servers); tips are recorded and the"
                + " sink sends their crawl requests after sink.tips.unsent-after ("
                + cfg.sink().tips().unsentAfter().toSeconds()
                + " s)");
  }

  /** The warning for plain HTTP beyond this machine, or empty. */
  public static Optional<String> plainHttpWarning(String bind, boolean tls) {
    if (tls || ServedSite.isLoopback(bind)) {
      return Optional.empty();
    }
    return Optional.of(
        "warning: the public site serves plain HTTP on "
            + bind
            + ": reports, contacts and receipt codes cross the network in clear; give"
            + " --tls-cert/--tls-key, or bind 127.0.0.1 behind a TLS reverse proxy"
            + " (docs/tips.md)");
  }

  /**
   * The warning for a client-address header on a site that listens beyond this machine, or empty:
   * only a reverse proxy on this machine should reach it, else clients choose their own address.
   */
  public static Optional<String> clientHeaderWarning(SitewatchConfig cfg, String bind) {
    return cfg.tipSite()
        .clientAddressHeader()
        .filter(h -> !ServedSite.isLoopback(bind))
        .map(
            h ->
                "warning: tips.client-address-header="
                    + h
                    + " but the site listens on "
                    + bind
                    + ": a client that reaches it directly can write that header and escape the"
                    + " per-client limit; let only the reverse proxy reach it");
  }

  /** Prints the warnings, if any, with {@code prefix}. */
  static void warn(PrintWriter out, String prefix, SitewatchConfig cfg, String bind, boolean tls) {
    plainHttpWarning(bind, tls).ifPresent(w -> out.println(prefix + w));
    clientHeaderWarning(cfg, bind).ifPresent(w -> out.println(prefix + w));
  }
}
