package org.sitewatch.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.web.WorkbenchServer;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.http.Sessions;
import org.sitewatch.web.signin.SignInFeature;
import org.sitewatch.web.testing.WebClient;
import org.sitewatch.web.testing.WebClient.Response;
import org.sitewatch.web.testing.Workbench;

/**
 * The workbench's security guarantees over real HTTP (no redirect is followed): cookies, CSRF,
 * session fixation, idle timeout, lockout, the per-address throttle, open redirects, headers, and
 * who may change what. Time is a {@link MutableClock} the tests move.
 */
class SecurityIT {
  static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  static Workbench workbench;

  @BeforeAll
  static void start() {
    workbench = Workbench.start(b -> b.clock(clock));
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("ada", Role.ADMIN);
    workbench.account("audrey", Role.AUDITOR);
    workbench.account("lou", Role.ANALYST, Workbench.BEIJING);
    workbench.account("tess", Role.ANALYST, Workbench.BEIJING);
    workbench.account("dora", Role.ANALYST, Workbench.BEIJING);
    workbench.account("ida", Role.SUPERVISOR, Workbench.SHANGHAI);
    workbench.lead("alpha-shop.test", 0.9, Workbench.BEIJING);
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  WebClient client() {
    return new WebClient(workbench);
  }

  @Test
  void theSessionCookieIsHttpOnlyStrictSameSiteForTheWholeSiteAndNotSecureWithoutTls() {
    WebClient c = client();
    Response r = c.signIn("ana", Workbench.PASSWORD);
    assertThat(r.status()).isEqualTo(303);
    String cookie = r.sessionCookie().orElseThrow();
    List<String> attributes = Arrays.stream(cookie.split(";")).map(String::strip).toList();
    assertThat(attributes).contains("HttpOnly", "SameSite=Strict", "Path=/");
    assertThat(attributes).noneMatch(a -> a.equalsIgnoreCase("Secure"));
    assertThat(attributes).noneMatch(a -> a.startsWith("Max-Age") || a.startsWith("Expires"));
    assertThat(c.session()).hasSize(43);

    Response out = c.post("/logout", c.form());
    assertThat(out.status()).isEqualTo(303);
    assertThat(out.sessionCookie().orElseThrow())
        .startsWith(Sessions.COOKIE + "=;")
        .contains("Max-Age=0", "HttpOnly", "SameSite=Strict", "Path=/");
  }

  @Test
  void aPostWithoutOrWithAWrongCsrfTokenIsRefusedAndChangesNothing() {
    WebClient admin = client();
    admin.signIn("ada");
    WebClient other = client();
    other.signIn("ada");
    Map<String, String> fields =
        Map.of(
            "name",
            "csrf-victim",
            "role",
            "ANALYST",
            "bureaus",
            Workbench.BEIJING,
            "password",
            "a fine password");

    assertThat(admin.post("/admin/accounts", fields).status()).isEqualTo(403);
    assertThat(admin.post("/admin/accounts", with(fields, "_csrf", "forged")).status())
        .isEqualTo(403);
    assertThat(admin.post("/admin/accounts", with(fields, "_csrf", other.csrfToken())).status())
        .as("the token of another session")
        .isEqualTo(403);
    assertThat(admin.post("/admin/accounts", fields, Map.of("X-CSRF-Token", "forged")).status())
        .isEqualTo(403);
    assertThat(admin.post("/logout", Map.of()).status()).isEqualTo(403);
    assertThat(workbench.accounts().find("csrf-victim")).isEmpty();
    assertThat(admin.get("/queue").status()).as("still signed in").isEqualTo(200);

    Response ok = admin.post("/admin/accounts", with(fields, "_csrf", admin.csrfToken()));
    assertThat(ok.status()).isEqualTo(303);
    assertThat(workbench.accounts().find("csrf-victim")).isPresent();
  }

  @Test
  void aCrossSiteSignInIsRefused() {
    WebClient c = client();
    Response r =
        c.post(
            "/login",
            Map.of("username", "ana", "password", Workbench.PASSWORD),
            Map.of("Sec-Fetch-Site", "cross-site"));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.sessionCookie()).isEmpty();
    Response own =
        c.post(
            "/login",
            Map.of("username", "ana", "password", Workbench.PASSWORD),
            Map.of("Sec-Fetch-Site", "same-origin"));
    assertThat(own.status()).isEqualTo(303);
  }

