package org.sitewatch.infra.cli.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sitewatch.events.Json;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.operations.OperationStats;
import org.sitewatch.sink.stats.CampaignStats;
import org.sitewatch.sink.stats.LeadStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sitewatch stats}: campaign figures from the lead database. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Campaign figures: leads by status, conduct, priority flag, severity and bureau; time to confirmation; reopenings; time from first fetch to lead; time from confirmation to takedown and recrawl check states; operations and their sizes; tips (reports by channel, tips by status, share that became leads, tip to lead, top reported sites).")
public final class StatsCommand extends LeadDatabase {
  @Option(names = "--json", description = "As one JSON object.")
  boolean json;

  @Override
  int run(Database db) {
    LeadStats figures = new LeadStats(db.dataSource());
    CampaignStats stats = figures.compute();
    OperationStats operations = OperationCommand.operations(db, this).stats();
    TipFigures tips = new TipFigures(figures.tips());
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(withOperationsAndTips(stats.toJson(), operations, tips));
    } else {
      out.print(stats.toText());
      out.print(operations.toText());
      out.print(tips.toText());
    }
    out.flush();
    return 0;
  }

  /** The campaign figures' JSON object with {@code operations} and {@code tips} members added. */
  static String withOperationsAndTips(String json, OperationStats operations, TipFigures tips) {
    try {
      var tree = (ObjectNode) Json.mapper().readTree(json);
      tree.set("operations", Json.mapper().valueToTree(operations.toMap()));
      tree.set("tips", Json.mapper().valueToTree(tips.toMap()));
      return Json.mapper().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot add operation and tip figures to the JSON", e);
    }
  }
}
