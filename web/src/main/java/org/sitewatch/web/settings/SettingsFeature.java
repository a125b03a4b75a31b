package org.sitewatch.web.settings;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;

/**
 * The user's own settings at {@code /settings}: the language (Chinese, English, or the browser's),
 * the time zone dates are shown in (an IANA id), and whether captured pages show their visual parts
 * unblurred by default. Stored with {@link org.sitewatch.web.account.Accounts#updateSettings};
 * every request reads them afresh, so the next page already follows them.
 */
public final class SettingsFeature implements Feature {
  /** The languages a user may choose; "" follows the browser. */
  public static final List<String> LANGUAGES = List.of("", "zh-CN", "en");

  private static final int MAX_ZONE_CHARS = 64;

  /** The form as shown: the stored or submitted values, and what was wrong with them. */
  public record Form(
      String language,
      String timeZone,
      boolean revealImages,
      List<String> zones,
      String serverZone,
      Optional<String> error,
      boolean saved) {}

  private final Services services;

  public SettingsFeature(Services services) {
    this.services = services;
  }

  @Override
  public void register(Routes routes) {
    routes.page("/settings", Routes.SIGNED_IN, this::show);
    routes.action("/settings", Routes.SIGNED_IN, this::save);
  }

  private void show(Context ctx) {
    Account.Settings s = Web.settings(ctx);
    render(
        ctx,
        new Form(
            s.locale().orElse(""),
            s.timeZone().orElse(""),
            s.revealImages(),
            zones(),
            ZoneId.systemDefault().getId(),
            Optional.empty(),
            ctx.queryParam("saved") != null));
  }

  private void save(Context ctx) {
    String language = Optional.ofNullable(ctx.formParam("language")).orElse("").strip();
    String zone = Optional.ofNullable(ctx.formParam("timeZone")).orElse("").strip();
    boolean reveal = "on".equals(ctx.formParam("revealImages"));
    Optional<String> error = Optional.empty();
    if (!LANGUAGES.contains(language)) {
      error = Optional.of("settings.badLanguage");
    } else if (!zone.isEmpty() && !validZone(zone)) {
      error = Optional.of("settings.badZone");
    }
    if (error.isPresent()) {
      ctx.status(HttpStatus.BAD_REQUEST);
      render(
          ctx,
          new Form(
              LANGUAGES.contains(language) ? language : "",
              zone.length() > MAX_ZONE_CHARS ? zone.substring(0, MAX_ZONE_CHARS) : zone,
              reveal,
              zones(),
              ZoneId.systemDefault().getId(),
              error,
              false));
      return;
    }
    services
        .accounts()
        .updateSettings(
            Web.viewer(ctx).accountId(),
            new Account.Settings(
                language.isEmpty() ? Optional.empty() : Optional.of(language),
                zone.isEmpty() ? Optional.empty() : Optional.of(ZoneId.of(zone).getId()),
                reveal));
    ctx.redirect("/settings?saved", HttpStatus.SEE_OTHER);
  }

  /** A region-based IANA id Java knows ({@code Asia/Shanghai}, {@code UTC}); no raw offsets. */
  static boolean validZone(String zone) {
    return zone.length() <= MAX_ZONE_CHARS && ZoneId.getAvailableZoneIds().contains(zone);
  }

  private void render(Context ctx, Form form) {
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put("form", form);
    params.put("now", services.clock().instant());
    services.views().render(ctx, "settings/settings.jte", params);
  }

  private static List<String> zones() {
    return ZoneId.getAvailableZoneIds().stream()
        .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/"))
        .sorted()
        .toList();
  }
}
