package org.sitewatch.infra.cli.lead;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.operations.Operation;
import org.sitewatch.sink.operations.Operations;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sitewatch operation ...}: leads linked by shared strong identifiers. */
@Command(
    name = "operation",
    mixinStandardHelpOptions = true,
    description =
        "Operator networks: leads linked by shared strong identifiers (contact handles, payment accounts, tracking IDs, filing numbers).",
    subcommands = {
      OperationCommand.ListOperations.class,
      OperationCommand.Show.class,
      OperationCommand.Rebuild.class
    })
public final class OperationCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static Operations operations(Database db, LeadDatabase command) {
    return new Operations(db.dataSource(), Clock.systemUTC(), command.cfg.sink().review());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Operations, largest first.")
  static final class ListOperations extends LeadDatabase {
    @Option(names = "--json", description = "One JSON object per operation per line.")
    boolean json;

    @Override
    int run(Database db) {
      PrintWriter out = spec.commandLine().getOut();
      List<Operation> all = operations(db, this).list();
      if (!json) {
        out.printf("%6s %5s  %-40s %s%n", "ID", "LEADS", "SITES", "LINKED BY");
      }
      for (Operation op : all) {
        if (json) {
          out.println(LeadCommand.write(map(op)));
        } else {
          List<String> sites = op.members().stream().map(Operation.Member::site).toList();
          out.printf(
              "%6d %5d  %-40s %s%n",
              op.id(),
              op.size(),
              abbreviate(String.join(",", sites), 40),
              op.links().stream().map(l -> l.type() + " " + l.value()).toList());
        }
      }
      if (!json && all.isEmpty()) {
        out.println("(no operations: no two leads share a strong identifier)");
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "One operation: its leads with their states, and the identifiers that link them.")
  static final class Show extends LeadDatabase {
    @Parameters(paramLabel = "ID", description = "Operation id (the smallest lead id in it).")
    long id;

    @Option(names = "--json", description = "As one JSON object.")
    boolean json;

    @Override
    int run(Database db) {
      PrintWriter out = spec.commandLine().getOut();
      Optional<Operation> found = operations(db, this).find(id);
      if (found.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "sitewatch operation show: no operation "
                    + id
                    + " (operation ids are the smallest lead id of each; see 'sitewatch operation list')");
        return 1;
      }
      Operation op = found.get();
      if (json) {
        out.println(LeadCommand.write(map(op)));
      } else {
        out.printf("operation %d  (%d leads)%n", op.id(), op.size());
        out.println("  leads");
        op.members()
            .forEach(m -> out.printf("    %6d  %-10s %s%n", m.leadId(), m.status(), m.site()));
        out.println("  linked by");
        op.links()
            .forEach(
                l -> out.printf("    %-18s %-34s leads %s%n", l.type(), l.value(), l.leadIds()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "rebuild",
      mixinStandardHelpOptions = true,
      description =
          "Recompute every operation from the stored identifiers (after upgrading a database that has leads).")
  static final class Rebuild extends LeadDatabase {
    @Override
    int run(Database db) {
      Operations operations = operations(db, this);
      operations.rebuild();
      spec.commandLine().getOut().printf("%d operation(s)%n", operations.stats().operations());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  static Map<String, Object> map(Operation op) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", op.id());
    m.put("size", op.size());
    m.put(
        "leads",
        op.members().stream()
            .map(
                mb -> {
                  Map<String, Object> lm = new LinkedHashMap<>();
                  lm.put("id", mb.leadId());
                  lm.put("site", mb.site());
                  lm.put("status", mb.status().name());
                  return lm;
                })
            .toList());
    m.put(
        "linkedBy",
        op.links().stream()
            .map(
                l -> {
                  Map<String, Object> lm = new LinkedHashMap<>();
                  lm.put("type", l.type());
                  lm.put("value", l.value());
                  lm.put("leads", l.leadIds());
                  return lm;
                })
            .toList());
    return m;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
