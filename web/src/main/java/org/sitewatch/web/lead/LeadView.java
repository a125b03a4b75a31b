package org.sitewatch.web.lead;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.web.data.LeadDetail;

/**
 * What the lead page template gets besides the page context: the lead, its signals with their
 * snippets cut into marked and unmarked segments, the evidence behind each conduct, and what the
 * viewer may do now.
 *
 * @param actions the actions the viewer's role may perform and the lifecycle allows from the status
 *     shown, in {@link LeadAction} order
 * @param assignees the accounts the lead may be assigned to (empty unless the viewer may assign)
 * @param evidence whether the viewer may download the evidence bundle (role and workbench)
 */
public record LeadView(
    LeadDetail detail,
    List<SignalRow> signals,
    Set<LeadAction> actions,
    List<String> assignees,
    boolean evidence) {
  public LeadView {
    Objects.requireNonNull(detail, "detail");
    signals = List.copyOf(signals);
    actions = Set.copyOf(actions);
    assignees = List.copyOf(assignees);
  }

  /** A signal and its snippet as segments. */
  public record SignalRow(SignalHit hit, List<Highlighter.Segment> segments) {
    public SignalRow {
      segments = List.copyOf(segments);
    }
  }

  /**
   * The conducts with the evidence behind each (the lead's conducts, then any only a reason names).
   *
   * @param reasons the reasons, each with the captured page it was found on when the lead keeps
   *     that page
   */
  public record ConductRow(String conduct, List<ReasonRow> reasons) {
    public ConductRow {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * A reason and where the lead page can show its page.
   *
   * @param pageEntry the index of the reason's page among the lead's pages (the captured copy at
   *     {@code /leads/{id}/pages/{entry}}), or -1 when the lead has no capture of it
   */
  public record ReasonRow(ConductReason reason, int pageEntry) {
    public boolean captured() {
      return pageEntry >= 0;
    }
  }

  public List<ConductRow> conducts() {
    Lead lead = detail.leadCase().lead();
    List<String> pageUrls = lead.pages().stream().map(PageRef::url).toList();
    List<ConductRow> rows = new ArrayList<>();
    for (String conduct : lead.conductsWithReasons()) {
      List<ReasonRow> reasons = new ArrayList<>();
      for (ConductReason r : lead.reasonsFor(conduct)) {
        reasons.add(new ReasonRow(r, r.url().isEmpty() ? -1 : pageUrls.indexOf(r.url())));
      }
      rows.add(new ConductRow(conduct, reasons));
    }
    return rows;
  }

  /** The actions as buttons, in lifecycle order. */
  public List<LeadAction> buttons() {
    return java.util.Arrays.stream(LeadAction.values()).filter(actions::contains).toList();
  }

  public boolean may(LeadAction action) {
    return actions.contains(action);
  }

  public List<DismissReason> reasons() {
    return List.of(DismissReason.values());
  }
}
