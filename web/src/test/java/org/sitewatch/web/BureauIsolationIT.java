package org.sitewatch.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.events.WarcRef;
import org.sitewatch.sink.evidence.warc.DirectoryWarcSource;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStore;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.http.Sessions;
import org.sitewatch.web.testing.TestWarcs;
import org.sitewatch.web.testing.WebClient;
import org.sitewatch.web.testing.Workbench;

/**
 * The bureau rule lives in the queries: every route the server registered ({@link
 * WorkbenchServer#routes()}, not a list written here) is tried with a lead routed to another bureau
 * only. A route about one lead answers 404 to a BEIJING analyst and supervisor (session and bearer
 * token) and writes nothing, while the same route answers with something else for a BEIJING lead
 * (so the route exists and the 404 is the rule's); a route that lists or searches leads never shows
 * the other bureau's site or identifiers (the tip queue may list its site, since tips are bound to
 * no bureau, but never its lead). A route the test does not know how to try fails the test.
 */
class BureauIsolationIT {
  static final Instant FETCHED = Instant.parse("2026-11-28T15:30:00Z");
  static final String A_SITE = "beijing-visible.test";
  static final String A_IDENTIFIER = "wx-beijing-4411";
  static final String B_SITE = "shanghai-only.test";
  static final String B_IDENTIFIER = "wx-shanghai-7723";

  /**
   * Routes that read or change nothing of a lead, and why; every other route without {@code {id}}
   * is a listing and is checked as one. A new route must be added to one of the two.
   */
  static final Map<String, String> NOT_ABOUT_LEADS =
      Map.ofEntries(
          Map.entry("GET /login", "the sign-in form"),
          Map.entry("POST /login", "signing in"),
          Map.entry("POST /logout", "signing out"),
          Map.entry("GET /", "a redirect to the queue"),
          Map.entry("GET /settings", "the viewer's own settings"),
          Map.entry("POST /settings", "the viewer's own settings"),
          Map.entry("POST /crawl", "a crawl request for a site the analyst names"),
          Map.entry("GET /crawl", "the crawl request form"),
          Map.entry("GET /operations/ignored", "the identifier ignore list (admins)"),
          Map.entry("POST /operations/ignore", "the identifier ignore list (admins)"),
          Map.entry("POST /operations/unignore", "the identifier ignore list (admins)"),
          Map.entry("GET /admin/accounts", "accounts (admins)"),
          Map.entry("POST /admin/accounts", "accounts (admins)"),
          Map.entry("POST /admin/accounts/{name}/disable", "accounts (admins)"),
          Map.entry("POST /admin/accounts/{name}/reset-password", "accounts (admins)"),
          Map.entry("POST /admin/accounts/{name}/token", "accounts (admins)"),
          Map.entry("GET /api/openapi.json", "the API's description"),
          Map.entry("GET /tips/new", "the hotline form"),
          Map.entry("POST /tips/new", "records a hotline tip: a report, no lead"),
          Map.entry(
              "POST /tips/open-lead",
              "asks the sink for a lead on a site that has none (refused for a site with a lead"
                  + " of any bureau)"),
          // not read here: in this version the live queue's close spins on an open stream, so
          // the server would never stop; the stream's rows come from the same LeadQueue query
          Map.entry("GET /queue/events", "the live queue (same query as /queue)"));

  /**
   * Listings of tips: tips are public reports made before any routing, so B's site is listed there,
   * but B's lead only as existing (never its id, link or identifiers); A's lead is linked.
   */
  static final Set<String> TIPS_OF_ANY_SITE = Set.of("GET /tips");

  /** Listing routes whose page must show A (the others need only hide B). */
  static final Set<String> LISTS_A =
      Set.of("GET /queue", "GET /api/leads", "GET /operations", "GET /queue/events");

