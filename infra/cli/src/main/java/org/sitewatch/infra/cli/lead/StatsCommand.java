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
        "Campaign figures: leads by status, conduct, priority flag, severity and bureau; time to confirmation; reopenings; time from first fetch to lead; time from confirmation to takedown and recrawl check states; operations and their sizes.")
public final class StatsCommand extends LeadDatabase {
  @Option(names = "--json", description = "As one JSON object.")
  boolean json;

  @Override
  int run(Database db) {
    CampaignStats stats = new LeadStats(db.dataSource()).compute();
    OperationStats operations = OperationCommand.operations(db, this).stats();
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(withOperations(stats.toJson(), operations));
    } else {
      out.print(stats.toText());
      out.print(operations.toText());
    }
    out.flush();
    return 0;
  }

  /** The campaign figures' JSON object with an {@code operations} member added. */
  static String withOperations(String json, OperationStats operations) {
    try {
      var tree = (ObjectNode) Json.mapper().readTree(json);
      tree.set("operations", Json.mapper().valueToTree(operations.toMap()));
      return Json.mapper().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot add operation figures to the JSON", e);
    }
  }
}
