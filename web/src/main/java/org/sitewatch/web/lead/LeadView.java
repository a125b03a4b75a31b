package org.sitewatch.web.lead;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.web.data.LeadDetail;

/**
 * What the lead page template gets besides the page context: the lead, its signals with their
 * snippets cut into marked and unmarked segments, and what the viewer may do now.
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
