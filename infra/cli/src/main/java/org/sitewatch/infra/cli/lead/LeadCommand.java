package org.sitewatch.infra.cli.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Json;
import org.sitewatch.infra.cli.LeadJson;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.operations.Operations;
import org.sitewatch.sink.recrawl.LeadChecks;
import org.sitewatch.sink.workflow.LeadWorkflow;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sitewatch lead ...}: the analysts' queue and lifecycle actions on the lead database. */
@Command(
    name = "lead",
    mixinStandardHelpOptions = true,
    description =
        "List, show and work leads: triage, confirm, refer, close, dismiss, reopen, assign, note, ack.",
    subcommands = {
      LeadCommand.ListLeads.class,
      LeadCommand.Show.class,
      LeadActions.Triage.class,
      LeadActions.Confirm.class,
      LeadActions.Refer.class,
      LeadActions.Close.class,
      LeadActions.Dismiss.class,
      LeadActions.Reopen.class,
      LeadActions.Assign.class,
      LeadActions.Note.class,
      LeadActions.Ack.class,
      LeadRouteCommand.class
    })
public final class LeadCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Leads by priority (highest first), optionally in one status.")
  static final class ListLeads extends LeadDatabase {
    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "Only leads in this status: ${COMPLETION-CANDIDATES}.")
    LeadStatus status;

    @Option(names = "--json", description = "One JSON object per lead per line.")
    boolean json;

    @Option(
        names = "--gone",
        description = "Only leads whose site is gone (recrawl checks found it away).")
    boolean gone;

    @Override
    int run(Database db) {
      PrintWriter out = spec.commandLine().getOut();
      List<LeadCase> queue =
          new LeadWorkflow(db.dataSource(), Clock.systemUTC(), cfg.sink().review())
              .queue(Optional.ofNullable(status));
      if (!json) {
        out.printf(
            "%6s  %-9s %-8s %3s %5s  %-30s %s%n",
            "ID", "STATUS", "SEVERITY", "PRI", "SCORE", "SITE", "FLAGS");
      }
      Set<Long> goneIds =
          gone ? new LeadChecks(db.dataSource(), Clock.systemUTC()).goneLeads() : null;
      for (LeadCase c : queue) {
        if (goneIds != null && !goneIds.contains(c.lead().id())) {
          continue;
        }
        if (json) {
          out.println(write(caseMap(c)));
        } else {
          out.printf(
              "%6d  %-9s %-8s %3d %5.2f  %-30s %s%s%n",
              c.lead().id(),
              c.lead().status(),
              c.priority().severity(),
              c.priority().value(),
              c.lead().score(),
              c.lead().site(),
              String.join(
                  ",", c.priority().flags().stream().map(PriorityFlag::label).sorted().toList()),
              c.hasNewEvidence() ? " (new evidence)" : "");
        }
      }
      out.flush();
      return 0;
    }
  }

  /**
   * The trace id of the last verdict applied to lead {@code id} (docs/metrics.md), or {@code null}:
   * grep the stages' logs for {@code trace=<id>}.
   */
  static String traceId(Database db, long id) {
    try (var c = db.dataSource().getConnection();
        var ps = c.prepareStatement("SELECT trace_id FROM lead WHERE id = ?")) {
      ps.setLong(1, id);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot read the lead's trace id: " + e.getMessage(), e);
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "One lead with its evidence and history.")
  static final class Show extends LeadDatabase {
    @Parameters(paramLabel = "SITE_OR_ID")
    String lead;

    @Option(names = "--json", description = "As one JSON object.")
    boolean json;

    @Option(
        names = "--checks",
        paramLabel = "N",
        defaultValue = "10",
        description = "Recrawl checks shown, newest first (default ${DEFAULT-VALUE}).")
    int checkLimit;

    @Override
    int run(Database db) {
      PrintWriter out = spec.commandLine().getOut();
      LeadWorkflow workflow =
          new LeadWorkflow(db.dataSource(), Clock.systemUTC(), cfg.sink().review());
      Optional<LeadCase> found = workflow.find(lead);
      if (found.isEmpty()) {
        spec.commandLine().getErr().println("sitewatch lead show: no lead " + lead);
        return 1;
      }
      LeadCase c = found.get();
      List<HistoryEntry> history = workflow.history(c.lead().id());
      LeadChecks recrawl = new LeadChecks(db.dataSource(), Clock.systemUTC());
      var checkSummary = recrawl.summary(c.lead().id());
      var checks = recrawl.checks(c.lead().id(), checkLimit);
      Operations operations = OperationCommand.operations(db, this);
      List<RepeatLink> links = operations.repeatLinks(c.lead().id());
      if (json) {
        Map<String, Object> m = caseMap(c);
        try {
          m.put("evidence", Json.mapper().readTree(LeadJson.line(c.lead())));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("cannot read back the lead's JSON", e);
        }
        m.put(
            "verdicts",
            workflow.verdictHistory(c.lead().site()).stream()
                .map(
                    v -> {
                      Map<String, Object> vm = new LinkedHashMap<>();
                      vm.put("revision", v.revision());
                      vm.put("kind", v.kind().name());
                      vm.put("score", v.score());
                      vm.put("at", v.at().toString());
                      return vm;
                    })
                .toList());
        m.put("history", history.stream().map(LeadCommand::entryMap).toList());
        m.put("recrawl", RecrawlCommand.checksJson(checkSummary, checks));
        m.put(
            "operation", operations.ofLead(c.lead().id()).map(OperationCommand::map).orElse(null));
        m.put("repeatLinks", links.stream().map(RepeatLink::toMap).toList());
        m.put("traceId", traceId(db, c.lead().id()));
        out.println(write(m));
      } else {
        out.printf("lead %d  %s%n", c.lead().id(), c.lead().site());
        out.printf(
            "  status    %s%s%n",
            c.lead().status(), c.dismissReason().map(r -> " (" + r + ")").orElse(""));
        out.printf(
            "  priority  %d %s %s%n",
            c.priority().value(),
            c.priority().severity(),
            c.priority().flags().stream().map(PriorityFlag::label).sorted().toList());
        links.forEach(l -> out.printf("  %s%n", l.explain()));
        operations
            .ofLead(c.lead().id())
            .ifPresent(
                op ->
                    out.printf(
                        "  operation %d  %d leads, linked by %s%n",
                        op.id(),
                        op.size(),
                        op.links().stream().map(l -> l.type() + " " + l.value()).toList()));
        out.printf(
            "  score     %.2f  conducts %s  categories %s%n",
            c.lead().score(), c.lead().conducts(), c.lead().categories());
        printConductReasons(out, c.lead());
        out.printf("  assignee  %s%n", c.assignee().orElse("-"));
        String trace = traceId(db, c.lead().id());
        out.printf("  trace     %s%n", trace == null ? "-" : trace);
        out.printf(
            "  evidence  revision %d, updated %s%s%n",
            c.lead().revision(),
            c.lead().updatedAt(),
            c.hasNewEvidence() ? " (new, not acknowledged)" : "");
        c.lead()
            .signals()
            .forEach(
                s ->
                    out.printf(
                        "    %-28s %-14s %5.2f  %s%n",
                        s.id(), s.category(), s.weight(), s.snippet()));
        out.println("  history");
        for (HistoryEntry e : history) {
          out.printf(
              "    %s  %-12s %-10s %s -> %s%s%s%s%n",
              e.at(),
              e.kind(),
              e.actor(),
              e.from(),
              e.to(),
              e.reason().map(r -> " reason " + r).orElse(""),
              e.assignee().map(a -> " to " + a).orElse(""),
              (e.note().isEmpty() ? "" : " \"" + e.note() + "\"")
                  + (e.signalIds().isEmpty() ? "" : " signals " + e.signalIds()));
        }
        RecrawlCommand.printChecks(out, checkSummary, checks);
      }
      out.flush();
      return 0;
    }
  }

  /**
   * Under each conduct, the evidence behind it: signal, snippet, page. Snippets and URLs are the
   * page's bytes: the command line's writer escapes control characters, and a line break is written
   * as {@code \\n} here so that a snippet cannot print lines of its own.
   */
  static void printConductReasons(PrintWriter out, Lead lead) {
    for (String conduct : lead.conductsWithReasons()) {
      out.printf("  conduct   %s%n", oneLine(conduct));
      List<ConductReason> reasons = lead.reasonsFor(conduct);
      if (reasons.isEmpty()) {
        out.println("    (no reasons recorded)");
      }
      for (ConductReason r : reasons) {
        out.printf(
            "    %-20s \"%s\"%s%n",
            oneLine(r.signal()),
            oneLine(r.snippet()),
            r.url().isEmpty() ? "" : "  on " + oneLine(r.url()));
      }
    }
  }

  private static String oneLine(String text) {
    return text.replace("\n", "\\n");
  }

  static Map<String, Object> caseMap(LeadCase c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.lead().id());
    m.put("site", c.lead().site());
    m.put("status", c.lead().status().name());
    m.put("priority", c.priority().value());
    m.put("severity", c.priority().severity().name());
    m.put("flags", c.priority().flags().stream().map(PriorityFlag::label).sorted().toList());
    m.put("score", c.lead().score());
    m.put("conducts", c.lead().conducts());
    m.put("assignee", c.assignee().orElse(null));
    m.put("dismissReason", c.dismissReason().map(Enum::name).orElse(null));
    m.put("hasNewEvidence", c.hasNewEvidence());
    m.put("repeatOf", c.repeatOf());
    m.put("revision", c.lead().revision());
    m.put("updatedAt", c.lead().updatedAt().toString());
    return m;
  }

  static Map<String, Object> entryMap(HistoryEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", e.kind().name());
    m.put("actor", e.actor());
    m.put("from", e.from().name());
    m.put("to", e.to().name());
    m.put("reason", e.reason().map(Enum::name).orElse(null));
    m.put("note", e.note());
    m.put("assignee", e.assignee().orElse(null));
    m.put("signalIds", e.signalIds());
    m.put("at", e.at().toString());
    return m;
  }

  static String write(Object value) {
    try {
      return Json.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