  @Test
  void signingInGivesANewSessionIdAndEndsTheOneTheBrowserCameWith() {
    WebClient c = client();
    String planted = "A".repeat(43);
    c.session(planted);
    c.signIn("ana");
    String first = c.session();
    assertThat(first).isNotEqualTo(planted).hasSize(43);

    c.signIn("ana");
    String second = c.session();
    assertThat(second).isNotEqualTo(first);
    c.session(first);
    assertThat(c.get("/queue").status()).as("the old session").isEqualTo(302);
    c.session(second);
    assertThat(c.get("/queue").status()).isEqualTo(200);
  }

  @Test
  void aSessionIdleForLongerThanTheTimeoutIsEnded() {
    WebClient c = client();
    c.signIn("ana");
    clock.advance(Duration.ofMinutes(29));
    assertThat(c.get("/queue").status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(29));
    assertThat(c.get("/queue").status()).as("each request keeps it alive").isEqualTo(200);
    clock.advance(Duration.ofMinutes(30).plusSeconds(1));
    Response r = c.get("/queue");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.location()).startsWith("/login");
  }

  @Test
  void fiveFailuresLockTheAccountAndEvenTheRightPasswordIsRefusedUntilTheLockEnds() {
    WebClient c = client();
    for (int i = 1; i < Accounts.MAX_FAILURES; i++) {
      assertThat(c.signIn("lou", "wrong guess " + i).status()).isEqualTo(401);
    }
    Response fifth = c.signIn("lou", "wrong guess 5");
    assertThat(fifth.status()).isEqualTo(429);
    assertThat(fifth.body()).contains("this account is locked until");

    Response right = c.signIn("lou", Workbench.PASSWORD);
    assertThat(right.status()).isEqualTo(429);
    assertThat(right.sessionCookie()).isEmpty();
    clock.advance(Accounts.LOCK.minusSeconds(1));
    assertThat(c.signIn("lou", Workbench.PASSWORD).status()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(2));
    assertThat(c.signIn("lou", Workbench.PASSWORD).status()).isEqualTo(303);
  }

  @Test
  void oneAddressSprayingManyAccountNamesIsThrottled() {
    // start from a fresh window: other tests' failures came from this address too
    clock.advance(SignInFeature.THROTTLE_WINDOW);
    WebClient c = client();
    try {
      sprayAndBeThrottled(c);
    } finally {
      clock.advance(SignInFeature.THROTTLE_WINDOW);
    }
    assertThat(c.signIn("tess", Workbench.PASSWORD).status()).isEqualTo(303);
  }

  private void sprayAndBeThrottled(WebClient c) {
    for (int i = 0; i < SignInFeature.THROTTLE_FAILURES; i++) {
      String name = i % 5 == 0 ? "ida" : "sprayed-" + i;
      assertThat(c.signIn(name, "season2026").status()).as("attempt " + i).isEqualTo(401);
    }
    Response refused = c.signIn("tess", Workbench.PASSWORD);
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.body()).contains("Too many failed sign-ins from your address");
    assertThat(refused.header("Retry-After").map(Long::parseLong).orElseThrow())
        .isBetween(1L, SignInFeature.THROTTLE_WINDOW.toSeconds());
    assertThat(refused.sessionCookie()).isEmpty();
    assertThat(workbench.accounts().find("ida").orElseThrow().lockedUntil())
        .as("four wrong passwords for ida: below its lockout")
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "//evil.example",
        "//evil.example/queue",
        "/\\evil.example",
        "https://evil.example/",
        "/\t/evil.example",
        "evil.example"
      })
  void aNextParameterPointingElsewhereLandsOnTheQueue(String next) {
    WebClient c = client();
    Response r =
        c.post(
            "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8),
            Map.of("username", "ana", "password", Workbench.PASSWORD));
    assertThat(r.status()).isEqualTo(303);
    assertThat(r.location()).isEqualTo("/queue");
  }

  @Test
  void aNextPathOfTheSiteIsFollowed() {
    Response r =
        client()
            .post(
                "/login?next=%2Fqueue%3Fstatus%3DNEW",
                Map.of("username", "ana", "password", Workbench.PASSWORD));
    assertThat(r.location()).isEqualTo("/queue?status=NEW");
  }

  @Test
  void everyResponseCarriesTheContentSecurityPolicyAndNoSniffing() {
    WebClient anonymous = client();
    WebClient ana = client();
    ana.signIn("ana");
    List<Response> responses =
        List.of(
            anonymous.get("/login"),
            anonymous.get("/queue"),
            anonymous.get("/assets/app.css"),
            anonymous.get("/api/openapi.json"),
            anonymous.get("/no/such/page"),
            anonymous.get("/admin/accounts"),
            anonymous.signIn("nobody-at-all", "wrong password"),
            ana.get("/queue"),
            ana.get("/admin/accounts"),
            ana.get("/leads/999999"),
            ana.post("/admin/accounts", Map.of()));
    for (Response r : responses) {
      String csp = r.header("Content-Security-Policy").orElse("");
      String scriptSrc =
          Arrays.stream(csp.split(";"))
              .map(String::strip)
              .filter(d -> d.startsWith("script-src "))
              .findFirst()
              .orElse("");
      assertThat(scriptSrc).as("script-src of a %d", r.status()).isNotEmpty();
      assertThat(scriptSrc).doesNotContain("'unsafe-inline'", "*", "data:", "http:");
      assertThat(csp).contains("frame-ancestors 'none'", "object-src 'none'");
      assertThat(r.header("X-Content-Type-Options")).contains("nosniff");
    }
  }

  @Test
  void anAuditorReadsButEveryChangeItTriesIsForbidden() {
    WebClient auditor = client();
    auditor.signIn("audrey");
    assertThat(auditor.get("/queue").status()).isEqualTo(200);
    assertThat(auditor.get("/admin/accounts").status()).isEqualTo(403);

    List<String> changes =
        List.of(
            "/admin/accounts",
            "/admin/accounts/ana/disable",
            "/admin/accounts/ana/reset-password",
            "/admin/accounts/ana/token");
    for (String path : changes) {
      // with a valid CSRF token, so that the refusal is the role's
      Response r =
          auditor.post(
              path,
              auditor.form("name", "by-auditor", "role", "ADMIN", "password", "a fine password"));
      assertThat(r.status()).as(path).isEqualTo(403);
    }
    assertThat(workbench.accounts().find("by-auditor")).isEmpty();
    assertThat(workbench.accounts().find("ana").orElseThrow().disabled()).isFalse();
    assertThat(auditLog("audrey")).isZero();

    Response out = auditor.post("/logout", auditor.form());
    assertThat(out.status()).isEqualTo(303);
    assertThat(auditor.get("/queue").status()).isEqualTo(302);
  }

  @Test
  void anAnalystCannotReachTheAdminPages() {
    WebClient ana = client();
    ana.signIn("ana");
    assertThat(ana.get("/admin/accounts").status()).isEqualTo(403);
    Response add =
        ana.post(
            "/admin/accounts",
            ana.form("name", "by-analyst", "role", "ADMIN", "password", "a fine password"));
    assertThat(add.status()).isEqualTo(403);
    assertThat(workbench.accounts().find("by-analyst")).isEmpty();
  }

  @Test
  void anAccountDisabledElsewhereIsSignedOutAtItsNextRequest() {
    WebClient dora = client();
    dora.signIn("dora");
    String token = dora.csrfToken();
    assertThat(dora.get("/queue").status()).isEqualTo(200);

    // as `sitewatch user disable` does, from another process: the server's sessions are untouched
    workbench.accounts().disable("dora", "test");

    Response page = dora.get("/queue");
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.location()).startsWith("/login");
    assertThat(dora.post("/logout", Map.of("_csrf", token)).status()).isEqualTo(401);
    assertThat(dora.signIn("dora", Workbench.PASSWORD).status()).isEqualTo(401);
  }

  @Test
  void theOpenApiDocumentIsServedWithoutSignInAsItIs() throws Exception {
    Response r = client().get("/api/openapi.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/json");
    JsonNode served = new ObjectMapper().readTree(r.body());
    assertThat(served.path("paths").has("/api/leads")).isTrue();
  }

  @Test
  void everyApiRouteIsDescribedInTheOpenApiDocument() throws Exception {
    JsonNode paths =
        new ObjectMapper().readTree(org.sitewatch.web.apidoc.OpenApiFeature.read()).path("paths");
    List<String> registered;
    try (WorkbenchServer server =
        WorkbenchServer.builder(workbench.databases().analyst()).port(0).build()) {
      registered = server.apiRoutes();
    }
    for (String route : registered) {
      String method = route.substring(0, route.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
      String path = route.substring(route.indexOf(' ') + 1);
      assertThat(paths.path(path).has(method)).as(route + " in openapi.json").isTrue();
    }
  }

  private static Map<String, String> with(Map<String, String> form, String key, String value) {
    Map<String, String> m = new java.util.HashMap<>(form);
    m.put(key, value);
    return m;
  }

  private static long auditLog(String actor) {
    try (var c = workbench.databases().admin().getConnection();
        var s = c.prepareStatement("SELECT count(*) FROM workbench_account_log WHERE actor = ?")) {
      s.setString(1, actor);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Javalin parses a multipart form with no limit of its own (a field is read whole into memory, a
   * file part is written whole to the temporary directory), and the sign-in page parses one before
   * anyone is signed in. No form of the workbench is multipart, so such a body is refused unread.
   *
   * <p>A raw socket sends only the head, declaring 3 MiB and asking {@code Expect: 100-continue}: a
   * server that read the body would first answer {@code 100 Continue} (and then wait for it), so a
   * 415 as the first answer, with no byte of the body sent, shows that nothing was read. (Sending
   * the 3 MiB that the server neither reads nor wants could end in a reset while still sending.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"name=\"username\"", "name=\"username\"; filename=\"a.txt\""})
  void aMultipartBodyIsRefusedUnread(String disposition) throws Exception {
    String boundary = "sitewatch-test-boundary";
    String partHead =
        "--" + boundary + "\r\nContent-Disposition: form-data; " + disposition + "\r\n\r\n";
    String partTail = "\r\n--" + boundary + "--\r\n";
    long declared =
        partHead.getBytes(StandardCharsets.UTF_8).length
            + 3L * 1024 * 1024
            + partTail.getBytes(StandardCharsets.UTF_8).length;
    URI url = workbench.url();
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(30_000); // only a guard: a server that waits for the body never answers
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /login HTTP/1.1\r\nHost: "
                  + url.getHost()
                  + ":"
                  + url.getPort()
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + boundary
                  + "\r\nContent-Length: "
                  + declared
                  + "\r\nExpect: 100-continue\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = head(socket.getInputStream());
      assertThat(head).as("the first answer, to the head alone").startsWith("HTTP/1.1 415 ");
      assertThat(head)
          .containsIgnoringCase("\r\nContent-Security-Policy:")
          .containsIgnoringCase("\r\nConnection: close")
          .doesNotContainIgnoringCase("\r\nSet-Cookie:");
    }
  }

  /** The head of the next answer on {@code in}, up to the blank line that ends it. */
  private static String head(java.io.InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
