package org.sitewatch.web.http;

import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.view.Messages;
import org.sitewatch.web.view.PageContext;

/** What {@link Routes} put on a request: the signed-in viewer, its session, its page context. */
public final class Web {
  static final String VIEWER = "sitewatch.viewer";
  static final String SESSION = "sitewatch.session";
  static final String SETTINGS = "sitewatch.settings";

  private Web() {}

  /** The signed-in viewer (every route but the open ones has one). */
  public static Viewer viewer(Context ctx) {
    Viewer v = ctx.attribute(VIEWER);
    if (v == null) {
      throw new IllegalStateException("no viewer on an open route: " + ctx.path());
    }
    return v;
  }

  public static Optional<Viewer> optionalViewer(Context ctx) {
    return Optional.ofNullable(ctx.attribute(VIEWER));
  }

  /** The account's settings (defaults for a token or an open route). */
  public static Account.Settings settings(Context ctx) {
    Account.Settings s = ctx.attribute(SETTINGS);
    return s == null ? Account.Settings.DEFAULTS : s;
  }

  /** The page context of this request: viewer, CSRF token, language, time zone. */
  public static PageContext page(Context ctx) {
    Session session = ctx.attribute(SESSION);
    Account.Settings s = settings(ctx);
    Messages m = Messages.negotiate(s.locale().orElse(null), ctx.header("Accept-Language"));
    ZoneId zone = ZoneId.systemDefault();
    if (s.timeZone().isPresent()) {
      try {
        zone = ZoneId.of(s.timeZone().get());
      } catch (DateTimeException e) {
        // an unknown zone: the server's
      }
    }
    return new PageContext(
        optionalViewer(ctx), session == null ? "" : session.csrfToken(), m, zone, ctx.path());
  }

  /** A path parameter that must be a positive number; anything else is a 404. */
  public static long idParam(Context ctx, String name) {
    String raw = ctx.pathParam(name);
    if (raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(Character::isDigit)) {
      throw new io.javalin.http.NotFoundResponse();
    }
    return Long.parseLong(raw);
  }
}