  static Workbench workbench;
  static long a;
  static long b;
  static long operationA;
  static long operationB;
  static String analystToken;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final List<InputStream> openStreams = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    Path store = Files.createTempDirectory("isolation-warc");
    workbench = Workbench.start(s -> s.warcs(new DirectoryWarcSource(store)));
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("sam", Role.SUPERVISOR, Workbench.BEIJING);
    workbench.account("aud", Role.AUDITOR);
    a = workbench.lead(verdict(store, A_SITE, A_IDENTIFIER), Workbench.BEIJING).id();
    workbench.lead(verdict(store, "beijing-sibling.test", A_IDENTIFIER), Workbench.BEIJING);
    b = workbench.lead(verdict(store, B_SITE, B_IDENTIFIER), Workbench.SHANGHAI).id();
    workbench.lead(verdict(store, "shanghai-sibling.test", B_IDENTIFIER), Workbench.SHANGHAI);
    operationA = operationOf(a);
    operationB = operationOf(b);
    analystToken = workbench.accounts().createToken("ana", "test");
    TipStore tips =
        new TipStore(
            workbench.databases().analyst(),
            java.time.Clock.systemUTC(),
            new Receipts(),
            Duration.ofDays(1));
    for (String site : List.of(A_SITE, B_SITE)) {
      tips.record(
          new NewReport(
              List.of(new ReportedUrls.Url("https://" + site + "/", site, site, site)),
              TipChannel.WEB,
              TipCategory.EXPLICIT,
              "",
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
    }
  }

  @AfterAll
  static void stop() throws IOException {
    workbench.close();
    for (InputStream in : openStreams) {
      in.close();
    }
  }

  static SiteVerdict verdict(Path store, String site, String identifier) {
    String url = "https://" + site + "/";
    String html =
        "<!DOCTYPE html><html><head><title>Members</title></head><body><p>Open VIP now at "
            + site
            + ", contact "
            + identifier
            + "</p></body></html>";
    WarcRef ref = TestWarcs.appendHtml(store.resolve("pages.warc.gz"), url, html, FETCHED);
    return SiteVerdict.builder()
        .site(site)
        .revision(1)
        .flagged(true)
        .score(0.9)
        .pagesScored(1)
        .categories(List.of("profit"))
        .signals(List.of(new SignalHit("kw.en.profit.vip", "profit", 0.5, 1, "Open VIP", url)))
        .pages(List.of(new PageRef(url, 0.9, "ab".repeat(32), FETCHED, null, ref)))
        .identifiers(List.of(new Identifier("wechat", identifier, identifier, url, Map.of())))
        .decidedAt(FETCHED.plusSeconds(60))
        .build();
  }

  @Test
  void everyRouteOfOneLeadAnswers404ForAnotherBureausLeadAndWritesNothing() {
    List<String> routes = workbench.server().routes();
    assertThat(routes).contains("GET /leads/{id}", "POST /leads/{id}/actions");
    WebClient analyst = signedIn("ana");
    WebClient supervisor = signedIn("sam");
    WebClient auditor = signedIn("aud");
    List<String> covered = new ArrayList<>();
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' '));
      String template = route.substring(route.indexOf(' ') + 1);
      if (!template.contains("{id}")) {
        continue;
      }
      boolean operation = template.startsWith("/operations/");
      String pathB = path(route, operation ? operationB : b);
      String pathA = path(route, operation ? operationA : a);
      State before = State.of(b);
      if (method.equals("GET")) {
        for (WebClient c : List.of(analyst, supervisor)) {
          assertThat(c.get(pathB).status()).as(route + " for another bureau's lead").isEqualTo(404);
        }
        if (template.startsWith("/api/")) {
          assertThat(bearerGet(pathB)).as(route + " with a token").isEqualTo(404);
        }
        assertThat(auditor.get(pathB).status()).as(route + " for an auditor").isNotEqualTo(404);
        assertThat(analyst.get(pathA).status()).as(route + " for her bureau").isNotEqualTo(404);
      } else if (method.equals("POST")) {
        for (WebClient c : List.of(analyst, supervisor)) {
          assertThat(post(c, template, pathB)).as(route + " for another bureau").isEqualTo(404);
        }
        if (template.startsWith("/api/")) {
          assertThat(bearerPost(pathB)).as(route + " with a token").isEqualTo(404);
        }
        assertThat(State.of(b)).as(route + " wrote to another bureau's lead").isEqualTo(before);
        assertThat(post(analyst, template, pathA)).as(route + " for her bureau").isNotEqualTo(404);
      } else {
        fail("route " + route + ": no rule for method " + method);
      }
      covered.add(route);
    }
    assertThat(covered).as("routes of one lead").hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void everyListingHidesAnotherBureausLeads() {
    WebClient analyst = signedIn("ana");
    for (String route : workbench.server().routes()) {
      String method = route.substring(0, route.indexOf(' '));
      String template = route.substring(route.indexOf(' ') + 1);
      if (template.contains("{id}") || NOT_ABOUT_LEADS.containsKey(route)) {
        continue;
      }
      if (template.contains("{")) {
        fail("route " + route + ": a path parameter the test cannot fill; add a rule for it");
      }
      if (!method.equals("GET")) {
        fail("route " + route + ": a POST without {id} the test knows nothing of; add a rule");
      }
      List<String> paths = new ArrayList<>();
      paths.add(template);
      if (TIPS_OF_ANY_SITE.contains(route)) {
        paths.add(template + "?show=all");
      }
      if (template.equals("/queue") || template.equals("/api/leads")) {
        for (String q : List.of(B_SITE, B_IDENTIFIER, "shanghai")) {
          paths.add(template + "?q=" + q);
        }
      }
      for (String path : paths) {
        String body;
        if (template.equals("/queue/events")) {
          body = stream(analyst, path + "?since=0");
        } else {
          WebClient.Response r = analyst.get(path);
          assertThat(r.status()).as(route + " (" + path + ")").isIn(200, 403);
          body = r.body();
        }
        if (TIPS_OF_ANY_SITE.contains(route)) {
          assertThat(body)
              .as("%s (%s) shows another bureau's lead", route, path)
              .doesNotContainPattern("/leads/" + b + "(?![0-9])")
              .doesNotContain(B_IDENTIFIER);
          if (path.endsWith("?show=all")) {
            assertThat(body).as("%s lists the tips on both sites", path).contains(B_SITE);
            assertThat(body).as("%s links her bureau's lead", path).contains("/leads/" + a + "\"");
          }
          body = body.replace(B_SITE, "");
        }
        int q = path.indexOf("?q=");
        if (q >= 0) {
          // the search box and the live stream's address echo the viewer's own words
          String term = path.substring(q + 3);
          body =
              body.replace("value=\"" + term + "\"", "")
                  .replace("q=" + URLEncoder.encode(term, StandardCharsets.UTF_8), "");
        }
        assertThat(body)
            .as("%s (%s) shows another bureau's lead", route, path)
            .doesNotContain(B_SITE)
            .doesNotContain(B_IDENTIFIER)
            .doesNotContain("shanghai-sibling")
            .doesNotContainPattern("/leads/" + b + "(?![0-9])");
        if (path.equals(template) && LISTS_A.contains(route)) {
          assertThat(body).as("%s lists her bureau's lead", route).contains(A_SITE);
        }
      }
      if (template.startsWith("/api/")) {
        HttpResponse<String> r = bearer(HttpRequest.newBuilder(uri(template)).GET());
        assertThat(r.body()).as(route + " with a token").doesNotContain(B_SITE, B_IDENTIFIER);
      }
    }
  }

  /** The route with {@code id} and every other parameter filled; an unknown one fails. */
  static String path(String route, long id) {
    String template = route.substring(route.indexOf(' ') + 1);
    String p = template.replace("{id}", Long.toString(id)).replace("{n}", "0");
    Matcher unknown = Pattern.compile("\\{[^}]*}").matcher(p);
    if (unknown.find()) {
      fail("route " + route + ": no value for " + unknown.group() + "; add a rule for it");
    }
    return p;
  }

  static int post(WebClient c, String template, String path) {
    if (template.equals("/leads/{id}/actions")) {
      return c.post(path, c.form("action", "TRIAGE", "expectedStatus", "NEW")).status();
    }
    if (template.equals("/api/leads/{id}/actions")) {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Cookie", Sessions.COOKIE + "=" + c.session())
              .header("X-CSRF-Token", c.csrfToken())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(ACTION_JSON)),
          c);
    }
    fail("route POST " + template + ": no body known for it; add a rule");
    return 0;
  }

  static final String ACTION_JSON = "{\"action\":\"TRIAGE\",\"expectedStatus\":\"NEW\"}";

  static int send(HttpRequest.Builder r, WebClient c) {
    try {
      return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static int bearerGet(String path) {
    return bearer(HttpRequest.newBuilder(uri(path)).GET()).statusCode();
  }

  static int bearerPost(String path) {
    return bearer(
            HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ACTION_JSON)))
        .statusCode();
  }

  static HttpResponse<String> bearer(HttpRequest.Builder r) {
    try {
      return HTTP.send(
          r.header("Authorization", "Bearer " + analystToken).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the event stream sends in its first two seconds. */
  static String stream(WebClient c, String path) {
    try {
      HttpResponse<InputStream> r =
          HTTP.send(
              HttpRequest.newBuilder(uri(path))
                  .header("Cookie", Sessions.COOKIE + "=" + c.session())
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      InputStream in = r.body();
      Thread reader =
          new Thread(
              () -> {
                byte[] buf = new byte[8192];
                try {
                  for (int n; (n = in.read(buf)) > 0; ) {
                    synchronized (out) {
                      out.write(buf, 0, n);
                    }
                  }
                } catch (IOException closed) {
                  // the test closed the stream
                }
              });
      reader.setDaemon(true);
      reader.start();
      reader.join(Duration.ofSeconds(2).toMillis());
      // closed after the server: a stream the browser drops first makes the server's close spin
      openStreams.add(in);
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static URI uri(String path) {
    return URI.create(workbench.url(path));
  }

  static WebClient signedIn(String name) {
    WebClient c = new WebClient(workbench);
    c.signIn(name);
    return c;
  }

  static long operationOf(long lead) {
    try (Connection c = workbench.databases().admin().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT operation_id FROM lead_operation WHERE lead_id = ?")) {
      s.setLong(1, lead);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("lead " + lead + " is in no operation");
        }
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a write to a lead would change: its status and its action and custody counts. */
  record State(String status, long actions, long custody) {
    static State of(long lead) {
      try (Connection c = workbench.databases().admin().getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "SELECT status, (SELECT count(*) FROM lead_action WHERE lead_id = l.id),"
                      + " (SELECT count(*) FROM custody_entry WHERE lead_id = l.id)"
                      + " FROM lead l WHERE id = ?")) {
        s.setLong(1, lead);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return new State(rs.getString(1), rs.getLong(2), rs.getLong(3));
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
