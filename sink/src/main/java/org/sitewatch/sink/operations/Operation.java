package org.sitewatch.sink.operations;

import java.util.List;
import java.util.Objects;
import org.sitewatch.sink.lead.LeadStatus;

/**
 * Leads linked by shared strong, not ignored identifiers: one connected component of two or more
 * leads, which analysts treat as one operator's network.
 *
 * @param id the smallest lead id of the component (stable while that lead stays in it)
 * @param members the leads, by id
 * @param links the identifiers shared by two or more members, which hold it together
 */
public record Operation(long id, List<Member> members, List<SharedIdentifier> links) {
  /** A lead of an operation. */
  public record Member(long leadId, String site, LeadStatus status) {
    public Member {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(status, "status");
    }
  }

  /** A strong identifier held by several members, and which ones. */
  public record SharedIdentifier(String type, String value, List<Long> leadIds) {
    public SharedIdentifier {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      leadIds = List.copyOf(leadIds);
    }
  }

  public Operation {
    members = List.copyOf(members);
    links = List.copyOf(links);
    if (members.size() < 2) {
      throw new IllegalArgumentException("an operation has at least two leads: " + members);
    }
  }

  /** How many leads it has. */
  public int size() {
    return members.size();
  }
}
