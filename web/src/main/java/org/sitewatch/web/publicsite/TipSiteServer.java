package org.sitewatch.web.publicsite;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.sitewatch.common.error.Causes;
import org.sitewatch.sink.store.LeadStoreException;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStore;
import org.sitewatch.web.crawl.CrawlRequests;
import org.sitewatch.web.http.SecurityHeaders;
import org.sitewatch.web.http.Tls;
import org.sitewatch.web.view.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public tip-off site: an HTTP server of its own over the lead database as the tips role. It
 * registers only its own routes ({@code GET /}, {@code POST /report}, {@code GET|POST /status} and
 * its assets under {@code /assets/}); nothing of the workbench (routes, sessions, templates, texts,
 * assets) is reachable through it. A report is checked (rate limits, honeypot, challenge, URLs,
 * fields), recorded through {@link TipStore}, and its tips' crawl requests sent at once when a
 * {@link CrawlRequests} is given. It never fetches a reported URL, and never stores or logs a
 * client's address (only a keyed hash, {@link ClientKeys}). See docs/tips.md.
 */
public final class TipSiteServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TipSiteServer.class);

  /** How often the key of the client hashes changes. */
  static final Duration CLIENT_KEY_PERIOD = Duration.ofDays(1);

  static final String LANG_COOKIE = "lang";

  /**
   * How long a request body may take to arrive once reading starts (a report is a few KiB at most,
   * 32 KiB allowed); past it the answer is 408 and the connection is closed.
   */
  static final Duration BODY_DEADLINE = Duration.ofSeconds(10);

  /**
   * Open connections the site holds at most. Past it no new one is accepted (it waits in the
   * kernel's queue) and those open may stay idle only {@link #IDLE_WHEN_FULL} instead of the
   * connector's 30 s, so that idle or half-sent connections by the thousand use up neither the
   * process's memory nor its file descriptors (its database connections need some too).
   */
  static final int MAX_CONNECTIONS = 2000;

  static final Duration IDLE_WHEN_FULL = Duration.ofSeconds(2);

  private final String scheme;
  private final String host;
  private final TipSiteSettings settings;
  private final Optional<CrawlRequests> crawlRequests;
  private final TipStore store;
  private final ClientKeys clientKeys;
  private final RateLimits limits;
  private final RateLimits statusLimits;
  private final Challenges challenges;
  private final Views views = new Views();
  private final boolean tls;
  private final Javalin app;

  private TipSiteServer(Builder b) {
    SecureRandom random = new SecureRandom();
    this.settings = b.settings;
    this.crawlRequests = b.crawlRequests;
    this.store =
        new TipStore(b.dataSource, b.clock, new Receipts(random), b.settings.contactRetention());
    this.clientKeys = new ClientKeys(b.clock, CLIENT_KEY_PERIOD, random);
    this.limits = new RateLimits(b.clock, b.settings);
    this.statusLimits = RateLimits.forStatus(b.clock);
    this.challenges =
        new Challenges(b.clock, b.settings.challengeLifetime(), b.settings.powBits(), random);
    this.tls = b.tls.isPresent();
    this.scheme = tls ? "https" : "http";
    this.host = b.bind;
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
              config.jetty.modifyServer(
                  server -> {
                    NetworkConnectionLimit limit =
                        new NetworkConnectionLimit(b.maxConnections, server);
                    limit.setEndPointIdleTimeout(IDLE_WHEN_FULL.toMillis());
                    server.addBean(limit);
                  });
              config.http.maxRequestSize = b.settings.maxBodyBytes();
              config.staticFiles.add(
                  s -> {
                    s.hostedPath = "/assets";
                    s.directory = "/publicsite/assets";
                    s.location = Location.CLASSPATH;
                  });
              SecurityHeaders.register(config.routes, tls);
              config.routes.get("/", this::form);
              config.routes.post("/report", this::report);
              config.routes.get("/status", this::statusForm);
              config.routes.post("/status", this::status);
              config.routes.exception(
                  TooLarge.class,
                  (e, ctx) -> {
                    ctx.header("Connection", "close");
                    error(ctx, 413, "error.413", "too-large");
                  });
              config.routes.exception(
                  TooSlow.class,
                  (e, ctx) -> {
                    ctx.header("Connection", "close");
                    error(ctx, 408, "error.408", "too-slow");
                  });
              config.routes.exception(
                  LeadStoreException.class,
                  (e, ctx) -> {
                    log.warn("{} {}: {}", ctx.method(), ctx.path(), e.toString());
                    error(ctx, 503, "error.503", "unavailable");
                  });
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    log.error("{} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "error.500", "failed");
                  });
              for (int status : new int[] {404, 405, 413}) {
                config.routes.error(
                    status,
                    "*",
                    ctx -> {
                      String result = ctx.result();
                      if (!ctx.res().isCommitted() && (result == null || result.isEmpty())) {
                        int shown = status == 405 ? 404 : status; // a path exists or not, no more
                        error(
                            ctx, shown, "error." + shown, shown == 413 ? "too-large" : "not-found");
                      }
                    });
              }
            });
  }

  /**
   * @param dataSource the lead database as the tips role ({@code db.tips-role})
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Starts serving; returns this. */
  public TipSiteServer start() {
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
    app.stop();
  }

  // ---- pages

  private void form(Context ctx) {
    Texts t = texts(ctx);
    showForm(ctx, t, 200, ReportForm.empty(), List.of(), List.of());
  }

  private void report(Context ctx) {
    Texts t = texts(ctx);
    byte[] body = body(ctx);
    List<String> hashes = clientKeys.hashes(clientAddress(ctx));
    if (limited(ctx, t, limits, hashes)) {
      return;
    }
    Map<String, List<String>> fields = formFields(body);
    if (fields == null) {
      showForm(ctx, t, 400, ReportForm.empty(), List.of(general(t)), List.of());
      return;
    }
    ReportForm form = ReportForm.of(fields);
    if (!form.homepage().isEmpty()) {
      // the field a person does not see: answer as to any bad form, say nothing of why
      showForm(ctx, t, 400, form, List.of(general(t)), List.of());
      return;
    }
    List<FormView.Problem> problems = new ArrayList<>();
    ReportedUrls.Result urls = ReportedUrls.check(form.urls(), settings.allowPrivateTargets());
    for (ReportedUrls.Rejected r : urls.problems()) {
      problems.add(
          new FormView.Problem(
              r.index() >= 0 ? "url-" + r.index() : "url-0",
              t.t("url." + r.problem().name(), r.input(), ReportedUrls.MAX_URLS)));
    }
    Optional<TipCategory> category = TipCategory.ofLabel(form.category());
    if (category.isEmpty()) {
      problems.add(new FormView.Problem("category", t.t("category.missing")));
    }
    String description = form.description().strip();
    if (description.length() > NewReport.MAX_DESCRIPTION) {
      problems.add(
          new FormView.Problem(
              "description", t.t("description.too-long", NewReport.MAX_DESCRIPTION)));
    } else if (description.codePoints().anyMatch(TipSiteServer::controlInText)) {
      problems.add(new FormView.Problem("description", t.t("text.control")));
    }
    String contact = form.contact().strip();
    if (contact.length() > NewReport.MAX_CONTACT) {
      problems.add(new FormView.Problem("contact", t.t("contact.too-long", NewReport.MAX_CONTACT)));
    } else if (contact.codePoints().anyMatch(TipSiteServer::controlInLine)) {
      problems.add(new FormView.Problem("contact", t.t("text.control")));
    }
    Challenges.Outcome challenge = challenges.check(form.challenge(), form.pow(), form.answer());
    if (challenge != Challenges.Outcome.OK) {
      problems.add(new FormView.Problem("answer", t.t("challenge." + challenge.name())));
    }
    List<FormView.Idn> idns = idns(urls.urls());
    if (!problems.isEmpty()) {
      showForm(ctx, t, 400, form, problems, idns);
      return;
    }
    NewReport report =
        new NewReport(
            urls.urls(),
            TipChannel.WEB,
            category.get(),
            description,
            Optional.of(contact),
            Optional.of(hashes.get(0)),
            Optional.empty());
    TipStore.Recorded recorded = store.record(report);
    send(recorded);
    views.render(
        ctx,
        "publicsite/receipt.jte",
        Map.of(
            "page",
            page(t, "/"),
            "receipt",
            new ReceiptView(
                recorded.receipt(), urls.urls().stream().map(ReceiptView::line).toList())));
  }

  /**
   * Sends the tips' crawl requests, stopping at the first that fails (each may wait the producer's
   * timeout for a broker that is down); the tips not sent stay unsent in the database for the
   * sink's outbox.
   */
  private void send(TipStore.Recorded recorded) {
    if (crawlRequests.isEmpty()) {
      return;
    }
    List<Long> sent = sendUntilFailure(recorded.tips(), crawlRequests.get());
    if (sent.isEmpty()) {
      return;
    }
    try {
      store.markSent(sent);
    } catch (LeadStoreException e) {
      log.warn(
          "tips {} sent but not marked sent (the sink sends them again): {}", sent, e.toString());
    }
  }

  /** Sends each tip's crawl request in turn until one fails; returns the ids of those sent. */
  static List<Long> sendUntilFailure(List<TipStore.Tip> tips, CrawlRequests requests) {
    List<Long> sent = new ArrayList<>();
    for (TipStore.Tip tip : tips) {
      try {
        requests.send(tip.crawlRequest());
        sent.add(tip.id());
      } catch (RuntimeException e) {
        log.warn(
            "the crawl request of tip {} ({}) was not sent, nor those of the {} tips after it;"
                + " the sink sends them later: {}",
            tip.id(),
            tip.site(),
            tips.size() - sent.size() - 1,
            e.getMessage());
        break;
      }
    }
    return sent;
  }

  /** Counts an attempt against {@code l}, or answers 429 (and returns true) over its limit. */
  private boolean limited(Context ctx, Texts t, RateLimits l, List<String> hashes) {
    Optional<Duration> wait = l.attempt(hashes);
    if (wait.isEmpty()) {
      return false;
    }
    long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
    ctx.header("Retry-After", Long.toString(seconds));
    error(ctx, 429, t.t("limited.message", minutes(seconds)), "rate-limited", t);
    return true;
  }

  private void statusForm(Context ctx) {
    Texts t = texts(ctx);
    showStatus(ctx, t, 200, "", Optional.empty(), false);
  }

  private void status(Context ctx) {
    Texts t = texts(ctx);
    byte[] body = body(ctx);
    if (limited(ctx, t, statusLimits, clientKeys.hashes(clientAddress(ctx)))) {
      return;
    }
    Map<String, List<String>> fields = formFields(body);
    String typed = fields == null ? "" : fields.getOrDefault("receipt", List.of("")).get(0);
    Optional<TipStore.ReportStatus> status = store.status(typed);
    showStatus(ctx, t, status.isPresent() ? 200 : 404, typed, status, status.isEmpty());
  }

  // ---- rendering

  private void showForm(
      Context ctx,
      Texts t,
      int status,
      ReportForm values,
      List<FormView.Problem> problems,
      List<FormView.Idn> idns) {
    Challenges.Challenge c = challenges.issue();
    FormView view =
        new FormView(values, problems, idns, c.token(), t.question(c), challenges.powBits());
    ctx.status(status);
    views.render(ctx, "publicsite/form.jte", Map.of("page", page(t, "/"), "form", view));
  }

  private void showStatus(
      Context ctx,
      Texts t,
      int code,
      String typed,
      Optional<TipStore.ReportStatus> status,
      boolean unknown) {
    ctx.status(code);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", page(t, "/status"));
    params.put("typed", typed.length() > 64 ? typed.substring(0, 64) : typed);
    params.put("status", new StatusView(status, unknown, ZoneId.systemDefault()));
    views.render(ctx, "publicsite/status.jte", params);
  }

  private void error(Context ctx, int status, String key, String id) {
    Texts t = texts(ctx);
    error(ctx, status, t.t(key), id, t);
  }

  private void error(Context ctx, int status, String message, String id, Texts t) {
    ctx.status(status);
    views.render(
        ctx,
        "publicsite/error.jte",
        Map.of("page", page(t, "/"), "status", status, "message", message, "id", id));
  }

  private PublicPage page(Texts t, String switchPath) {
    return new PublicPage(t, switchPath, settings.contactRetention().toDays());
  }

  private static FormView.Problem general(Texts t) {
    return new FormView.Problem("url-0", t.t("form.refused"));
  }

  private static List<FormView.Idn> idns(List<ReportedUrls.Url> urls) {
    return urls.stream()
        .filter(ReportedUrls.Url::internationalised)
        .map(u -> new FormView.Idn(u.unicodeHost(), u.asciiHost()))
        .distinct()
        .toList();
  }

  private static long minutes(long seconds) {
    return Math.max(1, (seconds + 59) / 60);
  }

  // ---- requests

  /** The language: {@code ?lang=} (kept in a cookie), else the cookie, else Chinese. */
  private Texts texts(Context ctx) {
    Optional<Texts> asked = Texts.ofCode(ctx.queryParam("lang"));
    if (asked.isPresent()) {
      ctx.header(
          "Set-Cookie",
          LANG_COOKIE
              + "="
              + asked.get().code()
              + "; Path=/; Max-Age=31536000; SameSite=Lax"
              + (tls ? "; Secure" : ""));
      return asked.get();
    }
    return Texts.ofCode(ctx.cookie(LANG_COOKIE)).orElse(Texts.ZH);
  }

  /**
   * The client's address: the connection's, or the last entry of the trusted proxy's header. It is
   * only hashed, never kept.
   */
  private String clientAddress(Context ctx) {
    List<String> values =
        settings.clientAddressHeader().isPresent()
            ? Collections.list(ctx.req().getHeaders(settings.clientAddressHeader().get()))
            : List.of();
    return clientAddress(values, ctx.req().getRemoteAddr());
  }

  /**
   * The last comma-separated entry of the last instance of the proxy's header (what the trusted
   * proxy appended: a client can only forge what comes before it, in any instance), or {@code
   * remote} when there is none.
   */
  static String clientAddress(List<String> headerValues, String remote) {
    if (!headerValues.isEmpty()) {
      String value = headerValues.get(headerValues.size() - 1);
      if (value != null) {
        String last = value.substring(value.lastIndexOf(',') + 1).strip();
        if (!last.isEmpty()) {
          return last.length() > 100 ? last.substring(0, 100) : last;
        }
      }
    }
    return remote;
  }

  /**
   * The request body, refused (413) before it is read when its declared length is over the limit,
   * and while it is read when it turns out longer (a body without a declared length); refused (408)
   * when it has not all come within {@link #BODY_DEADLINE}, however steadily it trickles.
   */
  private byte[] body(Context ctx) {
    int max = settings.maxBodyBytes();
    if (ctx.req().getContentLengthLong() > max) {
      throw new TooLarge();
    }
    // a blocking read holds one of the server's threads: the connection's idle timeout alone
    // lets a client that sends a byte now and then hold it for hours, so each read may wait only
    // for what is left of the deadline (a real clock: this bounds I/O, not a rule of the site)
    EndPoint endPoint =
        ServletContextRequest.getServletContextRequest(ctx.req())
            .getConnectionMetaData()
            .getConnection()
            .getEndPoint();
    // the connection's own idle timeout: the connector's, or the connection limit's (2 s) while
    // the site is full; each read waits for no longer than it, nor than what is left
    long idle = endPoint.getIdleTimeout();
    long set = idle;
    long deadline = System.nanoTime() + BODY_DEADLINE.toNanos();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = ctx.req().getInputStream()) {
      while (true) {
        long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (leftMillis <= 0) {
          throw new TooSlow();
        }
        long current = endPoint.getIdleTimeout();
        if (current != set) {
          idle = current; // the connection limit changed it meanwhile: not undone
        }
        set = idle > 0 ? Math.min(idle, leftMillis) : leftMillis;
        endPoint.setIdleTimeout(set);
        int n = in.read(buffer, 0, Math.min(buffer.length, max + 1 - out.size()));
        if (n < 0) {
          return out.toByteArray();
        }
        out.write(buffer, 0, n);
        if (out.size() > max) {
          throw new TooLarge();
        }
      }
    } catch (IOException e) {
      if (deadline - System.nanoTime() <= 0 || timedOut(e)) {
        throw new TooSlow();
      }
      throw new UncheckedIOException(e);
    } finally {
      if (endPoint.getIdleTimeout() == set) {
        endPoint.setIdleTimeout(idle); // unless the connection limit changed it meanwhile
      }
    }
  }

  /** Whether a read failed on a timeout: a {@link TimeoutException} among its causes. */
  static boolean timedOut(Throwable e) {
    return Causes.chain(e).stream().anyMatch(t -> t instanceof TimeoutException);
  }

  /**
   * The fields of a form body ({@code application/x-www-form-urlencoded}), or null if unreadable.
   */
  static Map<String, List<String>> formFields(byte[] body) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return fields;
    }
    try {
      for (String pair : text.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return fields;
  }

  /** Control characters in free text: line breaks and tabs are text, the rest is not. */
  private static boolean controlInText(int cp) {
    return cp != '\n' && cp != '\r' && cp != '\t' && controlInLine(cp);
  }

  private static boolean controlInLine(int cp) {
    return Character.isISOControl(cp)
        || Character.getType(cp) == Character.FORMAT && cp != 0x200d // ZWJ joins emoji
        || Character.getType(cp) == Character.LINE_SEPARATOR
        || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR;
  }

  /** A body that did not all come within {@link #BODY_DEADLINE}. */
  private static final class TooSlow extends RuntimeException {
    TooSlow() {
      super("request body not received within the deadline", null, false, false);
    }
  }

  /** A body over the limit. */
  private static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("request body over the limit", null, false, false);
    }
  }

  /** How to start the public site. */
  public static final class Builder {
    private final DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private String bind = "127.0.0.1";
    private int port = 8081;
    private TipSiteSettings settings = TipSiteSettings.defaults();
    private Optional<CrawlRequests> crawlRequests = Optional.empty();
    private Optional<Tls> tls = Optional.empty();
    private int maxConnections = MAX_CONNECTIONS;

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

    /** The port (8081 by default; 0 picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder settings(TipSiteSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * How crawl requests are sent at once (absent: the tips are recorded and the sink sends their
     * requests after {@code sink.tips.unsent-after}).
     */
    public Builder crawlRequests(CrawlRequests crawlRequests) {
      this.crawlRequests = Optional.of(crawlRequests);
      return this;
    }

    /** Serves HTTPS only, with a PEM certificate chain and its PKCS#8 PEM private key. */
    public Builder tls(Path certificatePem, Path privateKeyPem) {
      this.tls = Optional.of(Tls.fromPem(certificatePem, privateKeyPem));
      return this;
    }

    /** A lower connection limit than {@link #MAX_CONNECTIONS}, for tests that reach it. */
    Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    public TipSiteServer build() {
      return new TipSiteServer(this);
    }
  }
}
