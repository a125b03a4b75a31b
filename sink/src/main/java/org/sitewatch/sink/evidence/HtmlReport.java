package org.sitewatch.sink.evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.jurisdiction.Route;
import org.sitewatch.sink.jurisdiction.Routing;

/**
 * The readable report of a bundle. Self-contained on purpose: no scripts, images, fonts or links
 * (a case file must not reach out to the suspect site when opened), URLs shown as text, and every
 * piece of text escaped, control characters included, since snippets are whatever the site chose
 * to publish.
 */
final class HtmlReport {
  private static final String STYLE =
      "body{font-family:sans-serif;margin:2em;max-width:70em}"
          + "table{border-collapse:collapse;margin-bottom:1.5em}"
          + "td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top;text-align:left}"
          + "code,.hash{font-family:monospace;word-break:break-all}";

  private HtmlReport() {}

  static String render(Lead lead, List<LeadEvent> history, List<CustodyEntry> custody,
      String sitewatchVersion, Optional<Routing> routing, BundleWarc warc) {
    return render(lead, history, custody, sitewatchVersion, routing, warc, Optional.empty(),
        List.of());
  }

  static String render(Lead lead, List<LeadEvent> history, List<CustodyEntry> custody,
      String sitewatchVersion, Optional<Routing> routing, BundleWarc warc,
      Optional<org.sitewatch.sink.operations.Operation> operation,
      List<org.sitewatch.sink.lead.RepeatLink> repeatLinks) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Evidence report: ").append(esc(lead.site())).append("</title>\n")
        .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    h.append("<h1>Evidence report: ").append(esc(lead.site())).append("</h1>\n");
    table(h, List.of("field", "value"), List.of(
        List.of("lead", Long.toString(lead.id())),
        List.of("site", lead.site()),
        List.of("status", lead.status().name()),
        List.of("score", String.format(Locale.ROOT, "%.3f", lead.score())),
        List.of("conducts", String.join(", ", lead.conducts())),
        List.of("categories", String.join(", ", lead.categories())),
        List.of("verdict revision", Long.toString(lead.revision())),
        List.of("lexicon version", lead.lexiconVersion()),
        List.of("first flagged", time(lead.firstFlaggedAt())),
        List.of("last updated", time(lead.updatedAt())),
        List.of("produced by", "Sitewatch " + sitewatchVersion)));

    h.append("<h2>Signals</h2>\n");
    table(h, List.of("signal", "category", "weight", "count", "matched text", "page"),
        lead.signals().stream().map(HtmlReport::row).toList());

    h.append("<h2>Pages</h2>\n");
    List<List<String>> pageRows = new ArrayList<>();
    for (int i = 0; i < lead.pages().size(); i++) {
      List<String> row = new ArrayList<>(row(lead.pages().get(i)));
      row.add(i < warc.pages().size() ? warcCell(warc.pages().get(i)) : "");
      pageRows.add(row);
    }
    table(h, List.of("URL", "score", "body SHA-256", "fetched at", "WARC records"), pageRows);
    for (String note : warc.notes()) {
      h.append("<p>").append(esc(note)).append("</p>\n");
    }

    h.append("<h2>Jurisdiction</h2>\n");
    if (routing.isEmpty()) {
      h.append("<p>This lead has not been routed to any bureau yet.</p>\n");
    } else {
      table(h, List.of("bureau", "region code", "contact", "basis", "indications"),
          routing.get().routes().stream().map(HtmlReport::row).toList());
      h.append("<h3>Conflicts</h3>\n");
      table(h, List.of("kind", "detail"), routing.get().conflicts().stream()
          .map(c -> List.of(c.kind().name(), c.detail())).toList());
    }

    h.append("<h2>Operator network</h2>\n");
    if (operation.isEmpty()) {
      h.append("<p>This lead shares no strong identifier with another lead.</p>\n");
    } else {
      h.append("<p>Operation ").append(operation.get().id()).append(": ")
          .append(operation.get().members().size()).append(" leads.</p>\n");
      table(h, List.of("lead", "site", "status"), operation.get().members().stream()
          .map(m -> List.of(Long.toString(m.leadId()), m.site(), m.status().name())).toList());
      table(h, List.of("shared identifier", "value", "leads"), operation.get().links().stream()
          .map(l -> List.of(l.type(), l.value(), l.leadIds().toString())).toList());
    }
    h.append("<h3>Repeat offender</h3>\n");
    if (repeatLinks.isEmpty()) {
      h.append("<p>No link to a confirmed, referred or closed lead.</p>\n");
    } else {
      table(h, List.of("related lead", "site", "status", "basis", "explanation"),
          repeatLinks.stream().map(r -> List.of(Long.toString(r.relatedLeadId()), r.relatedSite(),
              r.relatedStatus().name(), r.basis().name(), r.explain())).toList());
    }

