package org.sitewatch.infra.cli;

import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.CampaignStats;
import org.sitewatch.sink.LeadStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sitewatch stats}: campaign figures from the lead database. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Campaign figures: leads by status, conduct, priority flag, severity and bureau; time to confirmation; reopenings; time from first fetch to lead; time from confirmation to takedown and recrawl check states.")
final class StatsCommand extends LeadDatabase {
  @Option(names = "--json", description = "As one JSON object.")
  boolean json;

  @Override
  int run(Database db) {
    CampaignStats stats = new LeadStats(db.dataSource()).compute();
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(stats.toJson());
    } else {
      out.print(stats.toText());
    }
    out.flush();
    return 0;
  }
}
