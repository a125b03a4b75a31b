package org.sitewatch.infra.cli.lead;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.jurisdiction.Conflict;
import org.sitewatch.sink.jurisdiction.JurisdictionRouter;
import org.sitewatch.sink.jurisdiction.JurisdictionTables;
import org.sitewatch.sink.jurisdiction.Route;
import org.sitewatch.sink.jurisdiction.RouteStore;
import org.sitewatch.sink.jurisdiction.Routing;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.workflow.LeadWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sitewatch lead route}: routes one lead with the given tables (the demo sample where none
 * is given), stores the routing with the lead and prints every bureau with its bases and every
 * conflict.
 */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    description =
        "Route a lead to every competent bureau, with the basis for each and any conflicts.")
final class LeadRouteCommand extends LeadDatabase {
  @Parameters(paramLabel = "SITE_OR_ID")
  String lead;

  @Option(
      names = "--bureaus",
      paramLabel = "FILE",
      description =
          "Bureau directory CSV (region_code,bureau_name,contact); default: the demo sample.")
  Path bureaus;

  @Option(
      names = "--ranges",
      paramLabel = "FILE",
      description =
          "Address ranges CSV (cidr,region_code); default: the demo sample (loopback and documentation ranges).")
  Path ranges;

  @Option(
      names = "--registrants",
      paramLabel = "FILE",
      description = "Registrant data CSV (site,region_code,source); default: none.")
  Path registrants;

  @Option(names = "--json", description = "As one JSON object.")
  boolean json;

  @Override
  int run(Database db) {
    PrintWriter out = spec.commandLine().getOut();
    // flags win over the sink.*-file configuration keys
    JurisdictionTables tables =
        JurisdictionTables.load(
            Optional.ofNullable(bureaus).or(() -> cfg.jurisdiction().bureaus()),
            Optional.ofNullable(ranges).or(() -> cfg.jurisdiction().addressRanges()),
            Optional.ofNullable(registrants).or(() -> cfg.jurisdiction().registrants()));
    Optional<LeadCase> found =
        new LeadWorkflow(db.dataSource(), Clock.systemUTC(), cfg.sink().review()).find(lead);
    if (found.isEmpty()) {
      spec.commandLine().getErr().println("sitewatch lead route: no lead " + lead);
      return 1;
    }
    var l = found.get().lead();
    Routing routing =
        new RouteStore(db.dataSource(), new JurisdictionRouter(tables), Clock.systemUTC())
            .recompute(l);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", l.id());
      m.put("site", l.site());
      m.put("tables", tables.description());
      m.put("routes", routing.routes());
      m.put("conflicts", routing.conflicts());
      out.println(LeadCommand.write(m));
    } else {
      out.printf("lead %d  %s%n", l.id(), l.site());
      out.printf("  tables    %s%n", tables.description());
      for (Route r : routing.routes()) {
        out.printf(
            "  bureau    %s (%s)%s%n",
            r.bureau().name(),
            r.regionCode(),
            r.bureau().contact().isEmpty() ? "" : "  " + r.bureau().contact());
        out.printf(
            "    basis   %s%n", String.join(", ", r.bases().stream().map(Enum::name).toList()));
        r.evidence()
            .forEach(
                i -> out.printf("      %-14s %s  %s%n", i.basis(), i.regionCode(), i.source()));
      }
      if (routing.conflicts().isEmpty()) {
        out.println("  conflicts none");
      }
      for (Conflict c : routing.conflicts()) {
        out.printf("  conflict  %s: %s%n", c.kind(), c.detail());
      }
    }
    out.flush();
    return 0;
  }
}