    h.append("<h2>Identifiers</h2>\n");
    table(h, List.of("type", "value", "context", "page", "attributes"),
        lead.identifiers().stream().map(HtmlReport::row).toList());

    h.append("<h2>Findings</h2>\n");
    table(h, List.of("kind", "detail", "evidence", "page"),
        lead.findings().stream().map(HtmlReport::row).toList());

    h.append("<h2>Lead history</h2>\n");
    table(h, List.of("at", "change", "verdict revision", "score"),
        history.stream().map(e -> List.of(time(e.at()), e.kind().name(),
            Long.toString(e.revision()), String.format(Locale.ROOT, "%.3f", e.score()))).toList());

    h.append("<h2>Custody timeline</h2>\n");
    table(h, List.of("seq", "at", "actor", "action", "details", "hash"),
        custody.stream().map(e -> List.of(Long.toString(e.seq()), time(e.at()), e.actor(),
            e.action(), e.details(), e.hash())).toList());
    h.append("<p>This export is recorded as the last entry of <code>custody.jsonl</code>; ")
        .append("<code>manifest.json</code> lists the SHA-256 of every file of the bundle. ")
        .append("Check the bundle with <code>sitewatch evidence verify FILE.zip</code>.</p>\n");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static List<String> row(SignalHit s) {
    return List.of(s.id(), s.category(), String.format(Locale.ROOT, "%.3f", s.weight()),
        Integer.toString(s.count()), s.snippet(), s.url());
  }

  private static List<String> row(PageRef p) {
    return List.of(p.url(), String.format(Locale.ROOT, "%.3f", p.score()),
        p.bodySha256() == null ? "" : p.bodySha256(), time(p.fetchedAt()));
  }

  private static String warcCell(BundleWarc.Page page) {
    if (!page.status().equals(BundleWarc.INCLUDED)) {
      return (page.status().equals(BundleWarc.NOT_CAPTURED) ? "not captured: " : "not available: ")
          + page.reason();
    }
    StringBuilder cell = new StringBuilder(BundleWarc.FILE);
    for (BundleWarc.Placed r : page.records()) {
      cell.append("; ").append(r.type()).append(' ').append(r.id()).append(" at offset ").append(r.offset())
          .append(" (stored in ").append(r.sourceFile()).append(" at ").append(r.sourceOffset()).append(')');
    }
    return cell.toString();
  }

  private static List<String> row(Route r) {
    return List.of(r.bureau().name(), r.regionCode(), r.bureau().contact(),
        r.bases().stream().map(Enum::name).collect(java.util.stream.Collectors.joining(", ")),
        r.evidence().stream().map(e -> e.basis().name() + " " + e.regionCode() + " (" + e.source() + ")")
            .collect(java.util.stream.Collectors.joining("; ")));
  }

  private static List<String> row(Identifier i) {
    StringBuilder attributes = new StringBuilder();
    for (Map.Entry<String, String> a : new java.util.TreeMap<>(i.attributes()).entrySet()) {
      attributes.append(attributes.length() == 0 ? "" : "; ").append(a.getKey()).append('=')
          .append(a.getValue());
    }
    return List.of(i.type(), i.value(), i.snippet(), i.url(), attributes.toString());
  }

  private static List<String> row(Finding f) {
    return List.of(f.kind(), f.detail(), f.snippet(), f.url());
  }

  private static void table(StringBuilder h, List<String> headers, List<List<String>> rows) {
    if (rows.isEmpty()) {
      h.append("<p>none</p>\n");
      return;
    }
    h.append("<table>\n<tr>");
    for (String header : headers) {
      h.append("<th>").append(esc(header)).append("</th>");
    }
    h.append("</tr>\n");
    for (List<String> row : rows) {
      h.append("<tr>");
      for (String cell : row) {
        h.append("<td>").append(esc(cell)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static String time(Instant at) {
    return at.toString();
  }

  /**
   * Escapes text for element content and quoted attribute values alike; control, bidi and line
   * separator characters are shown as visible text ({@link Printable}), never passed on raw.
   */
  static String esc(String raw) {
    String text = Printable.of(raw);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
