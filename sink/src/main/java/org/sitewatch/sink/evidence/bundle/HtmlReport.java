package org.sitewatch.sink.evidence.bundle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.jurisdiction.Route;
import org.sitewatch.sink.jurisdiction.Routing;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;

/**
 * The readable report of a bundle. Self-contained on purpose: no scripts, images, fonts or links (a
 * case file must not reach out to the suspect site when opened), URLs shown as text, and every
 * piece of text escaped, control characters included, since snippets are whatever the site chose to
 * publish: it is written through {@link Html}, which escapes every text it is given.
 */
final class HtmlReport {
  private HtmlReport() {}

  static String render(
      Lead lead,
      List<LeadEvent> history,
      List<CustodyEntry> custody,
      String sitewatchVersion,
      Optional<Routing> routing,
      BundleWarc warc) {
    return render(
        lead, history, custody, sitewatchVersion, routing, warc, Optional.empty(), List.of());
  }

  static String render(
      Lead lead,
      List<LeadEvent> history,
      List<CustodyEntry> custody,
      String sitewatchVersion,
      Optional<Routing> routing,
      BundleWarc warc,
      Optional<org.sitewatch.sink.operations.Operation> operation,
      List<org.sitewatch.sink.lead.RepeatLink> repeatLinks) {
    Html h = Html.document("Evidence report: " + lead.site());
    h.heading(1, "Evidence report: " + lead.site());
    h.table(
        List.of("field", "value"),
        List.of(
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

    h.heading(2, "Why these conducts");
    if (lead.conductsWithReasons().isEmpty()) {
      h.paragraph("The lead names no conduct.");
    } else {
      List<List<String>> reasonRows = new ArrayList<>();
      for (String conduct : lead.conductsWithReasons()) {
        List<ConductReason> reasons = lead.reasonsFor(conduct);
        if (reasons.isEmpty()) {
          reasonRows.add(List.of(conduct, "", "no reasons recorded", ""));
        }
        for (ConductReason r : reasons) {
          reasonRows.add(List.of(conduct, r.signal(), r.snippet(), r.url()));
        }
      }
      h.table(List.of("conduct", "signal", "evidence", "page"), reasonRows);
    }

    h.heading(2, "Signals");
    h.table(
        List.of("signal", "category", "weight", "count", "matched text", "page"),
        lead.signals().stream().map(HtmlReport::row).toList());

    h.heading(2, "Pages");
    List<List<String>> pageRows = new ArrayList<>();
    for (int i = 0; i < lead.pages().size(); i++) {
      List<String> row = new ArrayList<>(row(lead.pages().get(i)));
      row.add(i < warc.pages().size() ? warcCell(warc.pages().get(i)) : "");
      pageRows.add(row);
    }
    h.table(List.of("URL", "score", "body SHA-256", "fetched at", "WARC records"), pageRows);
    for (String note : warc.notes()) {
      h.paragraph(note);
    }

    h.heading(2, "Jurisdiction");
    if (routing.isEmpty()) {
      h.paragraph("This lead has not been routed to any bureau yet.");
    } else {
      h.table(
          List.of("bureau", "region code", "contact", "basis", "indications"),
          routing.get().routes().stream().map(HtmlReport::row).toList());
      h.heading(3, "Conflicts");
      h.table(
          List.of("kind", "detail"),
          routing.get().conflicts().stream()
              .map(c -> List.of(c.kind().name(), c.detail()))
              .toList());
    }

    h.heading(2, "Operator network");
    if (operation.isEmpty()) {
      h.paragraph("This lead shares no strong identifier with another lead.");
    } else {
      h.paragraph(
          "Operation "
              + operation.get().id()
              + ": "
              + operation.get().members().size()
              + " leads.");
      h.table(
          List.of("lead", "site", "status"),
          operation.get().members().stream()
              .map(m -> List.of(Long.toString(m.leadId()), m.site(), m.status().name()))
              .toList());
      h.table(
          List.of("shared identifier", "value", "leads"),
          operation.get().links().stream()
              .map(l -> List.of(l.type(), l.value(), l.leadIds().toString()))
              .toList());
    }
    h.heading(3, "Repeat offender");
    if (repeatLinks.isEmpty()) {
      h.paragraph("No link to a confirmed, referred or closed lead.");
    } else {
      h.table(
          List.of("related lead", "site", "status", "basis", "explanation"),
          repeatLinks.stream()
              .map(
                  r ->
                      List.of(
                          Long.toString(r.relatedLeadId()),
                          r.relatedSite(),
                          r.relatedStatus().name(),
                          r.basis().name(),
                          r.explain()))
              .toList());
    }

    h.heading(2, "Identifiers");
    h.table(
        List.of("type", "value", "context", "page", "attributes"),
        lead.identifiers().stream().map(HtmlReport::row).toList());

    h.heading(2, "Findings");
    h.table(
        List.of("kind", "detail", "evidence", "page"),
        lead.findings().stream().map(HtmlReport::row).toList());

    h.heading(2, "Lead history");
    h.table(
        List.of("at", "change", "verdict revision", "score"),
        history.stream()
            .map(
                e ->
                    List.of(
                        time(e.at()),
                        e.kind().name(),
                        Long.toString(e.revision()),
                        String.format(Locale.ROOT, "%.3f", e.score())))
            .toList());

    h.heading(2, "Custody timeline");
    h.table(
        List.of("seq", "at", "actor", "action", "details", "hash"),
        custody.stream()
            .map(
                e ->
                    List.of(
                        Long.toString(e.seq()),
                        time(e.at()),
                        e.actor(),
                        e.action(),
                        e.details(),
                        e.hash()))
            .toList());
    h.paragraph(
        p ->
            p.text("This export is recorded as the last entry of ")
                .code("custody.jsonl")
                .text("; ")
                .code("manifest.json")
                .text(" lists the SHA-256 of every file of the bundle. ")
                .text("Check the bundle with ")
                .code("sitewatch evidence verify FILE.zip")
                .text("."));
    return h.end();
  }

  private static List<String> row(SignalHit s) {
    return List.of(
        s.id(),
        s.category(),
        String.format(Locale.ROOT, "%.3f", s.weight()),
        Integer.toString(s.count()),
        s.snippet(),
        s.url());
  }

  private static List<String> row(PageRef p) {
    return List.of(
        p.url(),
        String.format(Locale.ROOT, "%.3f", p.score()),
        p.bodySha256() == null ? "" : p.bodySha256(),
        time(p.fetchedAt()));
  }

  private static String warcCell(BundleWarc.Page page) {
    if (!page.status().equals(BundleWarc.INCLUDED)) {
      return (page.status().equals(BundleWarc.NOT_CAPTURED) ? "not captured: " : "not available: ")
          + page.reason();
    }
    StringBuilder cell = new StringBuilder(BundleWarc.FILE);
    for (BundleWarc.Placed r : page.records()) {
      cell.append("; ")
          .append(r.type())
          .append(' ')
          .append(r.id())
          .append(" at offset ")
          .append(r.offset())
          .append(" (stored in ")
          .append(r.sourceFile())
          .append(" at ")
          .append(r.sourceOffset())
          .append(')');
    }
    return cell.toString();
  }

  private static List<String> row(Route r) {
    return List.of(
        r.bureau().name(),
        r.regionCode(),
        r.bureau().contact(),
        r.bases().stream().map(Enum::name).collect(java.util.stream.Collectors.joining(", ")),
        r.evidence().stream()
            .map(e -> e.basis().name() + " " + e.regionCode() + " (" + e.source() + ")")
            .collect(java.util.stream.Collectors.joining("; ")));
  }

  private static List<String> row(Identifier i) {
    StringBuilder attributes = new StringBuilder();
    for (Map.Entry<String, String> a : new java.util.TreeMap<>(i.attributes()).entrySet()) {
      attributes
          .append(attributes.length() == 0 ? "" : "; ")
          .append(a.getKey())
          .append('=')
          .append(a.getValue());
    }
    return List.of(i.type(), i.value(), i.snippet(), i.url(), attributes.toString());
  }

  private static List<String> row(Finding f) {
    return List.of(f.kind(), f.detail(), f.snippet(), f.url());
  }

  private static String time(Instant at) {
    return at.toString();
  }
}
