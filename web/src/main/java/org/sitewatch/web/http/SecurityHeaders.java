package org.sitewatch.web.http;

import io.javalin.config.RoutesConfig;

/**
 * Headers on every response: a Content-Security-Policy that allows only the workbench's own scripts
 * and styles (no inline script, no inline handlers, no remote anything), no framing by other sites,
 * no MIME sniffing, no referrer, and no caching of pages that show leads.
 */
public final class SecurityHeaders {
  public static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; frame-src 'self'; form-action 'self';"
          + " base-uri 'none'; frame-ancestors 'none'; object-src 'none'";

  private SecurityHeaders() {}

  public static void register(RoutesConfig routes, boolean tls) {
    routes.before(
        ctx -> {
          ctx.header("Content-Security-Policy", CSP);
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Referrer-Policy", "no-referrer");
          ctx.header("X-Frame-Options", "DENY");
          ctx.header("Cross-Origin-Opener-Policy", "same-origin");
          ctx.header("Cross-Origin-Resource-Policy", "same-origin");
          if (!ctx.path().startsWith("/assets/") && !ctx.path().startsWith("/webjars/")) {
            ctx.header("Cache-Control", "no-store");
          }
          if (tls) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
          }
        });
  }
}
