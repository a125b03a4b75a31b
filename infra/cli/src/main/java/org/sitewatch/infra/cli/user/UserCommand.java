package org.sitewatch.infra.cli.user;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.sitewatch.infra.cli.ConfigOptions;
import org.sitewatch.infra.cli.LeadStoreOptions;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.db.Database;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.PasswordHasher;
import org.sitewatch.web.account.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch user ...}: the workbench's accounts. */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Manage the workbench's accounts: add, list, disable, reset-password.",
    subcommands = {
      UserCommand.Add.class,
      UserCommand.ListUsers.class,
      UserCommand.Disable.class,
      UserCommand.ResetPassword.class
    })
public final class UserCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Who the account log records as having made a change: the OS user at the command line. */
  public static String actor() {
    String user = System.getProperty("user.name", "");
    return "cli:" + (user.isBlank() ? "unknown" : user);
  }

  /** Parses {@code --role}: one line naming the four roles for anything else. */
  static Role role(String text) {
    for (Role r : Role.values()) {
      if (r.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "': give analyst, supervisor, admin or auditor");
  }

  /** The first line of standard input, for {@code --password-stdin}. */
  static char[] passwordFromStdin(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(PasswordHasher.MAX_PASSWORD_CHARS * 4 + 2);
    String text = new String(bytes, StandardCharsets.UTF_8);
    String line = text.lines().findFirst().orElse("");
    Arrays.fill(bytes, (byte) 0);
    if (line.isEmpty()) {
      throw new IllegalArgumentException("--password-stdin: no password on standard input");
    }
    return line.toCharArray();
  }

  /** The options every user command shares, and the accounts of the named database. */
  abstract static class OnAccounts implements Callable<Integer> {
    @Mixin ConfigOptions config;
    @Mixin LeadStoreOptions store;
    @Spec CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
      check();
      return store.run(
          config,
          spec.qualifiedName(" ").replaceFirst("^sitewatch ", ""),
          "manage its accounts",
          (cfg, db) -> run(accounts(db), spec.commandLine().getOut()));
    }

    /** Usage errors found before anything connects. */
    void check() {}

    abstract int run(Accounts accounts, PrintWriter out) throws IOException;

    private static Accounts accounts(Database db) {
      return new Accounts(db.dataSource(), Clock.systemUTC());
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add an account. Without --password-stdin it has no password (and cannot sign in) until"
              + " 'user reset-password'; --token prints a new API token as the last line.")
  static final class Add extends OnAccounts {
    @Parameters(paramLabel = "NAME", description = "Account name: 1-64 of a-z 0-9 . _ -")
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "analyst, supervisor, admin or auditor.")
    String role;

    @Option(
        names = "--bureau",
        arity = "1..*",
        split = ",",
        paramLabel = "REGION_CODE",
        description =
            "The bureaus whose leads the account works: six-digit region codes of the bureau"
                + " directory (jurisdiction.bureaus); required for analysts and supervisors.")
    List<String> bureaus = List.of();

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--token", description = "Also issue an API token; printed as the last line.")
    boolean token;

    private Role parsed;

    @Override
    void check() {
      parsed = role(role);
    }

    @Override
    int run(Accounts accounts, PrintWriter out) throws IOException {
      Optional<char[]> password =
          passwordStdin
              ? Optional.of(passwordFromStdin(SitewatchCommand.stdin(spec)))
              : Optional.empty();
      Set<String> codes = new LinkedHashSet<>();
      bureaus.forEach(b -> codes.add(b.strip()));
      Account a;
      try {
        a = accounts.add(name, parsed, codes, password, actor());
      } finally {
        password.ifPresent(p -> Arrays.fill(p, '\0'));
      }
      out.printf(
          "added %s %s%s%n",
          a.role().name().toLowerCase(Locale.ROOT),
          a.name(),
          a.role().seesAll() ? " (sees every bureau)" : " (bureaus " + bureaus(a) + ")");
      if (!a.hasPassword()) {
        out.printf(
            "%s has no password and cannot sign in yet: sitewatch user reset-password %s%n",
            a.name(), a.name());
      }
      if (token) {
        out.println("API token (shown once; send it as 'Authorization: Bearer TOKEN'):");
        out.println(accounts.createToken(a.name(), actor()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the accounts: name, role, bureaus, password set, disabled, locked.")
  static final class ListUsers extends OnAccounts {
    @Override
    int run(Accounts accounts, PrintWriter out) {
      List<Account> all = accounts.list();
      Instant now = Instant.now();
      out.printf(
          "%-24s %-10s %-24s %-8s %-8s %s%n",
          "NAME", "ROLE", "BUREAUS", "PASSWORD", "DISABLED", "LOCKED");
      for (Account a : all) {
        out.printf(
            "%-24s %-10s %-24s %-8s %-8s %s%n",
            a.name(),
            a.role().name().toLowerCase(Locale.ROOT),
            a.role().seesAll() && a.bureaus().isEmpty() ? "(all)" : bureaus(a),
            a.hasPassword() ? "yes" : "no",
            a.disabled() ? "yes" : "no",
            a.lockedUntil().filter(now::isBefore).map(t -> "until " + t).orElse("no"));
      }
      if (all.isEmpty()) {
        out.println("(no accounts: add one with 'sitewatch user add NAME --role ROLE ...')");
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description =
          "Disable an account: it cannot sign in, its API tokens are revoked, and a running"
              + " workbench ends its sessions at their next request.")
  static final class Disable extends OnAccounts {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    int run(Accounts accounts, PrintWriter out) {
      accounts.disable(name, actor());
      out.printf("disabled %s; its API tokens are revoked%n", name);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "reset-password",
      mixinStandardHelpOptions = true,
      description =
          "Set a new password and lift a lock: read from standard input with --password-stdin,"
              + " else generated and printed once.")
  static final class ResetPassword extends OnAccounts {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    int run(Accounts accounts, PrintWriter out) throws IOException {
      if (accounts.find(name).isEmpty()) {
        throw new IllegalArgumentException("no account named '" + name + "'");
      }
      char[] password =
          passwordStdin
              ? passwordFromStdin(SitewatchCommand.stdin(spec))
              : GeneratedPassword.create();
      try {
        accounts.setPassword(name, password, actor());
        if (passwordStdin) {
          out.printf("password of %s set%n", name);
        } else {
          out.printf("new password of %s (shown once):%n%s%n", name, new String(password));
        }
      } finally {
        Arrays.fill(password, '\0');
      }
      out.flush();
      return 0;
    }
  }

  private static String bureaus(Account a) {
    return a.bureaus().isEmpty() ? "-" : String.join(",", a.bureaus().stream().sorted().toList());
  }
}
