package org.sitewatch.sink.evidence.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.events.Json;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.jurisdiction.Routing;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.operations.Operations;

/** The JSON files of a bundle as exported: {@code lead.json} and {@code manifest.json}. */
final class BundleJson {
  private static final ObjectWriter PRETTY =
      Json.mapper()
          .copy()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writer(
              new DefaultPrettyPrinter()
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private BundleJson() {}

  /** {@code lead.json}: the lead, its history, jurisdiction, WARC status and operator network. */
  static String lead(
      Lead lead,
      List<LeadEvent> history,
      Optional<Routing> routing,
      BundleWarc warc,
      Operations operations)
      throws JsonProcessingException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "sitewatch-lead/1");
    doc.put("lead", lead);
    doc.put("history", history);
    Map<String, Object> jurisdiction = new LinkedHashMap<>();
    jurisdiction.put("routed", routing.isPresent());
    jurisdiction.put("routes", routing.map(Routing::routes).orElse(List.of()));
    jurisdiction.put("conflicts", routing.map(Routing::conflicts).orElse(List.of()));
    doc.put("jurisdiction", jurisdiction);
    doc.put("warc", warc.json());
    // operator network: the operation the lead belongs to and why it is a repeat offender
    doc.put("operation", operations.ofLead(lead.id()).orElse(null));
    doc.put(
        "repeatLinks", operations.repeatLinks(lead.id()).stream().map(RepeatLink::toMap).toList());
    return PRETTY.writeValueAsString(doc) + "\n";
  }

  /** {@code manifest.json}: format, version, export time, lead, and every other file's digest. */
  static byte[] manifest(
      Lead lead, CustodyEntry exported, String sitewatchVersion, Map<String, FileDigest> digests)
      throws JsonProcessingException {
    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.put("format", BundleLayout.FORMAT);
    manifest.put("sitewatch_version", sitewatchVersion);
    manifest.put("created_at", CustodyEntry.formatAt(exported.at()));
    manifest.put("lead_id", exported.leadId());
    manifest.put("site", lead.site());
    manifest.set("files", FileDigest.fileList(digests, null));
    return (PRETTY.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
