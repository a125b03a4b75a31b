package org.sitewatch.web.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.sse.SseClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.Viewer;

/**
 * The one place routes are registered, so that no route forgets who may use it. Every route but the
 * {@link #open} ones requires a signed-in viewer (a session cookie, or for {@code /api/} a bearer
 * token) and the given permission; every state change over a session requires the session's CSRF
 * token (form field {@code _csrf} or header {@code X-CSRF-Token}). Leads of other bureaus are the
 * queries' business: they answer 404 there (see {@code web.data.Visibility}).
 */
public final class Routes {
  /** Anyone signed in. */
  public static final Predicate<Viewer> SIGNED_IN = v -> true;

  public static final String CSRF_FIELD = "_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private final RoutesConfig routes;
  private final Sessions sessions;
  private final Accounts accounts;
  private final boolean secureCookies;
  private final List<String> apiRoutes = new ArrayList<>();
  private final List<String> allRoutes = new ArrayList<>();

  public Routes(RoutesConfig routes, Sessions sessions, Accounts accounts, boolean secureCookies) {
    this.routes = Objects.requireNonNull(routes, "routes");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.secureCookies = secureCookies;
  }

  /** A page (GET) for signed-in viewers that {@code allowed} admits. */
  public void page(String path, Predicate<Viewer> allowed, Handler handler) {
    allRoutes.add("GET " + path);
    routes.get(path, ctx -> guarded(ctx, allowed, false, handler));
  }

  /** A form post (POST) with a CSRF token, for signed-in viewers that {@code allowed} admits. */
  public void action(String path, Predicate<Viewer> allowed, Handler handler) {
    allRoutes.add("POST " + path);
    routes.post(path, ctx -> guarded(ctx, allowed, true, handler));
  }

  /** An API GET under {@code /api/}: a bearer token or a session. */
  public void apiGet(String path, Predicate<Viewer> allowed, Handler handler) {
    apiRoutes.add("GET " + path);
    allRoutes.add("GET " + path);
    routes.get(path, ctx -> apiGuarded(ctx, allowed, false, handler));
  }

  /** An API POST under {@code /api/}: a bearer token, or a session with its CSRF header. */
  public void apiPost(String path, Predicate<Viewer> allowed, Handler handler) {
    apiRoutes.add("POST " + path);
    allRoutes.add("POST " + path);
    routes.post(path, ctx -> apiGuarded(ctx, allowed, true, handler));
  }

  /**
   * The API routes registered so far, in order, as {@code "GET /api/leads/{id}"}: what the OpenAPI
   * document ({@code /api/openapi.json}) must describe, and a test checks that it does.
   */
  public List<String> apiRoutes() {
    return List.copyOf(apiRoutes);
  }

  /**
   * Every route registered so far (pages, actions, API, event streams, open ones), in order, as
   * {@code "POST /leads/{id}/actions"}: a test walks them all to check the bureau rule.
   */
  public List<String> routes() {
    return List.copyOf(allRoutes);
  }

  /** A server-sent event stream for signed-in viewers. */
  public void events(String path, Predicate<Viewer> allowed, Consumer<SseClient> client) {
    routes.before(
        path,
        ctx -> {
          if (!signIn(ctx) || !allowed.test(Web.viewer(ctx))) {
            throw new UnauthorizedResponse();
          }
        });
    allRoutes.add("GET " + path);
    routes.sse(path, client);
  }

  /** A route that needs no sign-in (the sign-in page itself, the public health check). */
  public void openGet(String path, Handler handler) {
    allRoutes.add("GET " + path);
    routes.get(path, handler);
  }

  /** A form post that needs no sign-in (signing in). */
  public void openPost(String path, Handler handler) {
    allRoutes.add("POST " + path);
    routes.post(path, handler);
  }

  /** Signs the viewer in: a new session (never the one the browser came with), its cookie. */
  public void signIn(Context ctx, Viewer viewer) {
    sessions.close(ctx.cookie(Sessions.COOKIE));
    Session s = sessions.open(viewer.accountId());
    setCookie(ctx, s.id(), -1);
  }

  public void signOut(Context ctx) {
    sessions.close(ctx.cookie(Sessions.COOKIE));
    setCookie(ctx, "", 0);
  }

  /** Ends every session of an account (disabled, password reset). */
  public void signOutEverywhere(long accountId) {
    sessions.closeAll(accountId);
  }

  private void guarded(Context ctx, Predicate<Viewer> allowed, boolean post, Handler handler)
      throws Exception {
    if (!signIn(ctx)) {
      if (post) {
        throw new UnauthorizedResponse();
      }
      String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
      ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      return;
    }
    if (post) {
      checkCsrf(ctx);
    }
    if (!allowed.test(Web.viewer(ctx))) {
      throw new ForbiddenResponse();
    }
    handler.handle(ctx);
  }

  private void apiGuarded(Context ctx, Predicate<Viewer> allowed, boolean post, Handler handler)
      throws Exception {
    String auth = ctx.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Optional<Viewer> v = accounts.byToken(auth.substring(7).strip());
      if (v.isEmpty()) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw new UnauthorizedResponse();
      }
      ctx.attribute(Web.VIEWER, v.get());
    } else if (!signIn(ctx)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new UnauthorizedResponse();
    } else if (post) {
      checkCsrf(ctx);
    }
    if (!allowed.test(Web.viewer(ctx))) {
      throw new ForbiddenResponse();
    }
    handler.handle(ctx);
  }

  /** Puts the session's viewer on the request; false when there is no live session. */
  private boolean signIn(Context ctx) {
    Optional<Session> s = sessions.find(ctx.cookie(Sessions.COOKIE));
    if (s.isEmpty()) {
      return false;
    }
    Optional<Account> account = accounts.byId(s.get().accountId()).filter(a -> !a.disabled());
    if (account.isEmpty()) {
      sessions.close(s.get().id());
      return false;
    }
    ctx.attribute(Web.SESSION, s.get());
    ctx.attribute(Web.VIEWER, account.get().viewer());
    ctx.attribute(Web.SETTINGS, account.get().settings());
    return true;
  }

  private static void checkCsrf(Context ctx) {
    Session s = ctx.attribute(Web.SESSION);
    String given = ctx.header(CSRF_HEADER);
    if (given == null && isForm(ctx)) {
      given = ctx.formParam(CSRF_FIELD);
    }
    if (s == null || !Sessions.sameToken(s.csrfToken(), given)) {
      throw new ForbiddenResponse("the form is out of date: reload the page and try again");
    }
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    // a multipart body never gets here: WorkbenchServer refuses it unread (415)
    return type != null && type.startsWith("application/x-www-form-urlencoded");
  }

  private void setCookie(Context ctx, String value, int maxAge) {
    StringBuilder c =
        new StringBuilder(Sessions.COOKIE)
            .append('=')
            .append(value)
            .append("; Path=/; HttpOnly; SameSite=Strict");
    if (maxAge >= 0) {
      c.append("; Max-Age=").append(maxAge);
    }
    if (secureCookies) {
      c.append("; Secure");
    }
    ctx.header("Set-Cookie", c.toString());
  }
}
