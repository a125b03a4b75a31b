package org.sitewatch.infra.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;
import org.sitewatch.web.WorkbenchServer;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.Role;

/**
 * The workbench benchmark: a real embedded PostgreSQL filled with {@code leads} leads and {@code
 * history} history rows ({@link WorkbenchBenchData}), a real workbench on loopback connected as the
 * analyst role, and signed-in HTTP requests for the queue (first page, filtered, searched, deep
 * pages through the cursor) and lead pages, as an analyst of three bureaus and as an auditor who
 * sees everything. Each figure is the time from sending a request to the last byte of its response
 * on loopback: the server's time (query, rendering), the loopback adds well under a millisecond.
 */
final class WorkbenchBenchmark {
  private static final Pattern NEXT = Pattern.compile("[?&]after=([^\"&]+)");
  private static final String PASSWORD = "bench password 1";

  private final int leads;
  private final int history;
  private final int samples;
  private final PrintWriter out;

  WorkbenchBenchmark(int leads, int history, int samples, PrintWriter out) {
    this.leads = leads;
    this.history = history;
    this.samples = samples;
    this.out = out;
  }

  /** Runs it and prints the figures; returns the worst p95 in milliseconds. */
  double run(Path workDir) throws Exception {
    Files.createDirectories(workDir);
    DatabaseRoles roles = DatabaseRoles.DEFAULTS;
    try (Database db = Database.local(workDir.resolve("postgres"))) {
      Migrations.migrate(db.dataSource(), roles, true);
      try (Database analystDb = Database.external(db.login(roles.analyst()));
          Database sinkDb = Database.external(db.login(roles.sink()))) {
        long t0 = System.nanoTime();
        WorkbenchBenchData.fill(db.dataSource(), sinkDb.dataSource(), leads, history);
        out.printf(
            "filled %,d leads and %,d history rows in %.1f s%n",
            count(db, "SELECT count(*) FROM lead"),
            count(
                db,
                "SELECT (SELECT count(*) FROM lead_event) + (SELECT count(*) FROM lead_action)"
                    + " + (SELECT count(*) FROM custody_entry)"),
            (System.nanoTime() - t0) / 1e9);
        out.flush();
        Accounts accounts = new Accounts(analystDb.dataSource(), Clock.systemUTC());
        List<String> bureaus = WorkbenchBenchData.REGIONS.subList(0, 3);
        accounts.add(
            "bench-analyst",
            Role.ANALYST,
            Set.copyOf(bureaus),
            Optional.of(PASSWORD.toCharArray()),
            "bench");
        accounts.add(
            "bench-auditor", Role.AUDITOR, Set.of(), Optional.of(PASSWORD.toCharArray()), "bench");
        try (WorkbenchServer server =
            WorkbenchServer.builder(analystDb.dataSource())
                .port(0)
                // The dashboard keeps its figures 30 s per scope; with that cache on, every timed
                // request after the first would read the kept figures and measure a map look-up.
                // The benchmark measures the computation, so it turns the cache off rather than
                // giving each sample its own scope: the auditor has only one scope (every lead),
                // and a bureau set per sample would time a different (smaller) lead set each time.
                .dashboardCacheTtl(Duration.ZERO)
                .build()
                .start()) {
          return measure(db, server.url(), bureaus);
        }
      }
    }
  }

  private double measure(Database db, URI base, List<String> bureaus) throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String analyst = signIn(http, base, "bench-analyst");
    String auditor = signIn(http, base, "bench-auditor");
    Random random = new Random(42);
    long maxId = count(db, "SELECT max(id) FROM lead");
    List<Long> analystLeads = visibleIds(db, bureaus);

