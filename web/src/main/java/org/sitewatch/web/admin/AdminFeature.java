package org.sitewatch.web.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Permission;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;

/**
 * The admins' accounts page: list, add, disable, reset a password, issue an API token; what {@code
 * sitewatch user ...} does on the command line. The actor of every change is the signed-in admin
 * ({@code Accounts} records it in {@code workbench_account_log}). A generated password or token is
 * shown once, on the answer to the post that made it (never stored in clear, never in a URL).
 * Disabling or resetting an account ends its sessions at once; an account disabled elsewhere (the
 * command line) is signed out at its next request, because {@link Routes} reads the account afresh
 * on every request.
 */
public final class AdminFeature implements Feature {
  static final Predicate<Viewer> ADMINS = v -> v.role().may(Permission.MANAGE_ACCOUNTS);
  // no 0/O, 1/l/I: read aloud or copied by hand
  private static final char[] ALPHABET =
      "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
  private static final int PASSWORD_GROUPS = 5;
  private static final int LOG_LINES = 50;

  private final Services services;
  private final SecureRandom random = new SecureRandom();

  public AdminFeature(Services services) {
    this.services = services;
  }

  @Override
  public void register(Routes routes) {
    routes.page("/admin/accounts", ADMINS, ctx -> list(ctx, null, Map.of()));
    routes.action("/admin/accounts", ADMINS, this::add);
    routes.action(
        "/admin/accounts/{name}/disable",
        ADMINS,
        ctx -> {
          Account account = account(ctx);
          Viewer admin = Web.viewer(ctx);
          if (account.id() == admin.accountId()) {
            ctx.status(HttpStatus.BAD_REQUEST);
            list(ctx, Web.page(ctx).m().t("admin.error.self"), Map.of());
            return;
          }
          services.accounts().disable(account.name(), admin.name());
          routes.signOutEverywhere(account.id());
          ctx.redirect("/admin/accounts", HttpStatus.SEE_OTHER);
        });
    routes.action(
        "/admin/accounts/{name}/reset-password",
        ADMINS,
        ctx -> {
          Account account = account(ctx);
          char[] password = password();
          try {
            services.accounts().setPassword(account.name(), password, Web.viewer(ctx).name());
            routes.signOutEverywhere(account.id());
            secret(ctx, account, "password", new String(password));
          } finally {
            Arrays.fill(password, '\0');
          }
        });
    routes.action(
        "/admin/accounts/{name}/token",
        ADMINS,
        ctx -> {
          Account account = account(ctx);
          if (account.disabled()) {
            throw new NotFoundResponse();
          }
          String token = services.accounts().createToken(account.name(), Web.viewer(ctx).name());
          secret(ctx, account, "token", token);
        });
  }

  private void add(Context ctx) {
    String name = field(ctx, "name");
    String role = field(ctx, "role");
    String bureaus = field(ctx, "bureaus");
    String password = ctx.formParam("password");
    Map<String, String> form = Map.of("name", name, "role", role, "bureaus", bureaus);
    Role parsedRole;
    try {
      parsedRole = Role.valueOf(role.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      list(ctx, Web.page(ctx).m().t("admin.error.role"), form);
      return;
    }
    Set<String> regions = new LinkedHashSet<>();
    for (String b : bureaus.split("[\\s,，;]+")) {
      if (!b.isEmpty()) {
        regions.add(b);
      }
    }
    char[] secret = password == null || password.isEmpty() ? null : password.toCharArray();
    try {
      services
          .accounts()
          .add(name, parsedRole, regions, Optional.ofNullable(secret), Web.viewer(ctx).name());
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.BAD_REQUEST);
      list(ctx, e.getMessage(), form);
      return;
    } finally {
      if (secret != null) {
        Arrays.fill(secret, '\0');
      }
    }
    ctx.redirect("/admin/accounts", HttpStatus.SEE_OTHER);
  }

  private void list(Context ctx, String error, Map<String, String> form) {
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put("accounts", services.accounts().list());
    params.put("roles", Role.values());
    params.put("error", error);
    params.put("form", form);
    params.put("now", services.clock().instant());
    params.put("log", services.accounts().recentLog(LOG_LINES));
    services.views().render(ctx, "admin/accounts.jte", params);
  }

  private void secret(Context ctx, Account account, String kind, String secret) {
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put("account", account);
    params.put("kind", kind);
    params.put("secret", secret);
    services.views().render(ctx, "admin/secret.jte", params);
  }

  /** The account named in the path; an unknown name is a 404. */
  private Account account(Context ctx) {
    return services.accounts().find(ctx.pathParam("name")).orElseThrow(NotFoundResponse::new);
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  /** A generated password: five groups of four, about 115 bits. */
  private char[] password() {
    char[] out = new char[PASSWORD_GROUPS * 5 - 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = i % 5 == 4 ? '-' : ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return out;
  }
}
