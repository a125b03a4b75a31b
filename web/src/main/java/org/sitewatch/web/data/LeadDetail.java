package org.sitewatch.web.data;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.sink.jurisdiction.Basis;
import org.sitewatch.sink.jurisdiction.Conflict;
import org.sitewatch.sink.jurisdiction.Indication;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.RepeatLink;
import org.sitewatch.sink.recrawl.LeadCheck;
import org.sitewatch.sink.recrawl.LeadChecks;

/**
 * Everything the lead page shows of one lead, as one viewer may see it ({@link LeadDetails#find}).
 * Leads of other bureaus that the lead is linked to (operation members, repeat-offender links) are
 * left out and only counted.
 *
 * @param leadCase the lead, its evidence (score, conducts, signals, pages) and review state; its
 *     {@code repeatOf} lists only leads the viewer may see
 * @param identifiers the lead's identifiers, each with every page it was seen on
 * @param jurisdiction the bureaus the lead is routed to and the conflicts found
 * @param operation the operator network the lead belongs to, if any
 * @param repeatLinks why the lead is a repeat offender (links to leads the viewer may see)
 * @param hiddenRepeatLinks links to leads of other bureaus, not shown
 * @param checkSummary where the lead's recrawl checks stand
 * @param checks the newest recrawl checks, newest first (at most {@link LeadDetails#CHECKS_SHOWN})
 * @param timeline verdicts, review actions and notes, and custody entries, newest first (at most
 *     {@link LeadDetails#TIMELINE_SHOWN})
 * @param olderEntries how many older timeline entries are not in {@code timeline}
 */
public record LeadDetail(
    LeadCase leadCase,
    List<IdentifierSeen> identifiers,
    Jurisdiction jurisdiction,
    Optional<OperationView> operation,
    List<RepeatLink> repeatLinks,
    int hiddenRepeatLinks,
    Optional<LeadChecks.Summary> checkSummary,
    List<LeadCheck> checks,
    List<TimelineEntry> timeline,
    long olderEntries) {
  public LeadDetail {
    Objects.requireNonNull(leadCase, "leadCase");
    identifiers = List.copyOf(identifiers);
    Objects.requireNonNull(jurisdiction, "jurisdiction");
    operation = operation == null ? Optional.empty() : operation;
    repeatLinks = List.copyOf(repeatLinks);
    checkSummary = checkSummary == null ? Optional.empty() : checkSummary;
    checks = List.copyOf(checks);
    timeline = List.copyOf(timeline);
  }

  public long id() {
    return leadCase.lead().id();
  }

  public LeadStatus status() {
    return leadCase.lead().status();
  }

  /**
   * An identifier of the lead (type, value) and where it was seen.
   *
   * @param strong whether it links leads ({@code IdentifierStrength})
   * @param ignored whether it is on the ignore list (it then links nothing)
   * @param urls the pages it was seen on ({@code lead_identifier.urls} and the verdict's)
   * @param snippets the text around it on those pages
   * @param attributes derived facts (province, area code, consistency)
   */
  public record IdentifierSeen(
      String type,
      String value,
      boolean strong,
      boolean ignored,
      List<String> urls,
      List<String> snippets,
      Map<String, String> attributes) {
    public IdentifierSeen {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      urls = List.copyOf(urls);
      snippets = List.copyOf(snippets);
      attributes = Map.copyOf(attributes);
    }
  }

  /**
   * A bureau the lead is routed to ({@code lead_route}).
   *
   * @param bases why, in {@link Basis} order
   * @param evidence the indications behind the bases
   */
  public record BureauRoute(
      String bureau,
      String regionCode,
      String contact,
      List<Basis> bases,
      List<Indication> evidence) {
    public BureauRoute {
      Objects.requireNonNull(bureau, "bureau");
      Objects.requireNonNull(regionCode, "regionCode");
      contact = contact == null ? "" : contact;
      bases = List.copyOf(bases);
      evidence = List.copyOf(evidence);
    }
  }

  /**
   * The lead's routing ({@code lead_route}, {@code lead_jurisdiction}).
   *
   * @param computedAt when the conflicts were last computed; empty if the lead was never routed by
   *     the sink's tables
   */
  public record Jurisdiction(
      List<BureauRoute> routes, List<Conflict> conflicts, Optional<Instant> computedAt) {
    public Jurisdiction {
      routes = List.copyOf(routes);
      conflicts = List.copyOf(conflicts);
      computedAt = computedAt == null ? Optional.empty() : computedAt;
    }
  }

  /**
   * The operation (operator network) of the lead.
   *
   * @param id the operation's id (its smallest lead id)
   * @param size how many leads it has in all bureaus
   * @param members the members the viewer may see, by id (at most {@link
   *     LeadDetails#MEMBERS_SHOWN})
   * @param visibleMembers how many members the viewer may see
   */
  public record OperationView(long id, long size, List<Member> members, long visibleMembers) {
    public OperationView {
      members = List.copyOf(members);
    }

    /** Members in bureaus the viewer does not see. */
    public long hiddenMembers() {
      return size - visibleMembers;
    }
  }

  /** A lead of an operation. */
  public record Member(long leadId, String site, LeadStatus status) {}

  /** Where a timeline entry comes from. */
  public enum Source {
    /** A verdict applied by the sink ({@code lead_event}). */
    VERDICT,
    /** A review action or note ({@code lead_action}). */
    ACTION,
    /** An entry of the custody log ({@code custody_entry}). */
    CUSTODY
  }

  /**
   * One entry of the lead's timeline.
   *
   * @param kind what happened: {@code OPENED}/{@code UPDATED} for a verdict, the history kind of an
   *     action ({@code TRIAGED}, {@code NOTED}...), the custody action ({@code EXPORTED}...)
   * @param actor who: an account name, {@code sink}, a command
   * @param from the status before an action
   * @param to the status after an action
   * @param reason a dismissal's reason
   * @param note an action's note
   * @param assignee an assignment's assignee
   * @param detail a verdict's revision and score, a custody entry's sequence number, hash and
   *     details
   */
  public record TimelineEntry(
      Source source,
      Instant at,
      String kind,
      String actor,
      Optional<LeadStatus> from,
      Optional<LeadStatus> to,
      Optional<String> reason,
      String note,
      Optional<String> assignee,
      String detail) {
    public TimelineEntry {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(kind, "kind");
      actor = actor == null ? "" : actor;
      from = from == null ? Optional.empty() : from;
      to = to == null ? Optional.empty() : to;
      reason = reason == null ? Optional.empty() : reason;
      note = note == null ? "" : note;
      assignee = assignee == null ? Optional.empty() : assignee;
      detail = detail == null ? "" : detail;
    }
  }
}