    out.printf(
        "%-44s %8s %9s %9s %9s%n",
        "page (signed-in GET on loopback)", "samples", "p50 ms", "p95 ms", "max ms");
    List<Case> pages =
        List.of(
            new Case("queue, analyst (3 bureaus)", analyst, () -> "/queue"),
            new Case("queue, auditor (all leads)", auditor, () -> "/queue"),
            new Case(
                "queue, analyst, status NEW + flag minors",
                analyst,
                () -> "/queue?status=NEW&flag=minors"),
            new Case(
                "queue, auditor, search QQ number",
                auditor,
                () -> "/queue?q=" + (100000 + random.nextInt(40000))),
            new Case(
                "queue, auditor, search site",
                auditor,
                () -> "/queue?q=site-" + (1 + random.nextInt(leads)) + ".test"),
            new Case(
                "queue, auditor, search URL",
                auditor,
                () ->
                    "/queue?q="
                        + URLEncoder.encode(
                            "https://site-" + (1 + random.nextInt(leads)) + ".test/vip",
                            StandardCharsets.UTF_8)),
            new Case(
                "queue, auditor, pages 2-51 by cursor",
                auditor,
                cycle(deepPages(http, base, auditor, 50))),
            new Case(
                "lead page, analyst",
                analyst,
                () -> "/leads/" + analystLeads.get(random.nextInt(analystLeads.size()))),
            new Case(
                "lead page, auditor",
                auditor,
                () -> "/leads/" + (1 + (long) random.nextInt((int) maxId))),
            new Case("GET /api/leads, analyst", analyst, () -> "/api/leads?limit=50"));
    double worst = 0;
    for (Case c : pages) {
      worst = Math.max(worst, time(http, base, c, samples, Math.min(20, samples)));
    }
    // The dashboard's figures are an aggregation over all the visible leads, cached 30 s per scope
    // in use (off here): reported, not held to the pages' goal; fewer samples, as each is a
    // computation, not a look-up.
    int dashboardSamples = Math.min(samples, 20);
    for (Case c :
        List.of(
            new Case("dashboard data, analyst (3 bureaus)", analyst, () -> "/dashboard/data"),
            new Case("dashboard data, auditor (all leads)", auditor, () -> "/dashboard/data"))) {
      time(http, base, c, dashboardSamples, 3);
    }
    out.printf("the analyst sees %,d leads%n", analystLeads.size());
    out.printf("worst p95 of the pages: %.1f ms (goal: under 100 ms)%n", worst);
    out.flush();
    return worst;
  }

  /** One timed page: its label, whose session asks, and the path of each request. */
  private record Case(String label, String cookie, Supplier<String> path) {}

  private double time(HttpClient http, URI base, Case c, int samples, int warmUp)
      throws IOException, InterruptedException {
    String cookie = c.cookie();
    Supplier<String> path = c.path();
    String label = c.label();
    for (int i = 0; i < warmUp; i++) {
      get(http, base, cookie, path.get());
    }
    double[] ms = new double[samples];
    for (int i = 0; i < samples; i++) {
      String p = path.get();
      long start = System.nanoTime();
      HttpResponse<byte[]> r = get(http, base, cookie, p);
      ms[i] = (System.nanoTime() - start) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(p + " answered " + r.statusCode());
      }
    }
    Arrays.sort(ms);
    double p95 = ms[(int) Math.ceil(samples * 0.95) - 1];
    out.printf(
        "%-44s %8d %9.1f %9.1f %9.1f%n", label, samples, ms[samples / 2], p95, ms[samples - 1]);
    out.flush();
    return p95;
  }

  /** The paths of the next {@code pages} queue pages, following the cursor links. */
  private static List<String> deepPages(HttpClient http, URI base, String cookie, int pages)
      throws IOException, InterruptedException {
    List<String> paths = new ArrayList<>();
    String path = "/queue";
    for (int i = 0; i < pages; i++) {
      String body = new String(get(http, base, cookie, path).body(), StandardCharsets.UTF_8);
      Matcher m = NEXT.matcher(body);
      if (!m.find()) {
        break;
      }
      path = "/queue?after=" + m.group(1).replace("&amp;", "&");
      paths.add(path);
    }
    if (paths.isEmpty()) {
      throw new IllegalStateException("the queue page has no link to a next page");
    }
    return paths;
  }

  private static Supplier<String> cycle(List<String> paths) {
    int[] i = {0};
    return () -> paths.get(i[0]++ % paths.size());
  }

  private static HttpResponse<byte[]> get(HttpClient http, URI base, String cookie, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Cookie", cookie)
            .header("Accept-Language", "en")
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String signIn(HttpClient http, URI base, String name)
      throws IOException, InterruptedException {
    String form =
        "username=" + name + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String cookie =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("sw_session="))
            .map(c -> c.substring(0, c.indexOf(';')))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException("cannot sign in as " + name + ": " + r.statusCode()));
    return cookie;
  }

  private static List<Long> visibleIds(Database db, List<String> bureaus) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT lead_id FROM lead_route WHERE region_code IN ('"
                    + String.join("','", bureaus)
                    + "') ORDER BY lead_id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static long count(Database db, String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
