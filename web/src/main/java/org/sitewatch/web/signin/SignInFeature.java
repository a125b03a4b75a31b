package org.sitewatch.web.signin;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.LoginResult;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;

/**
 * Signing in and out; the root path leads to the queue.
 *
 * <p>Guards of the sign-in form, in order: a cross-site post is refused (login CSRF: a hostile page
 * must not sign the analyst into an account of its choosing), an address with too many recent
 * failures is refused without checking anything ({@link LoginThrottle}), then {@code
 * Accounts.login} checks the password and locks the account after repeated failures. After sign-in
 * only a path of this site is followed ({@link #safeNext}).
 */
public final class SignInFeature implements Feature {
  /** Failed sign-ins one client address may make per {@link #THROTTLE_WINDOW}. */
  public static final int THROTTLE_FAILURES = 20;

  public static final Duration THROTTLE_WINDOW = Duration.ofMinutes(10);
  private static final int THROTTLE_ADDRESSES = 10_000;
  // what browsers send in Sec-Fetch-Site for our own form, or for a request the user typed
  private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

  private final Services services;
  private final LoginThrottle throttle;

  public SignInFeature(Services services) {
    this.services = services;
    this.throttle =
        new LoginThrottle(services.clock(), THROTTLE_FAILURES, THROTTLE_WINDOW, THROTTLE_ADDRESSES);
  }

  @Override
  public void register(Routes routes) {
    routes.openGet("/login", ctx -> form(ctx, null));
    routes.openPost(
        "/login",
        ctx -> {
          String fetchSite = ctx.header("Sec-Fetch-Site");
          if (fetchSite != null && !OWN_SITE.contains(fetchSite)) {
            throw new ForbiddenResponse("sign in from the workbench's own sign-in page");
          }
          // the socket's address, never X-Forwarded-For (anyone can write that header)
          String address = LoginThrottle.client(ctx.req().getRemoteAddr());
          Optional<Instant> throttled = throttle.refusedUntil(address);
          if (throttled.isPresent()) {
            long seconds =
                Duration.between(services.clock().instant(), throttled.get()).toSeconds();
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", String.valueOf(Math.max(1, seconds)));
            form(ctx, Web.page(ctx).m().t("login.throttled", Web.page(ctx).time(throttled.get())));
            return;
          }
          String name = ctx.formParam("username");
          String password = ctx.formParam("password");
          LoginResult result =
              services
                  .accounts()
                  .login(
                      name == null ? "" : name.strip(),
                      password == null ? new char[0] : password.toCharArray());
          if (result instanceof LoginResult.SignedIn s) {
            routes.signIn(ctx, s.viewer());
            ctx.redirect(safeNext(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
          }
          throttle.failed(address);
          if (result instanceof LoginResult.Locked l) {
            ctx.status(429);
            form(ctx, Web.page(ctx).m().t("login.locked", Web.page(ctx).time(l.until())));
          } else {
            ctx.status(401);
            form(ctx, Web.page(ctx).m().t("login.refused"));
          }
        });
    routes.action(
        "/logout",
        Routes.SIGNED_IN,
        ctx -> {
          routes.signOut(ctx);
          ctx.redirect("/login", HttpStatus.SEE_OTHER);
        });
    routes.page("/", Routes.SIGNED_IN, ctx -> ctx.redirect("/queue"));
  }

  private void form(Context ctx, String error) {
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put("error", error);
    params.put("next", safeNext(ctx.queryParam("next")));
    services.views().render(ctx, "login.jte", params);
  }

  /** Only a path of this site: never an absolute or scheme-relative URL (open redirect). */
  static String safeNext(String next) {
    if (next == null
        || next.length() > 2000
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")
        || next.chars().anyMatch(c -> c < 0x20)) {
      return "/queue";
    }
    return next;
  }
}
