package org.sitewatch.web;

import io.javalin.Javalin;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.sink.evidence.signing.SigningKey;
import org.sitewatch.sink.evidence.warc.WarcSource;
import org.sitewatch.sink.tips.TipSettings;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.PasswordHasher;
import org.sitewatch.web.admin.AdminFeature;
import org.sitewatch.web.apidoc.OpenApiFeature;
import org.sitewatch.web.capture.CaptureFeature;
import org.sitewatch.web.crawl.CrawlFeature;
import org.sitewatch.web.crawl.CrawlRequests;
import org.sitewatch.web.dashboard.DashboardFeature;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.SecurityHeaders;
import org.sitewatch.web.http.Sessions;
import org.sitewatch.web.http.Tls;
import org.sitewatch.web.lead.LeadFeature;
import org.sitewatch.web.operations.OperationsFeature;
import org.sitewatch.web.queue.QueueFeature;
import org.sitewatch.web.settings.SettingsFeature;
import org.sitewatch.web.signin.SignInFeature;
import org.sitewatch.web.tips.TipsFeature;
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
  private final List<String> apiRoutes = new ArrayList<>();
  private final List<String> routes = new ArrayList<>();
  private final List<Feature> features;

  private WorkbenchServer(Builder b) {
    Views views = new Views();
    Accounts accounts = new Accounts(b.dataSource, b.clock, b.passwordHasher);
    Services services =
        new Services(
            b.dataSource,
            b.clock,
            accounts,
            views,
            b.warcs,
            b.crawlRequests,
            b.signingKey,
            b.dashboardCacheTtl);
    Sessions sessions = new Sessions(b.clock, b.idleTimeout);
    boolean tls = b.tls.isPresent();
    this.scheme = tls ? "https" : "http";
    this.host = b.bind;
    this.features = features(services, b);
    this.app =
        Javalin.create(
            config -> {
              config.jetty.host = b.bind;
              config.jetty.port = b.port;
              b.tls.ifPresent(
                  t ->
                      config.jetty.addConnector(
                          (server, http) -> t.connector(server, http, b.bind, b.port)));
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
              config.routes.before(
                  ctx -> {
                    // no form of the workbench is multipart, and Javalin would parse one with no
                    // bound (a file part is written whole to disk), before sign-in on /login
                    String type = ctx.contentType();
                    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
                      ctx.header("Connection", "close");
                      throw new UnsupportedMediaTypeResponse("multipart bodies are not accepted");
                    }
                  });
              Routes routes = new Routes(config.routes, sessions, accounts, tls);
              ErrorPages.register(config.routes, views);
              for (Feature f : features) {
                f.register(routes);
              }
              apiRoutes.addAll(routes.apiRoutes());
              this.routes.addAll(routes.routes());
            });
  }

  /** Every part of the workbench, in one place. */
  private static List<Feature> features(Services s, Builder b) {
    List<Feature> f = new ArrayList<>();
    f.add(new SignInFeature(s));
    f.add(new SettingsFeature(s));
    f.add(new QueueFeature(s));
    f.add(new LeadFeature(s));
    f.add(new CaptureFeature(s));
    f.add(new OperationsFeature(s));
    f.add(new DashboardFeature(s));
    f.add(new CrawlFeature(s));
    f.add(new TipsFeature(s, b.tipContactRetention, b.allowPrivateTipTargets));
    f.add(new AdminFeature(s));
    f.add(new OpenApiFeature());
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

  /** The API routes the features registered ({@link Routes#apiRoutes}). */
  public List<String> apiRoutes() {
    return List.copyOf(apiRoutes);
  }

  /** Every route the features registered, as {@code "GET /leads/{id}"} ({@link Routes#routes}). */
  public List<String> routes() {
    return List.copyOf(routes);
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
    private PasswordHasher passwordHasher = new PasswordHasher();
    private String bind = "127.0.0.1";
    private int port = 8080;
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Optional<WarcSource> warcs = Optional.empty();
    private Optional<CrawlRequests> crawlRequests = Optional.empty();
    private Optional<SigningKey> signingKey = Optional.empty();
    private Optional<Tls> tls = Optional.empty();
    private Duration dashboardCacheTtl = Services.DASHBOARD_CACHE_TTL;
    private Duration tipContactRetention = TipSettings.DEFAULT_CONTACT_RETENTION;
    private boolean allowPrivateTipTargets;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How passwords set on the accounts page and in settings are hashed (Argon2id with OWASP's
     * minimum by default). Tests give cheap parameters; a stored hash is verified with its own.
     */
    public Builder passwordHasher(PasswordHasher passwordHasher) {
      this.passwordHasher = Objects.requireNonNull(passwordHasher, "passwordHasher");
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

    /** The key evidence bundles are signed with (absent: the lead page offers no download). */
    public Builder signingKey(SigningKey signingKey) {
      this.signingKey = Optional.of(signingKey);
      return this;
    }

    /**
     * Serves HTTPS only, with a PEM certificate chain and its PKCS#8 PEM private key (RSA or EC);
     * cookies are then Secure and responses carry HSTS.
     *
     * @throws IllegalArgumentException if the files cannot be read or do not match
     */
    public Builder tls(Path certificatePem, Path privateKeyPem) {
      this.tls = Optional.of(Tls.fromPem(certificatePem, privateKeyPem));
      return this;
    }

    /**
     * How long the dashboard keeps its figures per scope (30 s by default; zero computes them on
     * every request, e.g. to measure the computation).
     */
    public Builder dashboardCacheTtl(Duration ttl) {
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must not be negative: " + ttl);
      }
      this.dashboardCacheTtl = ttl;
      return this;
    }

    /** How long a hotline caller's contact is kept (180 days by default; the sink erases it). */
    public Builder tipContactRetention(Duration retention) {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive: " + retention);
      }
      this.tipContactRetention = retention;
      return this;
    }

    /**
     * Whether the hotline form takes tips for loopback and private addresses (off by default; on
     * when the crawler may crawl them, as in demos on loopback).
     */
    public Builder allowPrivateTipTargets(boolean allow) {
      this.allowPrivateTipTargets = allow;
      return this;
    }

    public WorkbenchServer build() {
      return new WorkbenchServer(this);
    }
  }
}
