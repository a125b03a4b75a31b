package org.sitewatch.infra.cli.run;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sitewatch.infra.cli.user.GeneratedPassword;
import org.sitewatch.infra.cli.user.UserCommand;
import org.sitewatch.infra.local.LocalPipeline;
import org.sitewatch.sink.jurisdiction.Route;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.Role;

/**
 * The accounts {@code demo --serve} signs a newcomer in with: one per role, the analyst and the
 * supervisor on the bureaus the demo's leads were routed to, each with a password generated now (an
 * account kept in a reused data folder gets a new one).
 */
final class DemoAccounts {
  /** A demo account as printed. */
  record Login(String name, String password, Role role, Set<String> bureaus) {}

  private DemoAccounts() {}

  /** The region codes the leads were routed to. */
  static Set<String> bureaus(LocalPipeline pipeline, List<Lead> leads) {
    Set<String> codes = new TreeSet<>();
    for (Lead lead : leads) {
      pipeline
          .routing(lead.id())
          .ifPresent(r -> r.routes().stream().map(Route::regionCode).forEach(codes::add));
    }
    return codes;
  }

  static List<Login> create(Accounts accounts, Set<String> bureaus) {
    List<Login> logins = new ArrayList<>();
    for (Role role : List.of(Role.ANALYST, Role.SUPERVISOR, Role.AUDITOR, Role.ADMIN)) {
      if (!role.seesAll() && bureaus.isEmpty()) {
        continue; // no lead was routed to a bureau: nothing for a bureau's analyst to see
      }
      String name = role.name().toLowerCase(Locale.ROOT);
      char[] password = GeneratedPassword.create();
      try {
        Optional<Account> existing = accounts.find(name);
        Account account;
        if (existing.isPresent()) {
          accounts.setPassword(name, password, UserCommand.actor());
          account = existing.get();
        } else {
          account =
              accounts.add(
                  name,
                  role,
                  role.seesAll() ? Set.of() : bureaus,
                  Optional.of(password),
                  UserCommand.actor());
        }
        logins.add(new Login(name, new String(password), account.role(), account.bureaus()));
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    return logins;
  }

  static void print(PrintWriter out, List<Login> logins) {
    out.printf("  %-12s %-22s %-11s %s%n", "SIGN IN AS", "PASSWORD", "ROLE", "BUREAUS");
    for (Login l : logins) {
      out.printf(
          "  %-12s %-22s %-11s %s%n",
          l.name(),
          l.password(),
          l.role().name().toLowerCase(Locale.ROOT),
          l.role().seesAll() ? "(all)" : String.join(",", new TreeSet<>(l.bureaus())));
    }
  }
}
