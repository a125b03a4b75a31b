package org.sitewatch.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import org.sitewatch.sink.store.LeadStoreException;
import org.sitewatch.sink.workflow.ActionRefusedException;
import org.sitewatch.web.http.Web;
import org.sitewatch.web.view.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failure looks like: 404 for what does not exist or is not the viewer's to see (the same
 * page, so a lead of another bureau cannot be told from a missing one), 409 for an action that
 * someone else's change made stale, 503 when the database is away. API paths answer JSON.
 */
final class ErrorPages {
  private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

  private ErrorPages() {}

  static void register(RoutesConfig routes, Views views) {
    routes.exception(
        ActionRefusedException.class,
        (e, ctx) -> {
          int status = e.refusal() == ActionRefusedException.Refusal.CONFLICT ? 409 : 400;
          show(ctx, views, status, e.getMessage());
        });
    routes.exception(
        LeadStoreException.class,
        (e, ctx) -> {
          log.warn("{} {}: {}", ctx.method(), ctx.path(), e.toString());
          show(ctx, views, 503, null);
        });
    for (int status : new int[] {400, 401, 403, 404, 405, 409, 413, 500, 503}) {
      routes.error(
          status,
          "*",
          ctx -> {
            // Javalin's own bodies (empty, or its JSON without "error") become our page; a JSON
            // error we wrote ({"status", "error"}) keeps its message
            if (ctx.res().isCommitted() || isEventStream(ctx)) {
              return; // an event stream ending, or a body already on its way: nothing to replace
            }
            String result = ctx.result();
            if (result == null
                || result.isEmpty()
                || (result.startsWith("{") && !result.contains("\"error\""))) {
              show(ctx, views, status, null);
            }
          });
    }
  }

  private static boolean isEventStream(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("text/event-stream");
  }

  static void show(Context ctx, Views views, int status, String detail) {
    ctx.status(status);
    if (ctx.path().startsWith("/api/")) {
      ctx.json(Map.of("status", status, "error", detail == null ? reason(status) : detail));
      return;
    }
    var page = Web.page(ctx);
    views.render(
        ctx,
        "error.jte",
        Map.of(
            "page",
            page,
            "status",
            status,
            "detail",
            detail == null ? page.m().t("error." + status) : detail));
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "bad request";
      case 401 -> "sign in or give a bearer token";
      case 403 -> "not allowed";
      case 404 -> "not found";
      case 409 -> "conflict";
      case 413 -> "too large";
      case 503 -> "the database is unavailable";
      default -> "error";
    };
  }
}
