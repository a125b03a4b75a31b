package org.sitewatch.web;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.sink.evidence.warc.WarcSource;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.crawl.CrawlRequests;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.SecurityHeaders;
import org.sitewatch.web.http.Sessions;
import org.sitewatch.web.queue.QueueFeature;
import org.sitewatch.web.signin.SignInFeature;
import org.sitewatch.web.view.Views;

/**
 * The analysts' workbench: an HTTP server (Javalin on Jetty) over the lead database. It binds
 * 127.0.0.1 unless told otherwise, serves its own assets (no CDN), sends a strict
 * Content-Security-Policy, and registers every route through {@link Routes}. Closing stops the
 * server and its threads.
 */
public final class WorkbenchServer implements AutoCloseable {
  private final Javalin app;
  private final String scheme;
  private final String host;
  private final List<Feature> features;

  private WorkbenchServer(Builder b) {
    Views views = new Views();
    Accounts accounts = new Accounts(b.dataSource, b.clock);
    Services services =
        new Services(b.dataSource, b.clock, accounts, views, b.warcs, b.crawlRequests);
    Sessions sessions = new Sessions(b.clock, b.idleTimeout);
    boolean tls = false;
    this.scheme = tls ? "https" : "http";
    this.host = b.bind;
    this.features = features(services);
    this.app =
        Javalin.create(
            config -> {
              config.jetty.host = b.bind;
              config.jetty.port = b.port;
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = 1024 * 1024;
              config.staticFiles.add(
                  s -> {
                    s.hostedPath = "/assets";
                    s.directory = "/web/assets";
                    s.location = Location.CLASSPATH;
                  });
              config.staticFiles.enableWebjars();
              SecurityHeaders.register(config.routes, tls);
              Routes routes = new Routes(config.routes, sessions, accounts, tls);
              ErrorPages.register(config.routes, views);
              for (Feature f : features) {
                f.register(routes);
              }
            });
  }

  /** Every part of the workbench, in one place. */
  private static List<Feature> features(Services s) {
    List<Feature> f = new ArrayList<>();
    f.add(new SignInFeature(s));
    f.add(new QueueFeature(s));
    return f;
  }

  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Starts serving; returns this. */
  public WorkbenchServer start() {
    app.start();
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The address to open in a browser. */
  public URI url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    if ("0.0.0.0".equals(host) || "::".equals(host)) {
      h = "127.0.0.1";
    }
    return URI.create(scheme + "://" + h + ":" + port() + "/");
  }

  @Override
  public void close() {
    // features that own threads or streams (the live queue) stop first, while their responses are
    // still there to be closed
    try {
      for (Feature f : features) {
        if (f instanceof AutoCloseable c) {
          c.close();
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop a part of the workbench", e);
    } finally {
      app.stop();
    }
  }

  /** How to start a workbench. */
  public static final class Builder {
    private final DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private String bind = "127.0.0.1";
    private int port = 8080;
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Optional<WarcSource> warcs = Optional.empty();
    private Optional<CrawlRequests> crawlRequests = Optional.empty();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The address to listen on (127.0.0.1 by default). */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The port (8080 by default; 0 picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** How long a session lives without a request (30 minutes by default). */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
      return this;
    }

    /** Where captured pages are read from (the crawler's WARC folder). */
    public Builder warcs(WarcSource warcs) {
      this.warcs = Optional.of(warcs);
      return this;
    }

    /** How to send a site to be crawled (absent: the form says the workbench has no Kafka). */
    public Builder crawlRequests(CrawlRequests crawlRequests) {
      this.crawlRequests = Optional.of(crawlRequests);
      return this;
    }

    public WorkbenchServer build() {
      return new WorkbenchServer(this);
    }
  }
}
