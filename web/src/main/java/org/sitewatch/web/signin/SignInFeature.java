package org.sitewatch.web.signin;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.LoginResult;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;

/** Signing in and out; the root path leads to the queue. */
public final class SignInFeature implements Feature {
  private final Services services;

  public SignInFeature(Services services) {
    this.services = services;
  }

  @Override
  public void register(Routes routes) {
    routes.openGet("/login", ctx -> form(ctx, null));
    routes.openPost(
        "/login",
        ctx -> {
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
            ctx.redirect(safeNext(ctx.queryParam("next")));
          } else if (result instanceof LoginResult.Locked l) {
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
          ctx.redirect("/login");
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
