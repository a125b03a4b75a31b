package org.sitewatch.infra.cli.lead;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.recrawl.LeadCheck;
import org.sitewatch.sink.recrawl.LeadChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sitewatch recrawl ...}: the scheduled re-checks of open leads' sites. */
@Command(
    name = "recrawl",
    mixinStandardHelpOptions = true,
    description = "Re-checks of the sites of open leads (see docs/recrawl.md).",
    subcommands = {RecrawlCommand.Now.class})
public final class RecrawlCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "now",
      mixinStandardHelpOptions = true,
      description =
          "Make the checks of open leads (or of one site) due now; the running sink sends them"
              + " within sink.recrawl-check-interval.")
  static final class Now extends LeadDatabase {
    @Option(names = "--site", paramLabel = "SITE", description = "Only this site's lead.")
    String site;

    @Override
    int run(Database db) {
      PrintWriter out = spec.commandLine().getOut();
      int n =
          new LeadChecks(db.dataSource(), Clock.systemUTC()).scheduleNow(Optional.ofNullable(site));
      if (n == 0 && site != null) {
        spec.commandLine()
            .getErr()
            .println(
                "sitewatch recrawl now: no open lead for "
                    + site
                    + " (closed and dismissed leads are not re-checked)");
        return 1;
      }
      out.printf("%d lead(s) due for a re-check now%n", n);
      if (!cfg.sink().recrawl().enabled()) {
        out.println(
            "note: sink.recrawl-interval is 0 in this configuration: a sink configured so sends no checks");
      }
      out.flush();
      return 0;
    }
  }

  /** The recrawl part of {@code lead show}, as text. */
  static void printChecks(
      PrintWriter out, Optional<LeadChecks.Summary> summary, List<LeadCheck> checks) {
    summary.ifPresent(
        s ->
            out.printf(
                "  recrawl   next %s, last %s%s%n",
                s.nextCheckAt().map(Object::toString).orElse("one interval after opening"),
                s.lastCheckAt()
                    .map(t -> t + " " + s.lastState().map(Enum::name).orElse(""))
                    .orElse("never"),
                s.goneSince().map(t -> ", gone since " + t).orElse("")));
    if (checks.isEmpty()) {
      return;
    }
    out.println("  checks (newest first)");
    for (LeadCheck c : checks) {
      out.printf(
          "    %s  %-8s %-26s pages %d%s%n",
          c.checkedAt(),
          c.state(),
          c.reason(),
          c.pages(),
          c.seedSha256().map(h -> "  sha256 " + h.substring(0, 12)).orElse(""));
    }
  }

  /** The recrawl part of {@code lead show --json}. */
  static Map<String, Object> checksJson(
      Optional<LeadChecks.Summary> summary, List<LeadCheck> checks) {
    Map<String, Object> m = new LinkedHashMap<>();
    summary.ifPresent(
        s -> {
          m.put("nextCheckAt", s.nextCheckAt().map(Object::toString).orElse(null));
          m.put("lastCheckAt", s.lastCheckAt().map(Object::toString).orElse(null));
          m.put("lastState", s.lastState().map(Enum::name).orElse(null));
          m.put("goneSince", s.goneSince().map(Object::toString).orElse(null));
        });
    m.put(
        "checks",
        checks.stream()
            .map(
                c -> {
                  Map<String, Object> cm = new LinkedHashMap<>();
                  cm.put("checkedAt", c.checkedAt().toString());
                  cm.put("state", c.state().name());
                  cm.put(
                      "httpStatus", c.httpStatus().isPresent() ? c.httpStatus().getAsInt() : null);
                  cm.put("reason", c.reason());
                  cm.put("detail", c.detail());
                  cm.put("seedUrl", c.seedUrl().orElse(null));
                  cm.put("seedSha256", c.seedSha256().orElse(null));
                  cm.put("pages", c.pages());
                  return cm;
                })
            .toList());
    return m;
  }
}
