package org.sitewatch.infra.cli.lead;

import java.io.PrintWriter;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.operations.IgnoredIdentifier;
import org.sitewatch.sink.operations.Operations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sitewatch identifier ...}: the ignore list of identifiers that link nothing. */
@Command(
    name = "identifier",
    mixinStandardHelpOptions = true,
    description =
        "The ignore list: identifiers (a shared CDN address, a copied filing number, a template's text-simhash) that link no leads.",
    subcommands = {
      IdentifierCommand.Ignore.class,
      IdentifierCommand.Unignore.class,
      IdentifierCommand.Ignored.class
    })
public final class IdentifierCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "ignore",
      mixinStandardHelpOptions = true,
      description =
          "Ignore an identifier: it no longer links leads into operations or makes repeat offenders; operations resting on it split at once.")
  static final class Ignore extends LeadDatabase {
    @Parameters(
        index = "0",
        paramLabel = "TYPE",
        description = "Identifier type (qq, wechat, payment, icp, server-ip, ... or text-simhash).")
    String type;

    @Parameters(
        index = "1",
        paramLabel = "VALUE",
        description = "The value as extracted (16 hex digits for text-simhash).")
    String value;

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why it links nothing (kept with the entry).")
    String reason;

    @Option(
        names = "--by",
        paramLabel = "NAME",
        description = "Who decides (default: the user name).")
    String by;

    @Override
    int run(Database db) {
      Operations operations = OperationCommand.operations(db, this);
      String who = by != null ? by : System.getProperty("user.name", "operator");
      try {
        boolean added = operations.ignore(type, value, reason, who);
        spec.commandLine()
            .getOut()
            .println(
                added
                    ? "ignored " + type + " " + value
                    : type + " " + value + " was ignored already");
        spec.commandLine().getOut().flush();
        return 0;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("sitewatch identifier ignore: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "unignore",
      mixinStandardHelpOptions = true,
      description = "Take an identifier off the ignore list: it links leads again.")
  static final class Unignore extends LeadDatabase {
    @Parameters(index = "0", paramLabel = "TYPE")
    String type;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Option(
        names = "--by",
        paramLabel = "NAME",
        description = "Who decides (default: the user name).")
    String by;

    @Override
    int run(Database db) {
      Operations operations = OperationCommand.operations(db, this);
      String who = by != null ? by : System.getProperty("user.name", "operator");
      try {
        boolean removed = operations.unignore(type, value, who);
        spec.commandLine()
            .getOut()
            .println(
                removed
                    ? "no longer ignored: " + type + " " + value
                    : type + " " + value + " was not ignored");
        spec.commandLine().getOut().flush();
        return removed ? 0 : 1;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("sitewatch identifier unignore: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "ignored", mixinStandardHelpOptions = true, description = "The ignore list.")
  static final class Ignored extends LeadDatabase {
    @Override
    int run(Database db) {
      PrintWriter out = spec.commandLine().getOut();
      for (IgnoredIdentifier i : OperationCommand.operations(db, this).ignored()) {
        out.printf("%-18s %-34s %s by %s: %s%n", i.type(), i.value(), i.at(), i.by(), i.reason());
      }
      out.flush();
      return 0;
    }
  }
}
